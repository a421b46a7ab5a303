// The stack of blocks between the input and output. Cards are kept per block id (and kind)
// and moved rather than rebuilt; reordering works by drag and drop on the handle and by the
// move buttons, with keyboard focus kept on the button that was pressed. The block last
// clicked or focused is the selected one (new blocks go after it); a new block is scrolled to,
// focused and announced, and removing a block moves focus to its neighbour.
import type { AppState } from '../../app/store.ts';
import { type ViewOptions, layerSpecs, moveBlock } from '../../model/network/network.ts';
import { BlockCard } from './block-card.ts';
import type { Edit } from '../../app/store.ts';
import { type BlockKind, BLOCK_INFO } from '../../vocabulary/blocks.ts';
import { activeElementOf, el, setAttr, setHidden, setText, toggleClass } from '../kit/dom.ts';
import { formatShape, formatCount } from '../kit/format.ts';

export interface BlockListOptions {
  /** Read-only network: no move/duplicate/remove buttons, no dragging, settings disabled. */
  locked: boolean;
  /** Pictures never drawn, whatever the model's view options say (embed `hide=`). */
  offViews: readonly (keyof ViewOptions)[];
}

/** The note over the cards during a training run: whose weights and values they show. */
export function valuesSource(state: Readonly<AppState>): string {
  if (state.valuesProblem) return state.valuesProblem;
  const steps = state.snapshot?.trainedSteps ?? null;
  if (steps === null || steps === 0) return 'Weights and values: initial weights (from the seed).';
  return `Weights and values: trained · step ${formatCount(steps)} (the training worker's current weights).`;
}

export class BlockList {
  readonly root: HTMLElement;
  private readonly list: HTMLOListElement;
  private readonly empty: HTMLElement;
  private readonly inputShape: HTMLElement;
  private readonly outputShape: HTMLElement;
  /** Whose weights the cards show, once training started: the worker's after N steps, or the seed's. */
  private readonly source: HTMLElement;
  private readonly dropLine: HTMLElement;
  private readonly cards = new Map<string, BlockCard>();
  private dragId: string | null = null;
  private dropIndex = -1;
  /** The block new blocks go after; null: at the end. */
  private selectedId: string | null = null;
  /** A block to scroll to, focus and announce once it is rendered. */
  private revealId: string | null = null;
  /** Block ids in the order last rendered. */
  private order: string[] = [];
  private readonly announcer: HTMLElement;
  /** Called when the selection changes, so the palette can say where blocks go. */
  onSelect: () => void = () => undefined;

  constructor(
    private readonly edit: Edit,
    private readonly options: BlockListOptions = { locked: false, offViews: [] },
  ) {
    this.inputShape = el('span', { class: 'mono', 'data-stat': 'input-shape' });
    this.outputShape = el('span', { class: 'mono', 'data-stat': 'output-shape' });
    this.source = el('p', { class: 'values-status values-source', 'data-values-source': '', hidden: true });
    this.list = el('ol', { class: 'block-list', 'aria-label': 'Blocks' });
    this.empty = el('p', { class: 'empty-state', text: 'No blocks yet. Add one with the buttons above, or load a preset.' });
    this.dropLine = el('div', { class: 'drop-line', hidden: true });
    this.empty.tabIndex = -1;
    this.announcer = el('p', { class: 'visually-hidden', 'aria-live': 'polite', 'data-announcer': 'blocks' });
    this.root = el('section', { class: 'network', 'aria-label': 'Network' }, [
      this.announcer,
      el('div', { class: 'flow-node flow-input' }, [el('span', { class: 'flow-label', text: 'Input' }), this.inputShape]),
      this.source,
      this.list,
      this.empty,
      this.dropLine,
      el('div', { class: 'flow-node flow-output' }, [el('span', { class: 'flow-label', text: 'Output' }), this.outputShape]),
    ]);
    const select = (e: Event): void => {
      const cardNode = e.target instanceof Element ? e.target.closest<HTMLElement>('.block-card') : null;
      const id = cardNode?.dataset.id ?? null;
      if (id === null || id === this.selectedId) return;
      this.selectedId = id;
      this.markSelected();
      this.onSelect();
    };
    this.list.addEventListener('focusin', select);
    this.list.addEventListener('pointerdown', select);
    this.list.addEventListener('dragover', (e) => this.onDragOver(e));
    this.list.addEventListener('drop', (e) => this.onDrop(e));
    this.list.addEventListener('dragleave', (e) => {
      if (e.relatedTarget instanceof Node && this.list.contains(e.relatedTarget)) return;
      setHidden(this.dropLine, true);
    });
  }

