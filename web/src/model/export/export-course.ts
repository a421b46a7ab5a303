// The model as code for the course's own NumPy layer library, as the module's pages define it:
// Linear(in, out, bias=True) with weight (in, out) and LeCun init, Dropout(p) whose
// forward(x, training=True) drops unless told otherwise, Sequential(*layers) or
// Sequential([layers]) whose forward(x) calls layer.forward(x) without the mode, ReLU,
// Sigmoid, Tanh, Softmax. What the course lacks (Flatten, other inits) is written as plain
// NumPy with a comment, never as a call that would fail in the learner's notebook.
import { BLOCK_INFO, type InitScheme, isOptionless, unhandledKind } from '../../vocabulary/blocks.ts';
import { inputTuple, pythonNumber } from './export.ts';
import { parameterCount } from '../import/import-preview.ts';
import { type LayerSpec, type NetworkModel, layerSpecs, resolveShapesLite } from '../network/network.ts';

const INDENT = '    ';

/** Defined in the exported code only when the network has a Flatten: the course has none. */
const FLATTEN_CLASS = [
  'class Flatten:',
  '    """The course has no Flatten: keep the batch dimension, join the rest: (32, 28, 28) -> (32, 784)."""',
  '',
  '    def forward(self, x):',
  '        return x.reshape(x.shape[0], -1)',
  '',
  '    def parameters(self):',
  '        return []',
];

function courseLayer(spec: LayerSpec): string {
  if (isOptionless(spec)) return `${BLOCK_INFO[spec.kind].pytorchClass}()`;
  switch (spec.kind) {
    case 'linear':
      return `Linear(${spec.in}, ${spec.out}${spec.bias ? '' : ', bias=False'})`;
    case 'dropout':
      return `Dropout(${pythonNumber(spec.p)})`;
    default:
      return unhandledKind(spec);
  }
}

/** One item of the layers list; the page (like PyTorch) gives zeros for p = 1, which 1/(1-p) cannot. */
function courseItem(spec: LayerSpec): string {
  const note = spec.kind === 'dropout' && spec.p === 1 ? "  # p = 1: the course's 1/(1-p) divides by zero in training mode" : '';
  return `${INDENT}${courseLayer(spec)},${note}`;
}

/** The weights layerlab's other schemes start from, as NumPy (in, out); null for LeCun, the course's own. */
function initWeights(spec: { in: number; out: number; init: InitScheme }): string | null {
  const shape = `${spec.in}, ${spec.out}`;
  switch (spec.init) {
    case 'lecun':
      return null;
    case 'xavier':
      return `np.random.uniform(-1, 1, (${shape})) * np.sqrt(6 / (${spec.in} + ${spec.out}))  # Xavier uniform`;
    case 'he':
      return `np.random.randn(${shape}) * np.sqrt(2 / ${spec.in})  # He normal`;
    case 'zeros':
      return `np.zeros((${shape}))  # zeros`;
  }
}

function pythonTuple(shape: readonly number[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
}

/**
 * The lines that run the network on x into y. Without Dropout, model.forward(x). With it, the
 * layers one by one, telling Dropout the page's mode: the course's Sequential.forward never
 * passes the mode, so its Dropout would drop at inference too.
 */
export function courseForward(model: NetworkModel): string[] {
  if (!layerSpecs(model).some((s) => s.kind === 'dropout')) return ['y = model.forward(x)'];
  return [
    "# The course's Sequential.forward(x) never passes the mode, so its Dropout always drops,",
    '# even when predicting: the named mistake, dropout left on at inference. So the layers',
    '# run one by one here, and Dropout is told the mode.',
    model.training
      ? "training = True  # the page's mode: Dropout zeroes units; False to predict"
      : "training = False  # the page's mode: Dropout passes values through; True to train",
    'y = x',
    'for layer in layers:',
    `${INDENT}y = layer.forward(y, training=training) if isinstance(layer, Dropout) else layer.forward(y)`,
  ];
}

/** The course library's style; runs in the module's notebook once its layer classes are defined. */
export function toCourseStyle(model: NetworkModel): string {
  const specs = layerSpecs(model);
  const shapes = resolveShapesLite(model);
  const classes = [...new Set(specs.filter((s) => s.kind !== 'flatten').map((s) => courseLayer(s).replace(/\(.*$/, ''))), 'Sequential'];
  const out = ['import numpy as np', '', `# ${classes.join(', ')}: the course's layer classes (run its cells first)`];
  if (specs.some((s) => s.kind === 'flatten')) out.push('', ...FLATTEN_CLASS);
  out.push('', `x = np.random.randn${pythonTuple(shapes.input)}  # stand-in inputs ${inputTuple(model)}`);
  out.push(specs.length === 0 ? 'layers = []' : ['layers = [', ...specs.map(courseItem), ']'].join('\n'));
  const inits = specs.flatMap((spec, i) => {
    const weights = spec.kind === 'linear' ? initWeights(spec) : null;
    return weights === null ? [] : [`layers[${i}].weight.data = ${weights}`];
  });
  if (inits.length > 0) out.push("# The course's Linear starts from LeCun init, N(0, 1/in), and has no init option:", '# the other schemes are set by hand; W is (in, out) as in y = xW + b.', ...inits);
  out.push('model = Sequential(layers)  # model.parameters(): what an optimiser updates', '');
  const mismatch = shapes.blocks.findIndex((b) => b.mismatch);
  if (mismatch >= 0) {
    const b = shapes.blocks[mismatch]!;
    out.push(`# Raises, as the page reports: layer ${mismatch} expects ${b.inFeatures} features and gets ${b.expectedInFeatures}`);
  }
  out.push(
    ...courseForward(model),
    `print(y.shape)  # ${pythonTuple(shapes.output)}, as on the page`,
    `print(sum(p.data.size for p in model.parameters()))  # ${parameterCount(specs)} parameters, as on the page`,
  );
  return out.join('\n') + '\n';
}
