// One block of the network: its header and move/duplicate/remove buttons, inline settings,
// numbers, shape error with a one-click fix, and the value pictures. The card is created once
// per block id and updated in place on every frame.
import type { BlockSnapshot } from '../../engine/snapshot.ts';
import { type Block, type BlockKind, BLOCK_INFO } from '../../vocabulary/blocks.ts';
import { type LayerSpec, type ViewOptions, duplicateBlock, fixInFeatures, moveDown, moveUp, removeBlock } from '../../model/network/network.ts';
import type { Edit } from '../../app/store.ts';
import { type BlockSettings, DropoutSettings, LinearSettings } from './block-settings.ts';
import { BlockStats } from './block-stats.ts';
import { el, setHidden, setText, toggleClass } from '../kit/dom.ts';
import { HistogramView } from './histogram.ts';
import { type IconName, icon } from '../kit/icons.ts';
import { Heatmap } from './heatmap.ts';
import { MaskGrid } from './mask-grid.ts';
import { NumberTables } from './number-tables.ts';

export interface CardContext {
  block: Block;
  index: number;
  count: number;
  spec: LayerSpec | undefined;
  snap: BlockSnapshot | null;
  /** This block is where the network first fails. */
  offending: boolean;
  /** The failure's message when this block is where the network first fails. */
  failure: string | null;
  /** Index of the failing block when this one comes after it. */
  blockedBy: number | null;
  /** The failure is the engine's memory-budget refusal, not a shape error. */
  overBudget: boolean;
  training: boolean;
  view: ViewOptions;
  generation: number;
  /** Values for this snapshot are on their way: the last ones stay up meanwhile. */
  computingValues: boolean;
  /** They have been on their way for a while (AppState.valuesSlow): say so and dim the last ones. */
  valuesSlow: boolean;
  /** Why no values are shown although this block is fine (an error later on, a budget). */
  valuesNote: string | null;
  /** The values flowing into this block (the network input, or the previous block's output). */
  inputValues: Float32Array | null;
}

function iconButton(name: IconName, label: string, onClick: () => void, className = ''): HTMLButtonElement {
  const b = el('button', { type: 'button', class: `icon-button ${className}`.trim(), 'aria-label': label, title: label }, [icon(name)]);
  b.addEventListener('click', onClick);
  return b;
}

export class BlockCard {
  readonly root: HTMLElement;
  readonly handle: HTMLElement;
  readonly kind: BlockKind;
  private readonly index: HTMLElement;
  private readonly name: HTMLElement;
  private readonly up: HTMLButtonElement;
  private readonly down: HTMLButtonElement;
  private readonly duplicate: HTMLButtonElement;
  private readonly remove: HTMLButtonElement;
  private readonly settings: BlockSettings | null;
  private readonly error: HTMLElement;
  private readonly errorText: HTMLElement;
  private readonly fix: HTMLButtonElement;
  private readonly blocked: HTMLElement;
  private readonly stats = new BlockStats();
  private readonly visuals: HTMLElement;
  private readonly status: HTMLElement;
  private readonly heatmap = new Heatmap();
  private readonly weights: HistogramView | null;
  private readonly activations = new HistogramView('Output histogram', 'barAlt');
  private readonly mask: MaskGrid | null;
  private readonly passthrough: HTMLElement | null;
  private readonly numbers: NumberTables | null;
  private fixValue = 0;
  /** This card has drawn a mask (and its summary): it may keep them while new values come. */
  private maskShown = false;