  /** Where the palette inserts: right after the selected block, or at the end. */
  insertionIndex(model: AppState['model']): number {
    const i = this.selectedId === null ? -1 : model.blocks.findIndex((b) => b.id === this.selectedId);
    return i < 0 ? model.blocks.length : i + 1;
  }

  /** "after block 3 (ReLU)" or "at the end", for the palette. */
  insertionText(model: AppState['model']): string {
    const at = this.insertionIndex(model);
    const before = model.blocks[at - 1];
    if (at === model.blocks.length || before === undefined) return 'at the end';
    return `after block ${at} (${BLOCK_INFO[before.kind].label})`;
  }

  /** No block selected: the palette adds at the end. */
  clearSelection(): void {
    this.selectedId = null;
    this.markSelected();
  }

  /** After the next render: scroll to the block, focus its card, announce it, select it. */
  reveal(id: string): void {
    this.revealId = id;
  }

  /** Says `text` to screen readers (and to tests) without moving focus. */
  announce(text: string): void {
    // Cleared first, so the same sentence twice is read twice.
    this.announcer.textContent = '';
    this.announcer.textContent = text;
  }

  render(state: Readonly<AppState>): void {
    const { model, snapshot } = state;
    const previousOrder = this.order;
    this.order = model.blocks.map((b) => b.id);
    const specs = layerSpecs(model);
    setText(this.inputShape, formatShape([model.input.batch, ...model.input.features]));
    setText(this.outputShape, snapshot && !snapshot.error ? formatShape(snapshot.outputShape) : '—');
    setHidden(this.source, !state.trainingRun);
    if (state.trainingRun) setText(this.source, valuesSource(state));
    const failed = snapshot?.failure?.block ?? -1;
    const focused = activeElementOf(this.root);
    const view = { ...model.view };
    for (const off of this.options.offViews) view[off] = false;
    let valuesNote: string | null = null;
    if (state.refusal) valuesNote = 'Values not computed: the network is over the memory budget (see the marked block).';
    else if (snapshot?.error) valuesNote = 'Values are computed once the shape error below is fixed.';
    else if (snapshot?.valuesSkipped) valuesNote = `Values not computed: ${snapshot.valuesSkipped}.`;
    const keep = new Set<string>();
    let cursor: ChildNode | null = this.list.firstChild;
    model.blocks.forEach((block, index) => {
      const key = `${block.id}:${block.kind}`;
      keep.add(key);
      let card = this.cards.get(key);
      if (!card) {
        card = new BlockCard(block, this.edit, this.options.locked);
        this.cards.set(key, card);
        if (!this.options.locked) this.wireDrag(card, block.id);
      }
      if (card.root !== cursor) this.list.insertBefore(card.root, cursor);
      cursor = card.root.nextSibling;
      const snap = snapshot && snapshot.blocks.length === model.blocks.length ? (snapshot.blocks[index] ?? null) : null;
      card.render({
        block,
        index,
        count: model.blocks.length,
        spec: specs[index],
        snap,
        offending: failed === index,
        failure: failed === index ? (snapshot?.failure?.message ?? null) : null,
        blockedBy: failed >= 0 && index > failed ? failed : null,
        overBudget: state.refusal !== null,
        training: model.training,
        view,
        generation: state.generation,
        computingValues: state.computingValues,
        valuesSlow: state.valuesSlow,
        valuesNote,
        inputValues: index === 0 ? (snapshot?.input ?? null) : (snap && snapshot ? (snapshot.blocks[index - 1]?.values?.output ?? null) : null),
      });
    });
    let removedFocus: { index: number; kind: BlockKind } | null = null;
    for (const [key, card] of this.cards) {
      if (!keep.has(key)) {
        if (focused instanceof Node && card.root.contains(focused)) {
          removedFocus = { index: previousOrder.indexOf(card.root.dataset.id ?? ''), kind: card.kind };
        }
        card.root.remove();
        this.cards.delete(key);
      }
    }
    setHidden(this.empty, model.blocks.length > 0);
    if (this.selectedId !== null && !model.blocks.some((b) => b.id === this.selectedId)) this.selectedId = null;
    this.markSelected();
    if (removedFocus !== null) {
      this.focusNeighbour(model, removedFocus.index);
      this.announce(`Removed ${BLOCK_INFO[removedFocus.kind].label} (block ${removedFocus.index + 1}). Undo: Ctrl+Z.`);
    }
    else this.restoreFocus(focused);
    this.revealPending(model);
  }

