// Course-style code runs in the learner's notebook: generated for many networks and run with
// NumPy against tests/python/course_layers.py, a stand-in written from the course's API. It
// must give the page's output shape and parameter count, and follow the page's mode.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { BlockSpec } from '../../../web/src/vocabulary/blocks.ts';
import { courseForward, toCourseStyle } from '../../../web/src/model/export/export-course.ts';
import { parameterCount } from '../../../web/src/model/import/import-preview.ts';
import { type NetworkModel, layerSpecs, modelFromSpecs, resolveShapesLite } from '../../../web/src/model/network/network.ts';
import { PYTHON, hasPython } from '../learn/numpy.ts';

const RUNNER = fileURLToPath(new URL('../../python/run_course.py', import.meta.url));
const HAS_NUMPY = hasPython('numpy', 'apt-get install -y python3-numpy', 'the course-style run tests');

type Ran = { shape: number[]; parameters: number; printed: string[]; same: boolean; dropoutModes: boolean[] } | { error: string };

function runAll(cases: { code: string; forward: string }[]): Ran[] {
  const run = spawnSync(PYTHON, [RUNNER], { input: JSON.stringify(cases), encoding: 'utf8', timeout: 120_000 });
  if (run.status !== 0) throw new Error(`run_course.py failed (status ${run.status}, signal ${run.signal}): ${run.stderr}`);
  return JSON.parse(run.stdout) as Ran[];
}

const parameters = (model: NetworkModel): number => parameterCount(layerSpecs(model));

const small = fc.integer({ min: 1, max: 24 });
const block: fc.Arbitrary<BlockSpec> = fc.oneof(
  fc.record({ kind: fc.constant('linear' as const), outFeatures: small, bias: fc.boolean(), init: fc.constantFrom('lecun' as const, 'xavier' as const, 'he' as const, 'zeros' as const), inFeatures: fc.constant(null) }),
  fc.record({ kind: fc.constant('dropout' as const), p: fc.constantFrom(0, 0.1, 0.5, 0.9) }),
  fc.constantFrom<BlockSpec>({ kind: 'relu' }, { kind: 'sigmoid' }, { kind: 'tanh' }, { kind: 'softmax' }, { kind: 'flatten' }),
);
const network = fc
  .record({ specs: fc.array(block, { maxLength: 8 }), batch: fc.integer({ min: 1, max: 16 }), features: fc.array(small, { minLength: 1, maxLength: 3 }), training: fc.boolean() })
  .map((r) => modelFromSpecs(r.specs, { input: { batch: r.batch, features: r.features }, training: r.training }));

describe.skipIf(!HAS_NUMPY)('course-style code against the course API', () => {
  it("gives the page's shape and parameter count for random networks; evaluation is deterministic, training drops", () => {
    const models = fc.sample(network, { numRuns: 150, seed: 20 });
    const ran = runAll(models.map((m) => ({ code: toCourseStyle(m), forward: courseForward(m).join('\n') })));
    let dropping = 0;
    models.forEach((m, i) => {
      const r = ran[i]!;
      const label = toCourseStyle(m);
      if ('error' in r) throw new Error(`${label}\nfailed:\n${r.error}`);
      const shape = resolveShapesLite(m).output;
      expect(r.shape, label).toEqual(shape);
      expect(r.parameters, label).toBe(parameters(m));
      expect(r.printed, label).toEqual([`(${shape.join(', ')}${shape.length === 1 ? ',' : ''})`, String(parameters(m))]);
      const dropouts = layerSpecs(m).filter((s) => s.kind === 'dropout').length;
      expect(r.dropoutModes, label).toEqual(Array<boolean>(2 * dropouts).fill(m.training));
      if (!m.training) expect(r.same, label).toBe(true);
      if (m.training && layerSpecs(m).some((s) => s.kind === 'dropout' && s.p > 0) && !r.same) dropping++;
    });
    // Training mode with Dropout must mask: most such networks differ between two forwards
    // (not all: a zeros-init Linear after the Dropout hides its mask).
    const training = models.filter((m) => m.training && layerSpecs(m).some((s) => s.kind === 'dropout' && s.p > 0)).length;
    expect(training).toBeGreaterThan(10);
    expect(dropping).toBeGreaterThan(training / 2);
  });

  it("writes the course's missing pieces as runnable code: Flatten, He and Xavier init, no bias", () => {
    const m = modelFromSpecs(
      [
        { kind: 'flatten' },
        { kind: 'linear', outFeatures: 64, bias: false, init: 'he', inFeatures: null },
        { kind: 'tanh' },
        { kind: 'linear', outFeatures: 10, bias: true, init: 'xavier', inFeatures: null },
      ],
      { input: { batch: 4, features: [28, 28] }, training: false },
    );
    const code = toCourseStyle(m);
    expect(code).toContain('class Flatten:');
    expect(code).toContain('layers[1].weight.data = np.random.randn(784, 64) * np.sqrt(2 / 784)  # He normal');
    expect(code).toContain('layers[3].weight.data = np.random.uniform(-1, 1, (64, 10)) * np.sqrt(6 / (64 + 10))  # Xavier uniform');
    expect(code).not.toMatch(/init=|training=True\)|model\.forward\(x, /);
    const [r] = runAll([{ code, forward: courseForward(m).join('\n') }]);
    expect(r).toMatchObject({ shape: [4, 10], parameters: 784 * 64 + 64 * 10 + 10, same: true });
  });

  it("shows why the code does not call model.forward with Dropout: the course's Sequential drops in evaluation mode too", () => {
    const m = modelFromSpecs([{ kind: 'linear', outFeatures: 32, bias: true, init: 'lecun', inFeatures: null }, { kind: 'dropout', p: 0.5 }], { input: { batch: 8, features: [16] }, training: false });
    const [ours, course] = runAll([
      { code: toCourseStyle(m), forward: courseForward(m).join('\n') },
      { code: toCourseStyle(m), forward: 'y = model.forward(x)' },
    ]);
    expect(ours).toMatchObject({ same: true, dropoutModes: [false, false] });
    expect(course).toMatchObject({ same: false, dropoutModes: [false, true] });
  });

  it("raises where the page reports a shape error, and the code says so", () => {
    const m = modelFromSpecs([{ kind: 'linear', outFeatures: 8, bias: true, init: 'lecun', inFeatures: 5 }], { input: { batch: 2, features: [3] } });
    const code = toCourseStyle(m);
    expect(code).toContain('# Raises, as the page reports: layer 0 expects 5 features and gets 3');
    const [r] = runAll([{ code, forward: courseForward(m).join('\n') }]);
    expect(r).toHaveProperty('error', expect.stringMatching(/ValueError|matmul/));
  });
});
