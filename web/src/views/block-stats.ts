// The numbers under a block: output shape, parameters (with their formula), memory and
// multiply-adds. Shows "—" everywhere when the block could not be computed.
import type { BlockSnapshot } from '../engine/snapshot.ts';
import type { LayerSpec } from '../model/network.ts';
import { el, setText } from './dom.ts';
import { formatBytes, formatCount, formatShape, linearFormula } from './format.ts';

const DASH = '—';

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
    const ok = snap !== null && snap.error === null;
    setText(this.shape, ok ? formatShape(snap.outputShape) : DASH);
    setText(this.params, ok ? formatCount(snap.parameters) : DASH);
    let formula = '';
    if (ok && spec?.kind === 'linear') formula = `= ${linearFormula(spec.in, spec.out, spec.bias)}`;
    else if (ok) formula = 'no weights';
    setText(this.formula, formula);
    setText(this.paramBytes, ok ? formatBytes(snap.parameterBytes) : DASH);
    setText(this.actBytes, ok ? formatBytes(snap.activationBytes) : DASH);
    setText(this.macs, ok ? formatCount(snap.multiplyAdds) : DASH);
  }
}
