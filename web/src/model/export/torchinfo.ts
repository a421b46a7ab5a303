// A torchinfo-style text table of the engine's summary, for learners to compare with what
// `torchinfo.summary(model, input_size=...)` prints in Python.
import type { SummaryRow } from '../../engine/layerlab';
import { withThousands } from '../text.ts';
import type { NetworkSummary } from '../../engine/summary/totals.ts';

/** One layer of the engine's summary: exactly what the WASM module's summary() returns. */
export type { SummaryRow };

// Column widths as torchinfo's defaults: 40 for the layer, 25 for each other column.
const NAME_WIDTH = 40;
const COLUMN_WIDTH = 25;

function formatRow(name: string, columns: readonly string[]): string {
  let line = name.padEnd(NAME_WIDTH) + ' ';
  for (const column of columns) line += column.padEnd(COLUMN_WIDTH) + ' ';
  return line.trimEnd();
}

function shapeText(shape: readonly number[] | null): string {
  return shape === null ? '--' : `[${shape.join(', ')}]`;
}

function countText(n: number): string {
  return n === 0 ? '--' : withThousands(n);
}

/** The class name torchinfo prints: "Linear(in_features=...)" -> "Linear". */
function typeName(name: string): string {
  const open = name.indexOf('(');
  return (open < 0 ? name : name.slice(0, open)).trim() || 'Layer';
}

/** torchinfo's auto units for counts: "(M): 7.51", or no unit under a thousand. */
function scaledCount(n: number): string {
  const units: readonly [number, string][] = [
    [1e12, 'T'],
    [1e9, 'G'],
    [1e6, 'M'],
    [1e3, 'K'],
  ];
  for (const [factor, unit] of units) {
    if (n >= factor) return ` (${unit}): ${fixed(n / factor)}`;
  }
  return `: ${fixed(n)}`;
}

/** Whole numbers without decimals, anything else with two, as Python's `{:,.2f}` here. */
function fixed(x: number): string {
  if (Number.isInteger(x)) return withThousands(x);
  const [whole = '0', fraction = '00'] = x.toFixed(2).split('.');
  return `${withThousands(Number(whole))}.${fraction}`;
}

function megabytes(bytes: number): string {
  return ` (MB): ${fixed(bytes / 1e6)}`;
}

/**
 * The table torchinfo prints for an nn.Sequential with columns Output Shape, Param # and
 * Mult-Adds. Figures follow torchinfo's conventions:
 * - Forward/backward pass size counts the outputs of layers that have parameters, twice
 *   (once for the activation, once for its gradient), as torchinfo 1.8 does; outputs of
 *   parameter-free layers are not counted.
 * - Estimated Total Size = input + forward/backward + parameters.
 * Layer errors, if any, are listed after the table.
 */
export function torchinfoSummary(rows: readonly SummaryRow[], summary: NetworkSummary): string {
  const { totals } = summary;
  const columns = ['Output Shape', 'Param #', 'Mult-Adds'];
  const divider = '='.repeat(NAME_WIDTH + columns.length * COLUMN_WIDTH);
  const lines: string[] = [divider, formatRow('Layer (type:depth-idx)', columns), divider];
  lines.push(formatRow('Sequential', [shapeText(summary.outputShape), '--', '--']));
  rows.forEach((row, i) => {
    const label = `├─${typeName(row.name)}: 1-${i + 1}`;
    lines.push(formatRow(label, [shapeText(row.outputShape), countText(row.parameters), countText(row.multiplyAdds)]));
  });
  const forwardBackwardBytes = rows.reduce((total, row) => total + (row.parameters > 0 ? row.activationBytes * 2 : 0), 0);
  lines.push(
    divider,
    `Total params: ${withThousands(totals.parameters)}`,
    `Trainable params: ${withThousands(totals.parameters)}`,
    'Non-trainable params: 0',
    `Total mult-adds${scaledCount(totals.multiplyAdds)}`,
    divider,
    `Input size${megabytes(totals.inputBytes)}`,
    `Forward/backward pass size${megabytes(forwardBackwardBytes)}`,
    `Params size${megabytes(totals.parameterBytes)}`,
    `Estimated Total Size${megabytes(totals.inputBytes + forwardBackwardBytes + totals.parameterBytes)}`,
    divider,
  );
  const errors = rows.flatMap((row, i) => (row.error === null ? [] : [`${typeName(row.name)}: 1-${i + 1}: ${row.error}`]));
  if (errors.length > 0) lines.push('Errors:', ...errors.map((e) => '  ' + e));
  return lines.join('\n') + '\n';
}
