// The trained model leaves the page as model.py + model.npz; PyTorch (Debian's python3-torch,
// when installed) runs model.py, which loads model.npz, and must give the worker's logits.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { toyDataset } from '../../../web/src/data/toy';
import { linearValuesFromParameters } from '../../../web/src/learn/trained-weights';
import { WEIGHTS_FILE, toPyTorchTrained, weightsNpz } from '../../../web/src/model/export/export-weights';
import { layerSpecs, modelFromSpecs } from '../../../web/src/model/network/network';
import { Trainer } from '../../../web/src/train/worker/trainer';
import { setupFor } from '../train/support';
import { useModule } from '../support/module';
import { PYTHON, hasPython } from './numpy';

const HAS_TORCH = hasPython('torch, numpy', 'apt-get install --no-install-recommends python3-torch', 'the PyTorch load test');
const fx = useModule();

describe('linearValuesFromParameters', () => {
  it("pairs the worker's flat parameter list with the Linear layers and names a layer that does not fit", () => {
    const specs = layerSpecs(modelFromSpecs([{ kind: 'linear', outFeatures: 3, bias: true, init: 'lecun', inFeatures: null }, { kind: 'relu' }, { kind: 'linear', outFeatures: 1, bias: false, init: 'lecun', inFeatures: null }], { input: { batch: 1, features: [2] } }));
    const w0 = new Float32Array(6);
    const b0 = new Float32Array(3);
    const w2 = new Float32Array(3);
    expect(linearValuesFromParameters(specs, [w0, b0, w2]).map((l) => [l.index, l.inFeatures, l.outFeatures, l.bias === null])).toEqual([
      [0, 2, 3, false],
      [2, 3, 1, true],
    ]);
    expect(() => linearValuesFromParameters(specs, [w0, w0, w2])).toThrow('export: layer 0 Linear(2, 3) expects 3 biases, the training run has 6');
    expect(() => linearValuesFromParameters(specs, [w0, b0, w2, w2])).toThrow('the training run has 4 parameter arrays, the network 3');
  });
});

describe('the exported model in PyTorch', () => {
  it.skipIf(!HAS_TORCH)('model.py loads model.npz and, used as it comes, predicts deterministically the logits the page gives', () => {
    const data = toyDataset({ kind: 'moons', seed: 5, noise: 0.1 });
    const model = modelFromSpecs(
      [
        { kind: 'linear', outFeatures: 16, bias: true, init: 'he', inFeatures: null },
        { kind: 'relu' },
        { kind: 'dropout', p: 0.5 },
        { kind: 'linear', outFeatures: 2, bias: true, init: 'xavier', inFeatures: null },
      ],
      { input: { batch: 8, features: [2] }, training: true },
    );
    const specs = layerSpecs(model);
    const t = new Trainer(fx.ll, setupFor(specs, [2], { dataset: 'moons', lr: 0.02, batchSize: 16 }), data);
    const dir = mkdtempSync(join(tmpdir(), 'layerlab-torch-'));
    try {
      for (let i = 0; i < 80; i++) expect(t.trainStep(false, () => undefined).kind).toBe('ok');
      const logits = t.predict(data.test.x, data.test.n);
      writeFileSync(join(dir, WEIGHTS_FILE), weightsNpz(linearValuesFromParameters(specs, t.parameters())));
      writeFileSync(join(dir, 'model.py'), toPyTorchTrained(model));
      writeFileSync(join(dir, 'x.json'), JSON.stringify([...data.test.x]));
      const script = [
        'import json, runpy, torch',
        'ns = runpy.run_path("model.py")',
        // No eval() here: the exported file must leave the model ready to predict.
        'model = ns["model"]',
        'x = torch.tensor(json.load(open("x.json")), dtype=torch.float32).reshape(-1, 2)',
        'with torch.no_grad():',
        '    first, again = model(x), model(x)',
        'print(json.dumps({"training": model.training, "same": bool(torch.equal(first, again)), "y": first.reshape(-1).tolist()}))',
      ].join('\n');
      const run = JSON.parse(execFileSync(PYTHON, ['-c', script], { cwd: dir, encoding: 'utf8', timeout: 120_000 })) as { training: boolean; same: boolean; y: number[] };
      expect({ training: run.training, same: run.same }).toEqual({ training: false, same: true });
      const out = run.y;
      expect(out).toHaveLength(logits.length);
      let worst = 0;
      out.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - logits[i]!))));
      console.log(`PyTorch vs worker logits: largest difference ${worst.toExponential(2)} over ${out.length} values`);
      expect(worst).toBeLessThan(1e-4);
    } finally {
      t.dispose();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
