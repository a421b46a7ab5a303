import { describe, expect, it } from 'vitest';
import { BLOCK_INFO } from '../../../web/src/vocabulary/blocks.ts';
import { MODE_LINES, type SummaryRow, networkSummary, toPyTorch, torchinfoSummary } from '../../../web/src/model/export/export.ts';
import { toCourseStyle } from '../../../web/src/model/export/export-course.ts';
import { layerSpecs, modelFromSpecs } from '../../../web/src/model/network/network.ts';
import { presetById } from '../../../web/src/model/network/presets.ts';

function mnist() {
  const p = presetById('mnist-mlp');
  if (p === undefined) throw new Error('missing preset');
  return p.model;
}

/** What the engine's summary gives for a model, computed here in float32 bytes. */
function rowsFor(batch: number, specs: ReturnType<typeof layerSpecs>): SummaryRow[] {
  let shape = [batch, 0];
  return specs.map((spec, index) => {
    if (spec.kind !== 'linear') {
      return { index, name: `${BLOCK_INFO[spec.kind].pytorchClass}()`, inputShape: shape, outputShape: shape, parameters: 0, multiplyAdds: 0, parameterBytes: 0, activationBytes: shape.reduce((a, b) => a * b, 1) * 4, error: null };
    }
    const input = [batch, spec.in];
    const output = [batch, spec.out];
    shape = output;
    const parameters = spec.in * spec.out + (spec.bias ? spec.out : 0);
    return {
      index,
      name: `Linear(in_features=${spec.in}, out_features=${spec.out}, bias=${spec.bias ? 'True' : 'False'})`,
      inputShape: input,
      outputShape: output,
      parameters,
      multiplyAdds: batch * spec.in * spec.out,
      parameterBytes: parameters * 4,
      activationBytes: batch * spec.out * 4,
      error: null,
    };
  });
}

describe('toPyTorch', () => {
  it('writes the MNIST MLP with LeCun init lines', () => {
    expect(toPyTorch(mnist())).toBe(
      [
        'import torch.nn as nn',
        '',
        '# input shape: (32, 784)',
        'model = nn.Sequential(',
        '    nn.Linear(784, 256),',
        '    nn.ReLU(),',
        '    nn.Linear(256, 128),',
        '    nn.ReLU(),',
        '    nn.Linear(128, 10),',
        ')',
        '',
        "# layerlab's initialisation; biases start at zero",
        "# PyTorch stores W as (out, in), the transpose of layerlab's W (in, out): y = x @ W.T + b",
        'nn.init.normal_(model[0].weight, std=(1/784)**0.5)',
        'nn.init.zeros_(model[0].bias)',
        'nn.init.normal_(model[2].weight, std=(1/256)**0.5)',
        'nn.init.zeros_(model[2].bias)',
        'nn.init.normal_(model[4].weight, std=(1/128)**0.5)',
        'nn.init.zeros_(model[4].bias)',
        '',
        ...MODE_LINES,
        '',
      ].join('\n'),
    );
  });

  it('writes every block kind and option', () => {
    const m = modelFromSpecs(
      [
        { kind: 'flatten' },
        { kind: 'linear', outFeatures: 64, bias: false, init: 'he', inFeatures: null },
        { kind: 'tanh' },
        { kind: 'dropout', p: 0.3 },
        { kind: 'linear', outFeatures: 10, bias: true, init: 'xavier', inFeatures: 32 },
        { kind: 'sigmoid' },
        { kind: 'linear', outFeatures: 10, bias: true, init: 'zeros', inFeatures: null },
        { kind: 'softmax' },
      ],
      { input: { batch: 2, features: [28, 28] }, training: false },
    );
    expect(toPyTorch(m)).toBe(
      [
        'import torch.nn as nn',
        '',
        '# input shape: (2, 28, 28)',
        'model = nn.Sequential(',
        '    nn.Flatten(),',
        '    nn.Linear(784, 64, bias=False),',
        '    nn.Tanh(),',
        '    nn.Dropout(p=0.3),',
        '    nn.Linear(32, 10),',
        '    nn.Sigmoid(),',
        '    nn.Linear(10, 10),',
        '    nn.Softmax(dim=-1),',
        ')',
        '',
        "# layerlab's initialisation; biases start at zero",
        "# PyTorch stores W as (out, in), the transpose of layerlab's W (in, out): y = x @ W.T + b",
        'nn.init.kaiming_normal_(model[1].weight, nonlinearity="relu")',
        'nn.init.xavier_uniform_(model[4].weight)',
        'nn.init.zeros_(model[4].bias)',
        'nn.init.zeros_(model[6].weight)',
        'nn.init.zeros_(model[6].bias)',
        '',
        ...MODE_LINES,
        '',
      ].join('\n'),
    );
  });

  it('writes an empty Sequential for an empty network', () => {
    expect(toPyTorch(modelFromSpecs([]))).toContain('model = nn.Sequential()\n');
  });
});

