// Presets and the palette of blocks to add.
import { BLOCK_INFO, BLOCK_KINDS } from '../model/blocks.ts';
import { type NetworkModel, addBlock, canAddBlock } from '../model/network.ts';
import { PRESETS } from '../model/presets.ts';
import { LIMITS } from '../model/validate.ts';
import type { Edit } from './block-settings.ts';
import { el, setHidden, setText } from './dom.ts';

export class Toolbar {
  readonly presets: HTMLElement;
  readonly palette: HTMLElement;
  private readonly addButtons: HTMLButtonElement[] = [];
  private readonly full: HTMLElement;

  constructor(edit: Edit, loadPreset: (model: NetworkModel) => void) {
    const presetButtons = PRESETS.map((preset) => {
      const b = el('button', { type: 'button', class: 'chip', 'data-preset': preset.id, title: preset.description, text: preset.name });
      b.addEventListener('click', () => loadPreset(preset.model));
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
      b.addEventListener('click', () => edit((m) => addBlock(m, kind)));
      this.addButtons.push(b);
      return b;
    });
    this.full = el('p', { class: 'hint', hidden: true });
    this.palette = el('div', { class: 'palette', role: 'group', 'aria-label': 'Add a block at the end' }, [...adds, this.full]);
  }

  render(model: NetworkModel): void {
    const can = canAddBlock(model);
    for (const b of this.addButtons) b.disabled = !can;
    setHidden(this.full, can);
    if (!can) setText(this.full, `At most ${LIMITS.maxBlocks} blocks.`);
  }
}
