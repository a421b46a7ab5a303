// "Predict, then see": the questions a learner answers before a figure is shown, each with its
// true value from the network's summary, the formula that gives it, and the slips the module
// names, recognised by the value they would produce (forgot the bias, used p for 1 − p, ...).
import type { Snapshot } from '../../engine/snapshot.ts';
import type { LayerSpec } from '../../vocabulary/layer-spec.ts';
import { type Read, readBytes, readFraction, readInteger, readShape } from './answers.ts';

export type QuestionId = 'shape' | 'params' | 'total' | 'memory' | 'macs' | 'keep' | 'scale' | 'mode' | 'init';

export const QUESTION_IDS: readonly QuestionId[] = ['shape', 'params', 'total', 'memory', 'macs', 'keep', 'scale', 'mode', 'init'];

/** Sizes and fractions may be off by this much (relative): 919 KB and 0.92 MB both name 940,584 bytes. */
export const REL_TOLERANCE = 0.03;

export interface Choice {
  value: string;
  label: string;
}

export interface Judgement {
  correct: boolean;
  /** The true value as the page shows it. */
  expected: string;
  formula: string;
  /** The named slip the answer matches, when wrong. */
  slip: string | null;
}

export interface Question {
  id: QuestionId;
  prompt: string;
  /** Free text unless choices are given. */
  choices: readonly Choice[] | null;
  /** What the answer box asks for, and the tolerance when there is one. */
  hint: string;
  /** The true value as shown once answered (a new value means a new question). */
  expected: string;
  judge(answer: string): Read<Judgement>;
}

/** The parts of a summary the questions read (a Snapshot is one). */
export type Figures = Pick<Snapshot, 'inputShape' | 'totals'> & { blocks: readonly Pick<Snapshot['blocks'][number], 'outputShape' | 'parameters'>[] };

const count = (n: number): string => n.toLocaleString('en-US');
const shapeText = (s: readonly number[]): string => `(${s.join(', ')})`;
const near = (got: number, want: number): boolean => Math.abs(got - want) <= REL_TOLERANCE * Math.abs(want);
const sameShape = (a: readonly number[], b: readonly number[]): boolean => a.length === b.length && a.every((v, i) => v === b[i]);

function bytesText(n: number): string {
  return n >= 1024 ** 2 ? `${(n / 1024 ** 2).toFixed(2)} MiB` : n >= 1024 ? `${(n / 1024).toFixed(1)} KiB` : `${n} B`;
}

/** A numeric question: `slips` are [value, explanation] pairs, tested in order. */
function numeric(
  id: QuestionId,
  prompt: string,
  hint: string,
  read: (text: string) => Read<number[]>,
  want: number,
  shown: string,
  formula: string,
  slips: readonly (readonly [number, string])[],
  exact: boolean,
): Question {
  const match = (got: readonly number[], target: number): boolean => got.some((g) => (exact ? g === target : near(g, target)));
  return {
    id,
    prompt,
    choices: null,
    hint,
    expected: shown,
    judge(answer) {
      const r = read(answer);
      if (!r.ok) return r;
      const correct = match(r.value, want);
      const slip = correct ? null : (slips.find(([v]) => v !== want && match(r.value, v))?.[1] ?? null);
      return { ok: true, value: { correct, expected: shown, formula, slip } };
    },
  };
}

const asList = (read: (t: string) => Read<number>) => (t: string): Read<number[]> => {
  const r = read(t);
  return r.ok ? { ok: true, value: [r.value] } : r;
};

function choice(id: QuestionId, prompt: string, choices: readonly Choice[], right: string, formula: string, slips: { readonly [value: string]: string }): Question {
  const expected = choices.find((c) => c.value === right)!.label;
  return {
    id,
    prompt,
    choices,
    hint: 'Pick one.',
    expected,
    judge(answer) {
      const picked = choices.find((c) => c.value === answer);
      if (!picked) return { ok: false, message: `Expected one of: ${choices.map((c) => c.value).join(', ')}.` };
      return { ok: true, value: { correct: answer === right, expected, formula, slip: answer === right ? null : (slips[answer] ?? null) } };
    },
  };
}

const INTEGER_HINT = 'A whole number (1290 or 1,290): checked exactly.';
const FRACTION_HINT = `A number (0.8, 80% or 4/5): within ${REL_TOLERANCE * 100} %.`;

