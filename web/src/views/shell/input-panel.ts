// The input tensor: batch size, feature shape and what fills it (a small input can be typed
// in, as the course writes it: x = [[1, 2, 3]]).
import type { AppState } from '../../app/store.ts';
import { type Matrix, TYPED_LIMITS, formatMatrix, parseMatrix, typeable } from '../../model/network/input-matrix.ts';
import { type InputData, INPUT_DATA, setInput } from '../../model/network/network.ts';
import { validateBatch, validateFeatures } from '../../model/network/validate.ts';
import type { Edit } from '../../app/store.ts';
import { el, setHidden, setText, uniqueId } from '../kit/dom.ts';
import { Field } from '../kit/field.ts';
import { formatShape } from '../kit/format.ts';

const DATA_LABELS: { readonly [K in InputData]: string } = {
  normal: 'Random normal (seeded)',
  ones: 'All ones',
  sample: 'Sample pattern',
  typed: 'Typed values',
};

/** What a newly typed input starts as: 1, 2, 3, ... row by row ([[1, 2, 3]] for 1 × 3). */
function counting(rows: number, columns: number): number[] {
  return Array.from({ length: rows * columns }, (_, i) => i + 1);
}

function isInputData(text: string): text is InputData {
  return (INPUT_DATA as readonly string[]).includes(text);
}

export class InputPanel {
  readonly root: HTMLElement;
  private readonly batch: Field<number>;
  private readonly features: Field<number[]>;
  private readonly data: HTMLSelectElement;
  private readonly typedOption: HTMLOptionElement;
  private readonly typed: Field<Matrix>;
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
    this.typedOption = this.data.querySelector<HTMLOptionElement>('option[value="typed"]')!;
    this.data.addEventListener('change', () => {
      const value = this.data.value;
      if (value === 'typed') {
        edit((m) => (m.input.data === 'typed' ? m : setInput(m, { data: 'typed', values: m.input.values ?? counting(m.input.batch, m.input.features[0] ?? 0) })));
      } else if (isInputData(value)) edit((m) => setInput(m, { data: value }));
    });
    this.typed = new Field<Matrix>({
      label: 'x (rows × features)',
      className: 'field-matrix',
      inputMode: 'text',
      hint: `A list of rows, as in x = [[1, 2, 3]]; up to ${TYPED_LIMITS.rows} rows of ${TYPED_LIMITS.columns} values. The rows set the batch, the values per row the features.`,
      validate: parseMatrix,
      format: (m) => formatMatrix(m.values, m.columns),
      onValid: (m) => edit((model) => setInput(model, { batch: m.rows, features: [m.columns], data: 'typed', values: m.values }), 'input:typed'),
    });
    this.typed.input.dataset.input = 'typed';
    if (locked) {
      this.batch.setDisabled(true);
      this.features.setDisabled(true);
      this.data.disabled = true;
      this.typed.setDisabled(true);
    }
    this.shape = el('span', { class: 'mono', 'data-stat': 'input-tensor' });
    this.root = el('section', { class: 'panel', 'aria-labelledby': 'input-title' }, [
      el('h2', { id: 'input-title', class: 'panel-title', text: 'Input' }),
      el('div', { class: 'field-grid' }, [this.batch.root, this.features.root]),
      el('div', { class: 'field' }, [el('label', { for: dataId, class: 'field-label', text: 'Data' }), this.data]),
      this.typed.root,
      el('p', { class: 'panel-foot' }, [el('span', { text: 'Tensor ' }), this.shape]),
    ]);
  }

  render(state: Readonly<AppState>): void {
    const { input } = state.model;
    this.batch.sync(input.batch, state.generation);
    this.features.sync(input.features, state.generation);
    if (this.data.value !== input.data) this.data.value = input.data;
    const canType = typeable(input.batch, input.features);
    this.typedOption.disabled = !canType && input.data !== 'typed';
    this.typedOption.textContent = canType ? DATA_LABELS.typed : `${DATA_LABELS.typed} (inputs up to ${TYPED_LIMITS.rows} × ${TYPED_LIMITS.columns})`;
    const shown = input.data === 'typed' && input.values !== undefined;
    setHidden(this.typed.root, !shown);
    if (shown) this.typed.sync({ rows: input.batch, columns: input.features[0] ?? 0, values: [...input.values!] }, state.generation);
    setText(this.shape, formatShape([input.batch, ...input.features]));
  }
}
