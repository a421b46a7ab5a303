// The input tensor: batch size, feature shape and what fills it.
import type { AppState } from '../../app/store.ts';
import { type InputData, INPUT_DATA, setInput } from '../../model/network/network.ts';
import { validateBatch, validateFeatures } from '../../model/network/validate.ts';
import type { Edit } from '../../app/store.ts';
import { el, setText, uniqueId } from '../kit/dom.ts';
import { Field } from '../kit/field.ts';
import { formatShape } from '../kit/format.ts';

const DATA_LABELS: { readonly [K in InputData]: string } = {
  normal: 'Random normal (seeded)',
  ones: 'All ones',
  sample: 'Sample pattern',
};

function isInputData(text: string): text is InputData {
  return (INPUT_DATA as readonly string[]).includes(text);
}

export class InputPanel {
  readonly root: HTMLElement;
  private readonly batch: Field<number>;
  private readonly features: Field<number[]>;
  private readonly data: HTMLSelectElement;
  private readonly shape: HTMLElement;

  /** `locked`: the fields show the input but cannot change it. */
  constructor(edit: Edit, locked = false) {
    this.batch = new Field({
      label: 'Batch size',
      validate: validateBatch,
      onValid: (batch) => edit((m) => (m.input.batch === batch ? m : setInput(m, { batch })), 'input:batch'),
    });
    this.features = new Field<number[]>({
      label: 'Feature shape',
      inputMode: 'text',
      hint: '784, or 28x28 with a Flatten block',
      validate: (text) => validateFeatures(text),
      format: (sizes) => sizes.join('x'),
      onValid: (features) => edit((m) => (m.input.features.join('x') === features.join('x') ? m : setInput(m, { features })), 'input:features'),
    });
    const dataId = uniqueId('data');
    this.data = el(
      'select',
      { id: dataId, class: 'select' },
      INPUT_DATA.map((d) => el('option', { value: d, text: DATA_LABELS[d] })),
    );
    this.data.addEventListener('change', () => {
      const value = this.data.value;
      if (isInputData(value)) edit((m) => setInput(m, { data: value }));
    });
    if (locked) {
      this.batch.setDisabled(true);
      this.features.setDisabled(true);
      this.data.disabled = true;
    }
    this.shape = el('span', { class: 'mono', 'data-stat': 'input-tensor' });
    this.root = el('section', { class: 'panel', 'aria-labelledby': 'input-title' }, [
      el('h2', { id: 'input-title', class: 'panel-title', text: 'Input' }),
      el('div', { class: 'field-grid' }, [this.batch.root, this.features.root]),
      el('div', { class: 'field' }, [el('label', { for: dataId, class: 'field-label', text: 'Data' }), this.data]),
      el('p', { class: 'panel-foot' }, [el('span', { text: 'Tensor ' }), this.shape]),
    ]);
  }

  render(state: Readonly<AppState>): void {
    const { input } = state.model;
    this.batch.sync(input.batch, state.generation);
    this.features.sync(input.features, state.generation);
    if (this.data.value !== input.data) this.data.value = input.data;
    setText(this.shape, formatShape([input.batch, ...input.features]));
  }
}
