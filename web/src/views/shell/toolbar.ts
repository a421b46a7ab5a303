// Presets, the palette of blocks to add (after the selected block, or at the end), and
// Undo / Redo.
import { type BlockKind, BLOCK_INFO, BLOCK_KINDS } from '../../vocabulary/blocks.ts';
import { type NetworkModel, canAddBlock } from '../../model/network/network.ts';
import { PRESETS } from '../../model/network/presets.ts';
import { LIMITS } from '../../model/network/validate.ts';
import { el, setAttr, setHidden, setText } from '../kit/dom.ts';

export interface ToolbarActions {
  /** Adds a block of `kind` where the palette says it goes. */
  add(kind: BlockKind): void;
  loadPreset(model: NetworkModel): void;
  undo(): void;
  redo(): void;
  /** Forgets the selected block, so new blocks go at the end again. */
  addAtEnd(): void;
}

export interface ToolbarState {
  model: NetworkModel;
  /** Where a new block goes, as words: "after block 3 (ReLU)" or "at the end". */
  where: string;
  undoSteps: number;
  redoSteps: number;
}

export class Toolbar {
  readonly presets: HTMLElement;
  readonly palette: HTMLElement;
  readonly history: HTMLElement;
  private readonly addButtons: HTMLButtonElement[] = [];
  private readonly full: HTMLElement;
  private readonly where: HTMLElement;
  private readonly atEnd: HTMLButtonElement;
  private readonly undo: HTMLButtonElement;
  private readonly redo: HTMLButtonElement;

  constructor(actions: ToolbarActions) {
    const presetButtons = PRESETS.map((preset) => {
      const b = el('button', { type: 'button', class: 'chip', 'data-preset': preset.id, title: preset.description, text: preset.name });
      b.addEventListener('click', () => actions.loadPreset(preset.model));
      return b;
    });
    this.presets = el('nav', { class: 'presets', 'aria-label': 'Presets' }, [
      el('span', { class: 'presets-label', text: 'Presets' }),
      ...presetButtons,
    ]);
    const adds = BLOCK_KINDS.map((kind) => {
      const label = BLOCK_INFO[kind].label;
      const b = el('button', { type: 'button', class: `add-button kind-${kind}`, title: BLOCK_INFO[kind].description }, [
        el('span', { class: 'add-plus', 'aria-hidden': 'true', text: '+' }),
        el('span', { text: label }),
      ]);
      b.setAttribute('aria-label', `Add ${label}`);
      b.addEventListener('click', () => actions.add(kind));
      this.addButtons.push(b);
      return b;
    });
    this.full = el('p', { class: 'hint', hidden: true });
    this.where = el('span', { id: 'palette-where' });
    this.atEnd = el('button', { type: 'button', class: 'link-button', text: 'Add at the end instead', hidden: true });
    this.atEnd.addEventListener('click', () => actions.addAtEnd());
    this.palette = el('div', { class: 'palette-wrap' }, [
      el('div', { class: 'palette', role: 'group', 'aria-label': 'Add a block', 'aria-describedby': 'palette-where' }, [...adds, this.full]),
      el('p', { class: 'hint palette-where' }, [this.where, this.atEnd]),
    ]);
    this.undo = el('button', { type: 'button', class: 'button', 'aria-keyshortcuts': 'Control+Z', title: 'Undo (Ctrl+Z)', text: 'Undo' });
    this.redo = el('button', { type: 'button', class: 'button', 'aria-keyshortcuts': 'Control+Shift+Z', title: 'Redo (Ctrl+Shift+Z)', text: 'Redo' });
    // aria-disabled rather than disabled: a button that just undid the last step keeps focus.
    this.undo.addEventListener('click', () => {
      if (this.undo.getAttribute('aria-disabled') !== 'true') actions.undo();
    });
    this.redo.addEventListener('click', () => {
      if (this.redo.getAttribute('aria-disabled') !== 'true') actions.redo();
    });
    this.history = el('div', { class: 'history-buttons', role: 'group', 'aria-label': 'Undo and redo' }, [this.undo, this.redo]);
  }

  render(state: ToolbarState): void {
    const can = canAddBlock(state.model);
    for (const b of this.addButtons) b.disabled = !can;
    setHidden(this.full, can);
    if (!can) setText(this.full, `At most ${LIMITS.maxBlocks} blocks.`);
    setText(this.where, `New blocks go ${state.where}.`);
    setHidden(this.atEnd, state.where === 'at the end');
    setAttr(this.undo, 'aria-disabled', state.undoSteps === 0 ? 'true' : 'false');
    setAttr(this.redo, 'aria-disabled', state.redoSteps === 0 ? 'true' : 'false');
  }
}