describe('toCourseStyle', () => {
  const model = (training: boolean) =>
    modelFromSpecs(
      [
        { kind: 'linear', outFeatures: 256, bias: true, init: 'lecun', inFeatures: null },
        { kind: 'relu' },
        { kind: 'dropout', p: 0.5 },
        { kind: 'linear', outFeatures: 10, bias: false, init: 'he', inFeatures: null },
        { kind: 'softmax' },
      ],
      { training },
    );

  it("writes the course library's API only, and runs the layers itself to tell Dropout the page's mode", () => {
    expect(toCourseStyle(model(false))).toBe(
      [
        'import numpy as np',
        '',
        "# Linear, ReLU, Dropout, Softmax, Sequential: the course's layer classes (run its cells first)",
        '',
        'x = np.random.randn(32, 784)  # stand-in inputs (32, 784)',
        'layers = [',
        '    Linear(784, 256),',
        '    ReLU(),',
        '    Dropout(0.5),',
        '    Linear(256, 10, bias=False),',
        '    Softmax(),',
        ']',
        "# The course's Linear starts from LeCun init, N(0, 1/in), and has no init option:",
        '# the other schemes are set by hand; W is (in, out) as in y = xW + b.',
        'layers[3].weight.data = np.random.randn(256, 10) * np.sqrt(2 / 256)  # He normal',
        'model = Sequential(layers)  # model.parameters(): what an optimiser updates',
        '',
        "# The course's Sequential.forward(x) never passes the mode, so its Dropout always drops,",
        '# even when predicting: the named mistake, dropout left on at inference. So the layers',
        '# run one by one here, and Dropout is told the mode.',
        "training = False  # the page's mode: Dropout passes values through; True to train",
        'y = x',
        'for layer in layers:',
        '    y = layer.forward(y, training=training) if isinstance(layer, Dropout) else layer.forward(y)',
        'print(y.shape)  # (32, 10), as on the page',
        'print(sum(p.data.size for p in model.parameters()))  # 203520 parameters, as on the page',
        '',
      ].join('\n'),
    );
    expect(toCourseStyle(model(true))).toContain("training = True  # the page's mode: Dropout zeroes units; False to predict\n");
  });

  it('warns where the course cannot follow the page: Dropout(1) in training mode', () => {
    const code = toCourseStyle(modelFromSpecs([{ kind: 'dropout', p: 1 }, { kind: 'dropout', p: 0.999 }]));
    expect(code).toContain("    Dropout(1),  # p = 1: the course's 1/(1-p) divides by zero in training mode\n    Dropout(0.999),\n]");
  });

  it('calls model.forward(x) when there is no Dropout, for an empty network too', () => {
    const code = toCourseStyle(modelFromSpecs([], { training: false }));
    expect(code).toContain("# Sequential: the course's layer classes");
    expect(code).toContain('layers = []\nmodel = Sequential(layers)');
    expect(code).toContain('y = model.forward(x)\nprint(y.shape)  # (32, 784), as on the page\n');
  });
});

describe('torchinfoSummary', () => {
  it('prints the MNIST MLP as torchinfo does', () => {
    const m = mnist();
    const rows = rowsFor(32, layerSpecs(m));
    const text = torchinfoSummary(rows, networkSummary(rows, [32, 784]));
    expect(text).toContain('Total params: 235,146');
    const divider = '='.repeat(115);
    expect(text).toBe(
      [
        divider,
        'Layer (type:depth-idx)                   Output Shape              Param #                   Mult-Adds',
        divider,
        'Sequential                               [32, 10]                  --                        --',
        '├─Linear: 1-1                            [32, 256]                 200,960                   6,422,528',
        '├─ReLU: 1-2                              [32, 256]                 --                        --',
        '├─Linear: 1-3                            [32, 128]                 32,896                    1,048,576',
        '├─ReLU: 1-4                              [32, 128]                 --                        --',
        '├─Linear: 1-5                            [32, 10]                  1,290                     40,960',
        divider,
        'Total params: 235,146',
        'Trainable params: 235,146',
        'Non-trainable params: 0',
        'Total mult-adds (M): 7.51',
        divider,
        'Input size (MB): 0.10',
        'Forward/backward pass size (MB): 0.10',
        'Params size (MB): 0.94',
        'Estimated Total Size (MB): 1.14',
        divider,
        '',
      ].join('\n'),
    );
  });

  it('shows failed layers and lists their errors', () => {
    const rows: SummaryRow[] = [
      { index: 0, name: 'Linear(in_features=784, out_features=10, bias=True)', inputShape: [4, 784], outputShape: [4, 10], parameters: 7850, multiplyAdds: 31400, parameterBytes: 31400, activationBytes: 160, error: null },
      { index: 1, name: 'Linear(in_features=128, out_features=10, bias=True)', inputShape: [4, 10], outputShape: null, parameters: 1290, multiplyAdds: 0, parameterBytes: 5160, activationBytes: 0, error: 'expects 128 input features, got 10' },
      { index: 2, name: 'ReLU()', inputShape: null, outputShape: null, parameters: 0, multiplyAdds: 0, parameterBytes: 0, activationBytes: 0, error: null },
    ];
    const summary = networkSummary(rows, [4, 784]);
    expect(summary).toMatchObject({ outputShape: null, totals: { parameters: 9140, inputBytes: 12544 }, error: 'expects 128 input features, got 10' });
    const text = torchinfoSummary(rows, summary);
    expect(text).toContain('Sequential                               --');
    expect(text).toContain('├─Linear: 1-2                            --                        1,290                     --');
    expect(text).toContain('├─ReLU: 1-3                              --');
    expect(text).toContain('Total mult-adds (K): 31.40');
    expect(text.endsWith('Errors:\n  Linear: 1-2: expects 128 input features, got 10\n')).toBe(true);
  });

  it('prints small counts without a unit and whole megabytes without decimals', () => {
    const text = torchinfoSummary([], {
      inputShape: [1, 250_000],
      outputShape: [1, 250_000],
      totals: { inputBytes: 1_000_000, parameters: 0, multiplyAdds: 12, parameterBytes: 0, activationBytes: 0 },
      error: null,
    });
    expect(text).toContain('Total mult-adds: 12\n');
    expect(text).toContain('Input size (MB): 1\n');
    expect(text).toContain('Params size (MB): 0\n');
    expect(text).toContain('Sequential                               [1, 250000]');
  });
});
