// The whole-network figures that go with the engine's summary rows: one type and one sum,
// for the engine's snapshot, the torchinfo table and anything else that totals rows.
import type { SummaryRow } from '../layerlab';

const FLOAT32_BYTES = 4;

export interface Totals {
  parameters: number;
  parameterBytes: number;
  /** Sum of every block's output for the batch (what a forward pass keeps alive). */
  activationBytes: number;
  inputBytes: number;
  multiplyAdds: number;
}

/** The rows' totals with the network's ends; a Snapshot is one. */
export interface NetworkSummary {
  inputShape: number[];
  /** null when any layer failed. */
  outputShape: number[] | null;
  totals: Totals;
  /** The first layer error, null when the whole network is computable. */
  error: string | null;
}

export function totalsOf(rows: readonly SummaryRow[], inputShape: readonly number[]): Totals {
  const sum = (pick: (row: SummaryRow) => number): number => rows.reduce((total, row) => total + pick(row), 0);
  return {
    parameters: sum((r) => r.parameters),
    parameterBytes: sum((r) => r.parameterBytes),
    activationBytes: sum((r) => r.activationBytes),
    inputBytes: inputShape.reduce((a, b) => a * b, 1) * FLOAT32_BYTES,
    multiplyAdds: sum((r) => r.multiplyAdds),
  };
}

export function networkSummary(rows: readonly SummaryRow[], inputShape: readonly number[]): NetworkSummary {
  const error = rows.find((row) => row.error !== null)?.error ?? null;
  const last = rows[rows.length - 1];
  return {
    inputShape: [...inputShape],
    outputShape: error !== null ? null : last === undefined ? [...inputShape] : last.outputShape,
    totals: totalsOf(rows, inputShape),
    error,
  };
}