  /** `locked`: the card shows the block but offers no way to change, move or remove it. */
  constructor(block: Block, private readonly edit: Edit, private readonly locked = false) {
    const id = block.id;
    this.kind = block.kind;
    const info = BLOCK_INFO[block.kind];
    this.handle = el('span', { class: 'drag-handle', title: 'Drag to reorder', 'aria-hidden': 'true' }, [icon('grip', 18)]);
    this.index = el('span', { class: 'block-index' });
    this.name = el('span', { class: 'block-name mono' });
    this.up = iconButton('up', 'Move up', () => edit((m) => moveUp(m, id)));
    this.down = iconButton('down', 'Move down', () => edit((m) => moveDown(m, id)));
    this.duplicate = iconButton('duplicate', 'Duplicate', () => edit((m) => duplicateBlock(m, id)));
    this.remove = iconButton('remove', 'Remove', () => edit((m) => removeBlock(m, id)), 'danger');
    const title = el('h3', { class: 'block-title' }, [el('span', { text: info.label }), this.name]);
    const head = locked
      ? el('header', { class: 'block-head' }, [this.index, title])
      : el('header', { class: 'block-head' }, [
          this.handle,
          this.index,
          title,
          el('div', { class: 'block-actions' }, [this.up, this.down, this.duplicate, this.remove]),
        ]);
    this.settings =
      block.kind === 'linear' ? new LinearSettings(id, edit, locked) : block.kind === 'dropout' ? new DropoutSettings(id, edit, locked) : null;
    this.errorText = el('p', { class: 'block-error-text' });
    this.fix = el('button', { type: 'button', class: 'button button-primary' });
    this.fix.addEventListener('click', () => edit((m) => fixInFeatures(m, id, this.fixValue)));
    this.error = el('div', { class: 'block-error', role: 'alert', hidden: true }, [this.errorText, this.fix]);
    this.blocked = el('p', { class: 'block-blocked', hidden: true });
    this.status = el('p', { class: 'values-status', hidden: true, text: 'computing values…' });
    this.weights = block.kind === 'linear' ? new HistogramView('Weight histogram') : null;
    this.mask = block.kind === 'dropout' ? new MaskGrid() : null;
    this.numbers = block.kind === 'linear' ? new NumberTables() : null;
    this.passthrough =
      block.kind === 'dropout'
        ? el('p', { class: 'passthrough', hidden: true, text: 'Evaluation mode: Dropout passes its input through unchanged (no units dropped, no scaling).' })
        : null;
    this.visuals = el('div', { class: 'block-visuals' }, [
      ...(this.mask ? [this.mask.root] : []),
      this.heatmap.root,
      ...(this.weights ? [this.weights.root] : []),
      this.activations.root,
    ]);
    const body: Node[] = [head, el('p', { class: 'block-description', text: info.description })];
    if (this.settings) body.push(this.settings.root);
    body.push(this.error, this.blocked, this.stats.root);
    if (this.mask) body.push(this.mask.summary);
    if (this.passthrough) body.push(this.passthrough);
    body.push(this.status);
    if (this.numbers) body.push(this.numbers.root);
    body.push(this.visuals);
    // Focusable from script (a new block, a removed block's neighbour), not a tab stop.
    this.root = el('li', { class: `block-card kind-${block.kind}`, 'data-id': id, 'data-kind': block.kind, tabindex: -1 }, body);
  }

  render(c: CardContext): void {
    const label = BLOCK_INFO[c.block.kind].label;
    setText(this.index, String(c.index + 1));
    setText(this.name, c.snap?.name ?? '');
    this.root.setAttribute('aria-label', `Block ${c.index + 1}: ${label}`);
    this.up.setAttribute('aria-label', `Move up: block ${c.index + 1}, ${label}`);
    this.down.setAttribute('aria-label', `Move down: block ${c.index + 1}, ${label}`);
    this.duplicate.setAttribute('aria-label', `Duplicate: block ${c.index + 1}, ${label}`);
    this.remove.setAttribute('aria-label', `Remove: block ${c.index + 1}, ${label}`);
    this.up.disabled = c.index === 0;
    this.down.disabled = c.index === c.count - 1;
    this.settings?.render({ block: c.block, inFeatures: c.spec?.kind === 'linear' ? c.spec.in : null, generation: c.generation });
    this.renderError(c);
    this.stats.render(c.snap, c.spec);
    this.renderValues(c);
  }

  /** Repaints canvases on the next render (colour scheme changed). */
  invalidate(): void {
    this.heatmap.invalidate();
    this.weights?.invalidate();
    this.activations.invalidate();
    this.mask?.invalidate();
  }

