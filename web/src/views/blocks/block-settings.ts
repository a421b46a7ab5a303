// The inline settings of one block: Linear (in/out features, bias, init) and Dropout (p as a
// slider and a number). Every control edits the model through `edit`; nothing else.
import { type Block, INIT_INFO, INIT_SCHEMES, isInitScheme } from '../../vocabulary/blocks.ts';
import { linkInFeatures, unlinkInFeatures, updateBlock } from '../../model/network/network.ts';
import { validateDropoutP, validateInFeatures, validateOutFeatures } from '../../model/network/validate.ts';
import { el, setText, uniqueId } from '../kit/dom.ts';
import type { Edit } from '../../app/store.ts';
import { Field } from '../kit/field.ts';

export interface SettingsContext {
  block: Block;
  /** The in features the engine gets for a Linear (linked or set by hand). */
  inFeatures: number | null;
  generation: number;
}

export interface BlockSettings {
  readonly root: HTMLElement;
  render(context: SettingsContext): void;
}

function checkbox(label: string, onChange: (checked: boolean) => void): { root: HTMLElement; input: HTMLInputElement } {
  const id = uniqueId('check');
  const input = el('input', { id, type: 'checkbox' });
  input.addEventListener('change', () => onChange(input.checked));
  return { root: el('div', { class: 'check' }, [input, el('label', { for: id, text: label })]), input };
}

export class LinearSettings implements BlockSettings {
  readonly root: HTMLElement;
  private readonly inField: Field<number>;
  private readonly outField: Field<number>;
  private readonly linked: HTMLInputElement;
  private readonly bias: HTMLInputElement;
  private readonly init: HTMLSelectElement;
  private readonly initHint: HTMLElement;

  constructor(id: string, edit: Edit, locked = false) {
    this.inField = new Field({
      label: 'In features',
      validate: validateInFeatures,
      onValid: (v) => edit((m) => updateBlock(m, id, { inFeatures: v }), `${id}:in`),
    });
    const link = checkbox('follow previous', (on) => edit((m) => (on ? linkInFeatures(m, id) : unlinkInFeatures(m, id))));
    this.linked = link.input;
    this.inField.root.append(link.root);
    this.outField = new Field({
      label: 'Out features',
      validate: validateOutFeatures,
      onValid: (v) => edit((m) => updateBlock(m, id, { outFeatures: v }), `${id}:out`),
    });
    const bias = checkbox('Bias', (on) => edit((m) => updateBlock(m, id, { bias: on })));
    this.bias = bias.input;
    const initId = uniqueId('init');
    this.init = el(
      'select',
      { id: initId, class: 'select' },
      INIT_SCHEMES.map((s) => el('option', { value: s, text: INIT_INFO[s].label })),
    );
    this.init.addEventListener('change', () => {
      const value = this.init.value;
      if (isInitScheme(value)) edit((m) => updateBlock(m, id, { init: value }));
    });
    this.initHint = el('p', { class: 'hint' });
    const initField = el('div', { class: 'field field-init' }, [
      el('label', { for: initId, class: 'field-label', text: 'Init' }),
      this.init,
    ]);
    if (locked) {
      for (const f of [this.inField, this.outField]) f.setDisabled(true);
      for (const input of [this.linked, this.bias]) input.disabled = true;
      this.init.disabled = true;
    }
    this.root = el('div', { class: 'block-settings' }, [
      this.inField.root,
      this.outField.root,
      initField,
      el('div', { class: 'field field-bias' }, [el('span', { class: 'field-label', text: 'Options', 'aria-hidden': 'true' }), bias.root]),
      this.initHint,
    ]);
  }

  render({ block, inFeatures, generation }: SettingsContext): void {
    if (block.kind !== 'linear') return;
    this.inField.sync(inFeatures ?? 0, generation);
    this.outField.sync(block.outFeatures, generation);
    this.linked.checked = block.inFeatures === null;
    this.bias.checked = block.bias;
    if (this.init.value !== block.init) this.init.value = block.init;
    setText(this.initHint, INIT_INFO[block.init].description);
  }
}

export class DropoutSettings implements BlockSettings {
  readonly root: HTMLElement;
  private readonly pField: Field<number>;
  private readonly slider: HTMLInputElement;

  constructor(id: string, edit: Edit, locked = false) {
    const sliderId = uniqueId('p-slider');
    this.slider = el('input', { id: sliderId, type: 'range', min: 0, max: 1, step: 0.01, class: 'slider' });
    this.slider.addEventListener('input', () => {
      const read = validateDropoutP(this.slider.value);
      if (read.ok) edit((m) => updateBlock(m, id, { p: read.value }), `${id}:p`);
    });
    this.pField = new Field({
      label: 'p',
      className: 'field-narrow',
      inputMode: 'decimal',
      validate: validateDropoutP,
      onValid: (v) => edit((m) => updateBlock(m, id, { p: v }), `${id}:p`),
    });
    const sliderField = el('div', { class: 'field field-slider' }, [
      el('label', { for: sliderId, class: 'field-label', text: 'Drop probability p' }),
      this.slider,
    ]);
    if (locked) {
      this.slider.disabled = true;
      this.pField.setDisabled(true);
    }
    this.root = el('div', { class: 'block-settings' }, [sliderField, this.pField.root]);
  }

  render({ block, generation }: SettingsContext): void {
    if (block.kind !== 'dropout') return;
    this.pField.sync(block.p, generation);
    if (Number(this.slider.value) !== block.p) this.slider.value = String(block.p);
  }
}
