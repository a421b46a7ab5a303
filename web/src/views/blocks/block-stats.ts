// The numbers under a block: output shape, parameters (with their formula), memory and
// multiply-adds.
//
// The rule for a shape error: a block's parameters exist whatever its input shape (a Linear
// holds in × out weights either way), so the card shows them and the totals count them. What
// depends on the input (output shape, activation memory, multiply-adds) is unknown at the
// failing block and after it, and shows as "—".
import type { BlockSnapshot } from '../../engine/snapshot.ts';
import type { LayerSpec } from '../../model/network/network.ts';
import { el, setText } from '../kit/dom.ts';
import { formatBytes, formatCount, formatShape, linearFormula } from '../kit/format.ts';

const DASH = '—';

export interface BlockStatsText {
  shape: string;
  parameters: string;
  formula: string;
  parameterBytes: string;
  activationBytes: string;
  multiplyAdds: string;
}

/** The card's numbers as text; see the rule at the top of this file. */
export function blockStatsText(snap: BlockSnapshot | null, spec: LayerSpec | undefined): BlockStatsText {
  if (snap === null) {
    return { shape: DASH, parameters: DASH, formula: '', parameterBytes: DASH, activationBytes: DASH, multiplyAdds: DASH };
  }
  const known = snap.outputShape !== null;
  return {
    shape: known ? formatShape(snap.outputShape) : DASH,
    parameters: formatCount(snap.parameters),
    formula: spec?.kind === 'linear' ? `= ${linearFormula(spec.in, spec.out, spec.bias)}` : 'no weights',
    parameterBytes: formatBytes(snap.parameterBytes),
    activationBytes: known ? formatBytes(snap.activationBytes) : DASH,
    multiplyAdds: known ? formatCount(snap.multiplyAdds) : DASH,
  };
}

export class BlockStats {
  readonly root: HTMLElement;
  private readonly shape: HTMLElement;
  private readonly params: HTMLElement;
  private readonly formula: HTMLElement;
  private readonly paramBytes: HTMLElement;
  private readonly actBytes: HTMLElement;
  private readonly macs: HTMLElement;

  constructor() {
    const item = (label: string, value: HTMLElement, extra?: HTMLElement): HTMLElement =>
      el('div', { class: 'stat' }, [el('dt', { text: label }), el('dd', {}, extra ? [value, extra] : [value])]);
    this.shape = el('span', { class: 'stat-value mono', 'data-stat': 'output-shape' });
    this.params = el('span', { class: 'stat-value mono', 'data-stat': 'parameters' });
    this.formula = el('span', { class: 'stat-formula mono', 'data-stat': 'formula' });
    this.paramBytes = el('span', { class: 'stat-value', 'data-stat': 'parameter-bytes' });
    this.actBytes = el('span', { class: 'stat-value', 'data-stat': 'activation-bytes' });
    this.macs = el('span', { class: 'stat-value mono', 'data-stat': 'multiply-adds' });
    this.root = el('dl', { class: 'block-stats' }, [
      item('Output shape', this.shape),
      item('Parameters', this.params, this.formula),
      item('Parameter memory', this.paramBytes),
      item('Activations', this.actBytes),
      item('Multiply-adds', this.macs),
    ]);
  }

  render(snap: BlockSnapshot | null, spec: LayerSpec | undefined): void {
    const t = blockStatsText(snap, spec);
    setText(this.shape, t.shape);
    setText(this.params, t.parameters);
    setText(this.formula, t.formula);
    setText(this.paramBytes, t.parameterBytes);
    setText(this.actBytes, t.activationBytes);
    setText(this.macs, t.multiplyAdds);
  }
}