  private markSelected(): void {
    for (const card of this.cards.values()) {
      const on = card.root.dataset.id === this.selectedId;
      toggleClass(card.root, 'is-selected', on);
      setAttr(card.root, 'aria-current', on ? 'true' : null);
    }
  }

  private cardOf(id: string): BlockCard | undefined {
    for (const card of this.cards.values()) if (card.root.dataset.id === id) return card;
    return undefined;
  }

  /** The focused block went away (Remove): focus the block now in its place, or the one before. */
  private focusNeighbour(model: AppState['model'], index: number): void {
    const neighbour = model.blocks[Math.min(index, model.blocks.length - 1)];
    const card = neighbour ? this.cardOf(neighbour.id) : undefined;
    if (card) {
      card.root.focus();
      this.selectedId = card.root.dataset.id ?? null;
      this.markSelected();
      this.onSelect();
    } else {
      this.empty.focus();
    }
  }

  private revealPending(model: AppState['model']): void {
    if (this.revealId === null) return;
    const id = this.revealId;
    const card = this.cardOf(id);
    if (!card) return;
    this.revealId = null;
    const index = model.blocks.findIndex((b) => b.id === id);
    const block = model.blocks[index];
    card.root.scrollIntoView({ block: 'start', behavior: 'smooth' });
    card.root.focus({ preventScroll: true });
    this.selectedId = id;
    this.markSelected();
    this.onSelect();
    if (block) this.announce(`Added ${BLOCK_INFO[block.kind].label} as block ${index + 1} of ${model.blocks.length}.`);
  }

  invalidate(): void {
    for (const card of this.cards.values()) card.invalidate();
  }

  /** Moving a node blurs it; put focus back, or on its enabled twin (Move up ⇄ Move down). */
  private restoreFocus(focused: Element | null): void {
    if (!(focused instanceof HTMLElement) || focused === activeElementOf(this.root)) return;
    if (!focused.isConnected) return;
    if (focused instanceof HTMLButtonElement && focused.disabled) {
      const twin = focused.parentElement?.querySelector<HTMLButtonElement>('.icon-button:not([disabled])');
      twin?.focus();
    } else {
      focused.focus();
    }
  }

  private wireDrag(card: BlockCard, id: string): void {
    // The handle is what gets dragged (so text in the card's fields stays selectable); the
    // whole card is shown as the drag image.
    card.handle.setAttribute('draggable', 'true');
    card.handle.addEventListener('dragstart', (e) => {
      this.dragId = id;
      card.root.classList.add('is-dragging');
      if (e.dataTransfer) {
        e.dataTransfer.setData('text/plain', id);
        e.dataTransfer.effectAllowed = 'move';
        e.dataTransfer.setDragImage(card.root, 24, 20);
      }
    });
    card.handle.addEventListener('dragend', () => {
      this.dragId = null;
      card.root.classList.remove('is-dragging');
      setHidden(this.dropLine, true);
    });
  }

  private onDragOver(e: DragEvent): void {
    if (this.dragId === null) return;
    e.preventDefault();
    if (e.dataTransfer) e.dataTransfer.dropEffect = 'move';
    const items = [...this.list.children] as HTMLElement[];
    let index = items.length;
    for (const [i, item] of items.entries()) {
      const box = item.getBoundingClientRect();
      if (e.clientY < box.top + box.height / 2) {
        index = i;
        break;
      }
    }
    this.dropIndex = index;
    const ref = items[index] ?? items[items.length - 1];
    if (!ref) return;
    const rootBox = this.root.getBoundingClientRect();
    const box = ref.getBoundingClientRect();
    const y = index < items.length ? box.top - 6 : box.bottom + 6;
    this.dropLine.style.top = `${y - rootBox.top}px`;
    setHidden(this.dropLine, false);
  }

  private onDrop(e: DragEvent): void {
    const id = this.dragId;
    if (id === null) return;
    e.preventDefault();
    setHidden(this.dropLine, true);
    const from = [...this.list.children].findIndex((n) => n instanceof HTMLElement && n.dataset.id === id);
    // Dropping below itself: the slot index counts the dragged card, which moves out first.
    const to = from >= 0 && this.dropIndex > from ? this.dropIndex - 1 : this.dropIndex;
    this.edit((m) => moveBlock(m, id, to));
  }
}
