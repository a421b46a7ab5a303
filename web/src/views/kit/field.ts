// A text field validated on every keystroke. Valid text is handed to `onValid` (which edits
// the model); invalid text stays in the field with its message next to it, wired up with
// aria-invalid and aria-describedby, and the model (so the network on screen) is untouched.
import type { Validated } from '../../model/network/validate.ts';
import { activeElementOf, el, setAttr, setHidden, setText, uniqueId } from './dom.ts';

export interface FieldOptions<T> {
  label: string;
  /** Extra class on the wrapper, e.g. "field-narrow". */
  className?: string;
  inputMode?: 'numeric' | 'decimal' | 'text';
  /** Shown after the input: a unit. */
  suffix?: string;
  /** Shown under the input. */
  hint?: string;
  validate(text: string): Validated<T>;
  onValid(value: T): void;
  format?(value: T): string;
}

export class Field<T> {
  readonly root: HTMLElement;
  readonly input: HTMLInputElement;
  private readonly error: HTMLElement;
  private readonly errorId: string;
  private shown: string | null = null;
  private generation = -1;

  constructor(private readonly options: FieldOptions<T>) {
    const id = uniqueId('field');
    this.errorId = `${id}-error`;
    this.input = el('input', {
      id,
      type: 'text',
      inputmode: options.inputMode ?? 'numeric',
      autocomplete: 'off',
      spellcheck: 'false',
      class: 'field-input',
    });
    const label = el('label', { for: id, class: 'field-label', text: options.label });
    const row = el('span', { class: 'field-row' }, [this.input]);
    if (options.suffix) row.append(el('span', { class: 'field-suffix', text: options.suffix }));
    this.error = el('span', { id: this.errorId, class: 'field-error', 'aria-live': 'polite', hidden: true });
    this.root = el('div', { class: `field ${options.className ?? ''}`.trim() }, [label, row, this.error]);
    if (options.hint) this.root.append(el('span', { class: 'hint', text: options.hint }));
    this.input.addEventListener('input', () => this.commit());
    this.input.addEventListener('blur', () => {
      // Leaving a valid field tidies its text ("0256" -> "256").
      if (this.input.getAttribute('aria-invalid') !== 'true' && this.shown !== null) this.input.value = this.shown;
    });
  }

  /**
   * Shows the model's value. Text the learner is typing (valid or not) is kept while the
   * model value it produced is unchanged, and dropped when the model changes under it or the
   * whole model is replaced (`generation`).
   */
  sync(value: T, generation: number): void {
    const text = (this.options.format ?? String)(value);
    const replaced = generation !== this.generation;
    this.generation = generation;
    if (text === this.shown && !replaced) return;
    const typing = activeElementOf(this.input) === this.input && !replaced;
    this.shown = text;
    if (typing && this.input.getAttribute('aria-invalid') !== 'true') {
      // The learner's own text produced this value; leave the caret where it is.
      const read = this.options.validate(this.input.value);
      if (read.ok && (this.options.format ?? String)(read.value) === text) return;
    }
    this.input.value = text;
    this.showError(null);
  }

  setDisabled(disabled: boolean): void {
    this.input.disabled = disabled;
  }

  private commit(): void {
    const read = this.options.validate(this.input.value);
    if (read.ok) {
      this.showError(null);
      this.options.onValid(read.value);
    } else {
      this.showError(read.error);
    }
  }

  private showError(message: string | null): void {
    setText(this.error, message ?? '');
    setHidden(this.error, message === null);
    setAttr(this.input, 'aria-invalid', message === null ? null : 'true');
    setAttr(this.input, 'aria-describedby', message === null ? null : this.errorId);
  }
}
