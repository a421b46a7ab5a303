// "Predict first": while it is on, the figures a question is about are hidden on the page (the
// shell root's data-predict-hide lists them) until the learner has typed a prediction; then the
// panel shows the true value, its formula and, when wrong, the slip the answer matches. Each
// answer is handed to onAnswer (the page posts it to a host frame; the element fires an event).
import type { AppState } from '../../app/store.ts';
import { type Judgement, type Question, type QuestionId, questionsFor } from '../../learn/predict/questions.ts';
import { layerSpecs } from '../../model/network/network.ts';
import type { AnswerReport } from '../../share/answer-message.ts';
import { el, setHidden, setText, uniqueId } from '../kit/dom.ts';

export interface PredictPanelOptions {
  /** The questions asked (an embed's ask=); empty: every question, with the switch off. */
  ask: readonly QuestionId[];
  /** Where data-predict-hide goes: the element every hidden figure sits in. */
  hideIn: HTMLElement;
  onAnswer(report: AnswerReport): void;
}

interface Row {
  root: HTMLElement;
  input: HTMLInputElement | HTMLSelectElement;
  result: HTMLElement;
  prompt: HTMLElement;
  hint: HTMLElement;
  /** The question as last built; a changed network makes a new one (and clears the answer). */
  question: Question;
  key: string;
  answered: Judgement | null;
}

export class PredictPanel {
  readonly root: HTMLElement;
  private readonly toggle: HTMLButtonElement;
  private readonly list: HTMLElement;
  private readonly note: HTMLElement;
  private readonly rows = new Map<QuestionId, Row>();
  private on: boolean;
  private state: Readonly<AppState> | null = null;

  constructor(private readonly options: PredictPanelOptions) {
    this.on = options.ask.length > 0;
    const titleId = uniqueId('predict-title');
    this.toggle = el('button', { type: 'button', role: 'switch', class: 'switch', 'aria-checked': String(this.on), 'data-predict': 'switch' }, [
      el('span', { class: 'switch-track', 'aria-hidden': 'true' }, [el('span', { class: 'switch-thumb' })]),
      el('span', { class: 'switch-label', text: 'Predict first' }),
    ]);
    this.toggle.addEventListener('click', () => {
      this.on = !this.on;
      this.toggle.setAttribute('aria-checked', String(this.on));
      if (this.state) this.render(this.state, true);
    });
    this.note = el('p', { class: 'hint', text: 'Each figure below stays hidden until you type what you expect it to be. Whole numbers and shapes are checked exactly; sizes and fractions within 3 %.' });
    this.list = el('ol', { class: 'predict-list', 'aria-label': 'Questions' });
    this.root = el('section', { class: 'panel panel-predict', 'aria-labelledby': titleId, 'data-panel': 'predict' }, [
      el('div', { class: 'panel-head' }, [el('h2', { id: titleId, class: 'panel-title', text: 'Predict, then see' }), this.toggle]),
      this.note,
      this.list,
    ]);
  }

  render(state: Readonly<AppState>, force = false): void {
    if (!force && this.state && state.model === this.state.model && state.snapshot === this.state.snapshot) return;
    this.state = state;
    setHidden(this.note, !this.on);
    setHidden(this.list, !this.on);
    if (!this.on || !state.snapshot) {
      this.updateHidden();
      return;
    }
    const asked = this.options.ask;
    const questions = questionsFor(layerSpecs(state.model), state.snapshot, state.model.training).filter((q) => asked.length === 0 || asked.includes(q.id));
    const keep = new Set(questions.map((q) => q.id));
    for (const [id, row] of this.rows) {
      if (!keep.has(id)) {
        row.root.remove();
        this.rows.delete(id);
      }
    }
    questions.forEach((q) => {
      const key = `${q.prompt}|${q.expected}`;
      const row = this.rows.get(q.id);
      if (row && row.key === key) {
        row.question = q;
        return;
      }
      const fresh = this.makeRow(q, key);
      if (row) row.root.replaceWith(fresh.root);
      this.rows.set(q.id, fresh);
    });
    this.list.replaceChildren(...questions.map((q) => this.rows.get(q.id)!.root));
    this.updateHidden();
  }

  private makeRow(q: Question, key: string): Row {
    const inputId = uniqueId(`predict-${q.id}`);
    const input = q.choices
      ? el('select', { id: inputId, class: 'field-input', 'data-predict-input': q.id }, [el('option', { value: '', text: 'Choose…' }), ...q.choices.map((c) => el('option', { value: c.value, text: c.label }))])
      : el('input', { id: inputId, class: 'field-input', type: 'text', autocomplete: 'off', spellcheck: 'false', 'data-predict-input': q.id });
    const check = el('button', { type: 'button', class: 'button', 'data-predict-check': q.id, text: 'Check' });
    const result = el('div', { class: 'verdict', role: 'status', 'data-predict-result': q.id, hidden: true });
    const prompt = el('label', { for: inputId, class: 'predict-prompt', text: q.prompt });
    const hint = el('p', { class: 'hint', text: q.hint });
    const row: Row = { root: el('li', { class: 'predict-item', 'data-question': q.id }, [prompt, el('div', { class: 'check-row' }, [input, check]), hint, result]), input, result, prompt, hint, question: q, key, answered: null };
    const submit = (): void => this.answer(row);
    check.addEventListener('click', submit);
    input.addEventListener('keydown', (e) => {
      if ((e as KeyboardEvent).key === 'Enter') submit();
    });
    return row;
  }

  private answer(row: Row): void {
    const text = row.input.value;
    const r = row.question.judge(text);
    row.result.replaceChildren();
    setHidden(row.result, false);
    if (!r.ok) {
      row.result.dataset.status = 'unreadable';
      row.result.append(el('p', { text: r.message }));
      return;
    }
    const j = r.value;
    row.answered = j;
    row.result.dataset.status = j.correct ? 'correct' : 'wrong';
    row.result.append(
      el('strong', { text: j.correct ? 'Right.' : 'Not quite.' }),
      el('p', {}, ['Answer: ', el('span', { class: 'mono', 'data-predict-answer': row.question.id, text: j.expected })]),
      el('p', { class: 'mono predict-formula', text: j.formula }),
    );
    if (j.slip) row.result.append(el('p', { class: 'predict-slip', text: j.slip }));
    this.updateHidden();
    this.options.onAnswer({ question: row.question.id, answer: text, correct: j.correct });
  }

  /** Hidden: the figures of every question on show and not yet answered. */
  private updateHidden(): void {
    const hidden = this.on ? [...this.rows.values()].filter((r) => r.answered === null).map((r) => r.question.id) : [];
    const text = hidden.join(' ');
    if (text === '') delete this.options.hideIn.dataset.predictHide;
    else if (this.options.hideIn.dataset.predictHide !== text) this.options.hideIn.dataset.predictHide = text;
  }
}