/**
 * The questions this network can ask, in QUESTION_IDS order: shape and params need a Linear,
 * keep and scale a Dropout, init a Linear (the depth question). A network with a shape error
 * asks only what does not depend on shapes.
 */
export function questionsFor(specs: readonly LayerSpec[], figures: Figures, training: boolean): Question[] {
  const out: Question[] = [];
  const B = figures.inputShape[0] ?? 1;
  const li = specs.findIndex((s) => s.kind === 'linear');
  const linear = li >= 0 ? (specs[li] as Extract<LayerSpec, { kind: 'linear' }>) : null;
  const row = li >= 0 ? figures.blocks[li] : undefined;
  const t = figures.totals;
  const linears = specs.filter((s): s is Extract<LayerSpec, { kind: 'linear' }> => s.kind === 'linear');
  const biases = linears.reduce((sum, s) => sum + (s.bias ? s.out : 0), 0);
  const where = li >= 0 ? `block ${li + 1}, Linear(${linear!.in}, ${linear!.out}${linear!.bias ? '' : ', bias=False'})` : '';

  if (linear && row?.outputShape) {
    const outShape = row.outputShape;
    const inShape = li === 0 ? figures.inputShape : (figures.blocks[li - 1]?.outputShape ?? null);
    out.push({
      id: 'shape',
      prompt: `What is the output shape of ${where}, on a batch of ${B}?`,
      choices: null,
      hint: 'A shape such as (32, 256) or 32x256: checked exactly.',
      expected: shapeText(outShape),
      judge(answer) {
        const r = readShape(answer);
        if (!r.ok) return r;
        const got = r.value;
        const correct = sameShape(got, outShape);
        let slip: string | null = null;
        if (!correct && inShape && sameShape(got, inShape)) slip = "That is the block's input shape: a Linear changes the last dimension from in to out.";
        else if (!correct && sameShape(got, [linear.in, linear.out])) slip = "That is W's shape (in, out); y = x·W keeps the batch: (B, out).";
        else if (!correct && sameShape(got, [...outShape].reverse())) slip = 'The batch comes first: (B, out), not (out, B).';
        return { ok: true, value: { correct, expected: shapeText(outShape), formula: `x (B, in) · W (in, out) → y (B, out) = ${shapeText(outShape)}`, slip } };
      },
    });
  }
  if (linear) {
    const want = linear.in * linear.out + (linear.bias ? linear.out : 0);
    out.push(
      numeric('params', `How many parameters does ${where} have?`, INTEGER_HINT, asList(readInteger), want, count(want), linear.bias ? `in·out + out = ${linear.in}·${linear.out} + ${linear.out}` : `in·out = ${linear.in}·${linear.out} (no bias)`, [
        [linear.in * linear.out, 'You forgot the bias: one per output unit (+out).'],
        [want * B, 'Parameters do not depend on the batch: you multiplied by B.'],
        [linear.in * linear.out * B, 'You counted W times the batch (and left out the bias): W is (in, out) whatever the batch.'],
      ], true),
    );
  }
  out.push(
    numeric('total', `How many parameters does the whole network have?`, INTEGER_HINT, asList(readInteger), t.parameters, count(t.parameters), 'the sum over Linear blocks of in·out + out; activations and Dropout have none', [
      [t.parameters - biases, 'You forgot the biases (+out for each Linear).'],
      [t.parameters * B, 'Parameters do not depend on the batch: you multiplied by B.'],
    ], true),
  );
  out.push(
    numeric('memory', 'How much memory do the network\'s parameters take (float32)?', `A size (919 KB, 0.92 MB, 940,584 bytes; KB and MB read as 1000 or 1024): within ${REL_TOLERANCE * 100} %.`, readBytes, t.parameterBytes, `${count(t.parameterBytes)} bytes (${bytesText(t.parameterBytes)})`, `parameters × 4 bytes = ${count(t.parameters)} × 4`, [
      [t.parameters, 'That is the number of parameters: each float32 takes 4 bytes.'],
      [t.parameterBytes * 2, 'That is 8 bytes a parameter (float64); the engine stores float32, 4 bytes.'],
      [t.parameterBytes * 8, 'That is bits: divide by 8 for bytes.'],
      [(t.parameters - biases) * 4, 'You forgot the biases.'],
    ], false),
  );
  if (figures.blocks.every((b) => b.outputShape !== null)) {
    const macs = t.multiplyAdds;
    const perSample = B > 0 ? macs / B : macs;
    out.push(
      numeric('macs', `How many multiply-adds does one forward pass of the batch (${B}) take?`, INTEGER_HINT, asList(readInteger), macs, count(macs), 'the sum over Linear blocks of B·in·out', [
        [perSample, 'That is for one sample: the batch multiplies it by B.'],
        [macs * 2, 'That counts a multiply and an add separately (FLOPs): one multiply-add is one.'],
      ], true),
    );
  }
  const di = specs.findIndex((s) => s.kind === 'dropout');
  if (di >= 0) {
    const p = (specs[di] as Extract<LayerSpec, { kind: 'dropout' }>).p;
    const q = 1 - p;
    const drop = `block ${di + 1}, Dropout(${p})`;
    out.push(
      numeric('keep', `In training mode, what fraction of its inputs does ${drop} keep, on average?`, FRACTION_HINT, asList(readFraction), q, String(Number(q.toFixed(4))), '1 − p', [[p, 'You used p: p is the probability of dropping a unit, so 1 − p are kept.']], false),
    );
    if (q > 0) {
      out.push(
        numeric('scale', `In training mode, what does ${drop} multiply the kept values by?`, FRACTION_HINT, asList(readFraction), 1 / q, String(Number((1 / q).toFixed(4))), '1/(1 − p): the expected output then equals the input', [
          [1 / p, 'You used p instead of 1 − p: the survivors are divided by the keep probability 1 − p.'],
          [q, 'You multiplied by 1 − p: the survivors are divided by it, to make up for the dropped ones.'],
          [1, 'Without the scale the expected output shrinks to (1 − p)·x; inverted dropout scales by 1/(1 − p) in training.'],
        ], false),
      );
    }
  }
  const dropping = specs.some((s) => s.kind === 'dropout' && s.p > 0);
  const MODES: Choice[] = [
    { value: 'train-only', label: 'It changes in training mode, not in evaluation mode' },
    { value: 'both', label: 'It changes in both modes' },
    { value: 'neither', label: 'It changes in neither mode' },
    { value: 'eval-only', label: 'It changes in evaluation mode only' },
  ];
  out.push(
    choice('mode', `Run this network twice on the same input${training ? '' : ' (it is now in evaluation mode)'}: does the output change between the two passes?`, MODES, dropping ? 'train-only' : 'neither', dropping ? 'training: a new Dropout mask each pass; evaluation: Dropout passes x through' : 'no Dropout (p > 0) in the network: every block is deterministic', dropping
      ? { both: 'That is dropout left on at inference: in evaluation mode (model.eval()) Dropout returns its input unchanged.', neither: 'In training mode Dropout draws a new mask on every forward pass.', 'eval-only': 'The other way round: masks are drawn in training only.' }
      : { 'train-only': 'Only Dropout is random, and this network has none with p > 0.', both: 'Linear and the activations are deterministic: the same input gives the same output.' }),
  );
  if (linear) {
    const reluNet = specs.some((s) => s.kind === 'relu');
    const INITS: Choice[] = [
      { value: 'lecun', label: 'std sqrt(1/in) (LeCun)' },
      { value: 'he', label: 'std sqrt(2/in) (He)' },
      { value: 'one', label: 'std 1' },
      { value: 'zeros', label: 'all zeros' },
    ];
    out.push(
      choice('init', `In a deep stack of Linear${reluNet ? ' + ReLU' : ' + Tanh'} blocks, which init keeps the gradients' spread steady from layer to layer?`, INITS, reluNet ? 'he' : 'lecun', reluNet ? 'Var(W) = 2/in: ReLU zeroes half the values, the 2 makes up for it' : 'Var(W) = 1/in: each layer then keeps the variance of what passes through', {
        lecun: 'Var(W) = 1/in suits Tanh and linear stacks; ReLU halves the variance at every layer, so gradients shrink with depth.',
        he: 'Var(W) = 2/in makes up for ReLU halving the variance; without ReLU it is twice what a layer needs, and Tanh units are pushed towards their flat ends, where little gradient passes.',
        one: 'With std 1 each layer multiplies the variance by about in: the values and gradients explode.',
        zeros: 'With all zeros every unit computes the same thing and gets the same gradient: nothing can learn apart.',
      }),
    );
  }
  return out;
}
