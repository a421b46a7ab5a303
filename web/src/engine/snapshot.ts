// What one engine run hands to the views: plain objects and Float32Array copies, no handles.
import type { SummaryRow } from './layerlab';
import type { NetworkSummary, Totals } from './summary/totals';
import type { Histogram, ValueStats } from './stats';

export type { Totals };

export interface BlockValues {
  /** The block's output for the whole batch, row-major in outputShape. */
  output: Float32Array;
  outputStats: ValueStats;
  outputHistogram: Histogram;
}

export interface LinearWeights {
  stats: ValueStats;
  histogram: Histogram;
  /** W (in, out) row-major and b (out,), for layers small enough to print (SMALL_LINEAR). */
  small: { weight: Float32Array; bias: Float32Array | null } | null;
}

/** A Linear with at most this many weights hands its W and b to the views as numbers. */
export const SMALL_LINEAR = 64;

export interface DropoutMask {
  /** 1 kept, 0 dropped, in the block's input shape. All ones when not training. */
  mask: Float32Array;
  keptFraction: number;
  /** The factor survivors are multiplied by: 1/(1-p). */
  scale: number;
  p: number;
  training: boolean;
}

/** One block: the summary row of the C++ network (names, shapes, counts, error) plus values. */
export interface BlockSnapshot extends SummaryRow {
  weights: LinearWeights | null;
  values: BlockValues | null;
  dropout: DropoutMask | null;
}

/** Where a network first fails, as fields: views show the block's own number beside the message. */
export interface Failure {
  /** Index of the first block with an error. */
  block: number;
  /** Its error without the engine's "layer N " position. */
  message: string;
}

/** A network whose parameters are over the memory budget: refused before anything is allocated. */
export interface BudgetRefusal {
  /** The block (0-based) whose parameters take the running total over the budget. */
  block: number;
  budgetBytes: number;
  /** Parameter bytes of the whole network. */
  neededBytes: number;
}

export interface Snapshot extends NetworkSummary {
  inputShape: number[];
  input: Float32Array | null;
  outputShape: number[] | null;
  blocks: BlockSnapshot[];
  totals: Totals;
  /** The first error in the network, or null when everything ran. */
  error: string | null;
  /** The same error with its block as a field; null exactly when error is null. */
  failure: Failure | null;
  /** Set when that error is the budget refusal; null (or absent) otherwise. */
  refusal?: BudgetRefusal | null;
  /** Whether values (activations, masks) were computed in this run. */
  valuesComputed: boolean;
  /** Why values were not computed, when they were asked for but skipped. */
  valuesSkipped: string | null;
  /** Milliseconds spent in the C++ forward pass (null when it did not run). */
  forwardMs: number | null;
  /** Milliseconds for the whole run: sync, summary, forward, copies. */
  runMs: number;
  memory: { inUse: number; heap: number };
  kernel: string;
  /**
   * Whose weights these are: null for the initial weights the seed gives, else the training
   * worker's weights after this many optimizer steps (the one copy that trains).
   */
  trainedSteps: number | null;
}

/**
 * The buffers a snapshot can hand to another thread: every output and mask (fresh copies per
 * run). Not the input, which is the engine's cached copy.
 */
export function transferables(snapshot: Snapshot): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  for (const block of snapshot.blocks) {
    if (block.values) buffers.add(block.values.output.buffer as ArrayBuffer);
    if (block.dropout) buffers.add(block.dropout.mask.buffer as ArrayBuffer);
  }
  return [...buffers];
}