  private renderError(c: CardContext): void {
    toggleClass(this.root, 'is-error', c.offending);
    toggleClass(this.root, 'is-over-budget', c.offending && c.overBudget);
    toggleClass(this.root, 'is-blocked', c.blockedBy !== null);
    setHidden(this.error, !(c.offending && c.snap?.error));
    if (c.offending && c.snap?.error) {
      // The fix applies to a real mismatch only: a Linear whose in features differ from the
      // last dimension the engine saw coming in (not, e.g., a memory budget error).
      const last = c.snap.inputShape?.[c.snap.inputShape.length - 1];
      const canFix = !this.locked && c.spec?.kind === 'linear' && last !== undefined && c.spec.in !== last;
      // The failure's message leaves out the engine's "layer 2 " position (counted from 0):
      // the card already shows which block this is, counted from 1.
      const message = c.failure ?? c.snap.error;
      const kind = c.overBudget ? 'Over the memory budget' : canFix ? 'Shape error' : 'Cannot run';
      setText(this.errorText, c.overBudget ? `${kind}: ${message.replace(/^over the memory budget: /, '')}` : `${kind}: ${message}`);
      this.fixValue = last ?? 0;
      setHidden(this.fix, !canFix);
      setText(this.fix, `Set in features to ${last ?? ''}`);
    }
    setHidden(this.blocked, c.blockedBy === null);
    if (c.blockedBy !== null) {
      const why = c.overBudget ? 'is over the memory budget' : 'has an error';
      setText(this.blocked, `Not computed: block ${c.blockedBy + 1} ${why}.`);
    }
  }

  /** x, W, b and y of a tiny Linear; null when any is unknown. */
  private numberParts(c: CardContext, output: Float32Array | null): Parameters<NumberTables['render']>[0] {
    const small = c.snap?.error === null ? c.snap.weights?.small : null;
    const input = c.snap?.inputShape;
    if (!small || !output || !c.inputValues || c.spec?.kind !== 'linear' || !input) return null;
    const { in: i, out: o } = c.spec;
    const rows = c.inputValues.length / i;
    return {
      x: { name: 'x', values: c.inputValues, rows, cols: i },
      w: { name: 'W', values: small.weight, rows: i, cols: o },
      b: small.bias ? { name: 'b', values: small.bias, rows: 1, cols: o } : null,
      y: { name: 'y', values: output, rows, cols: o },
    };
  }

  private renderValues(c: CardContext): void {
    const snap = c.snap;
    const ok = snap !== null && snap.error === null;
    const values = ok ? snap.values : null;
    const shape = snap?.outputShape ?? [];
    const waiting = ok && !c.computingValues && values === null && c.valuesNote !== null;
    setHidden(this.status, !(ok && ((c.computingValues && c.valuesSlow) || waiting)));
    setText(this.status, c.computingValues ? 'computing values…' : (c.valuesNote ?? ''));
    toggleClass(this.visuals, 'is-stale', c.computingValues && c.valuesSlow);
    const dropout = ok ? snap.dropout : null;
    const showMask = this.mask !== null && c.training && c.view.masks && (dropout !== null || c.computingValues);
    if (this.mask) {
      setHidden(this.mask.root, !showMask);
      // While values are on their way the card's last mask and summary stay (no flicker per edit).
      if (!(c.computingValues && this.maskShown)) setHidden(this.mask.summary, !(ok && c.training && dropout !== null));
      if (dropout && c.training) {
        this.mask.render(dropout, snap?.inputShape ?? shape);
        this.maskShown = true;
      }
    }
    if (this.passthrough) setHidden(this.passthrough, !(ok && !c.training));
    const showHeat = c.view.heatmaps && (values !== null || (ok && c.computingValues));
    setHidden(this.heatmap.root, !showHeat);
    if (values && c.view.heatmaps) this.heatmap.render(values.output, shape);
    const weights = ok ? snap.weights : null;
    if (this.weights) {
      setHidden(this.weights.root, !(c.view.histograms && weights !== null));
      if (weights && c.view.histograms) this.weights.render(weights.histogram, weights.stats);
    }
    const showAct = c.view.histograms && (values !== null || (ok && c.computingValues));
    setHidden(this.activations.root, !showAct);
    if (values && c.view.histograms) this.activations.render(values.outputHistogram, values.outputStats);
    if (values !== null || !c.computingValues) this.numbers?.render(this.numberParts(c, values?.output ?? null));
    setHidden(this.visuals, !(showMask || showHeat || showAct || (this.weights !== null && !this.weights.root.hidden)));
  }
}
