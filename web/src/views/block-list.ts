// The stack of blocks between the input and output. Cards are kept per block id (and kind)
// and moved rather than rebuilt; reordering works by drag and drop on the handle and by the
// move buttons, with keyboard focus kept on the button that was pressed.
import type { AppState } from '../app/store.ts';
import { type ViewOptions, layerSpecs, moveBlock } from '../model/network.ts';
import { BlockCard } from './block-card.ts';
import type { Edit } from './block-settings.ts';
import { activeElementOf, el, setHidden, setText } from './dom.ts';
import { formatShape } from './format.ts';

export interface BlockListOptions {
  /** Read-only network: no move/duplicate/remove buttons, no dragging, settings disabled. */
  locked: boolean;
  /** Pictures never drawn, whatever the model's view options say (embed `hide=`). */
  offViews: readonly (keyof ViewOptions)[];
}

export class BlockList {
  readonly root: HTMLElement;
  private readonly list: HTMLOListElement;
  private readonly empty: HTMLElement;
  private readonly inputShape: HTMLElement;
  private readonly outputShape: HTMLElement;
  private readonly dropLine: HTMLElement;
  private readonly cards = new Map<string, BlockCard>();
  private dragId: string | null = null;
  private dropIndex = -1;

  constructor(
    private readonly edit: Edit,
    private readonly options: BlockListOptions = { locked: false, offViews: [] },
  ) {
    this.inputShape = el('span', { class: 'mono', 'data-stat': 'input-shape' });
    this.outputShape = el('span', { class: 'mono', 'data-stat': 'output-shape' });
    this.list = el('ol', { class: 'block-list', 'aria-label': 'Blocks' });
    this.empty = el('p', { class: 'empty-state', text: 'No blocks yet. Add one with the buttons above, or load a preset.' });
    this.dropLine = el('div', { class: 'drop-line', hidden: true });
    this.root = el('section', { class: 'network', 'aria-label': 'Network' }, [
      el('div', { class: 'flow-node flow-input' }, [el('span', { class: 'flow-label', text: 'Input' }), this.inputShape]),
      this.list,
      this.empty,
      this.dropLine,
      el('div', { class: 'flow-node flow-output' }, [el('span', { class: 'flow-label', text: 'Output' }), this.outputShape]),
    ]);
    this.list.addEventListener('dragover', (e) => this.onDragOver(e));
    this.list.addEventListener('drop', (e) => this.onDrop(e));
    this.list.addEventListener('dragleave', (e) => {
      if (e.relatedTarget instanceof Node && this.list.contains(e.relatedTarget)) return;
      setHidden(this.dropLine, true);
    });
  }

  render(state: Readonly<AppState>): void {
    const { model, snapshot } = state;
    const specs = layerSpecs(model);
    setText(this.inputShape, formatShape([model.input.batch, ...model.input.features]));
    setText(this.outputShape, snapshot && !snapshot.error ? formatShape(snapshot.outputShape) : '—');
    const failed = snapshot ? snapshot.blocks.findIndex((b) => b.error !== null) : -1;
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
        blockedBy: failed >= 0 && index > failed ? failed : null,
        overBudget: state.refusal !== null,
        training: model.training,
        view,
        generation: state.generation,
        computingValues: state.computingValues,
        valuesNote,
      });
    });
    for (const [key, card] of this.cards) {
      if (!keep.has(key)) {
        card.root.remove();
        this.cards.delete(key);
      }
    }
    setHidden(this.empty, model.blocks.length > 0);
    this.restoreFocus(focused);
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
