// "Check your layer": a test case as Python for the learner's notebook, a box for what their
// layer printed, and the verdict (match, a named bug, or the first mismatch). All of it is
// computed on this page from the case's seed: nothing is sent or stored.
import { BUGS } from '../../learn/check/bugs.ts';
import { CASE_KINDS, CASE_LABELS, type CaseKind, type CheckCase, casePython, makeCase } from '../../learn/check/cases.ts';
import { MAX_PASTE_CHARS } from '../../learn/check/parse-print.ts';
import { INIT_REL_TOL, KEPT_STDS, recognise, type Verdict } from '../../learn/check/recognise.ts';
import { copyRow } from '../kit/copy-button.ts';
import { el, setHidden, setText, uniqueId } from '../kit/dom.ts';

const HOW: { readonly [K in CaseKind]: string } = {
  linear: 'Runs your Linear on fixed x, W and b: every value must match y = x @ W + b.',
  relu: 'Runs your ReLU on fixed values: every value must match max(0, x).',
  sigmoid: 'Runs your Sigmoid on fixed values: every value must match 1 / (1 + exp(−x)).',
  'dropout-train': `Masks differ run to run, so the check reads the kept fraction (within ${KEPT_STDS} binomial standard deviations of 1 − p) and the survivors' value (1/(1 − p)).`,
  'dropout-eval': 'In evaluation mode Dropout must hand its input back unchanged: all ones.',
  init: `A fresh Linear(256, 512): the std of W must be sqrt(1/in) = 0.0625 within ${INIT_REL_TOL * 100} %.`,
  params: 'The number of elements parameters() returns must be in·out + out (W and b).',
};

const STATUS_TITLE: { readonly [K in Verdict['status']]: string } = {
  correct: 'Matches the reference',
  bug: 'A named bug',
  wrong: 'Does not match',
  unreadable: 'Could not read the output',
};

export class CheckTab {
  readonly root: HTMLElement;
  private readonly kind: HTMLSelectElement;
  private readonly how: HTMLElement;
  private readonly code: HTMLElement;
  private readonly output: HTMLTextAreaElement;
  private readonly verdict: HTMLElement;
  private readonly verdictTitle: HTMLElement;
  private readonly verdictText: HTMLElement;
  private seed: number | null = null;
  private current: CheckCase | null = null;

  constructor() {
    const kindId = uniqueId('check-kind');
    const outputId = uniqueId('check-output');
    this.kind = el('select', { id: kindId, class: 'field-input', 'data-check': 'kind' }, CASE_KINDS.map((k) => el('option', { value: k, text: CASE_LABELS[k] })));
    this.kind.addEventListener('change', () => this.show());
    const next = el('button', { type: 'button', class: 'button', 'data-check': 'new-case', text: 'New case' });
    next.addEventListener('click', () => {
      this.seed = ((this.seed ?? 0) + 1) >>> 0;
      this.show();
    });
    this.how = el('p', { class: 'hint' });
    this.code = el('code', { 'data-check': 'python' });
    this.output = el('textarea', { id: outputId, class: 'import-text check-output', rows: 6, spellcheck: 'false', 'data-check': 'output', placeholder: 'array([[ 0.52, -1.3 ,  0.07],\n       [ 1.1 ,  0.  , -0.25]])' });
    this.output.addEventListener('input', () => setHidden(this.verdict, true));
    const check = el('button', { type: 'button', class: 'button button-primary', 'data-check': 'run', text: 'Check' });
    check.addEventListener('click', () => this.check());
    this.verdictTitle = el('strong');
    this.verdictText = el('p');
    this.verdict = el('div', { class: 'verdict', role: 'status', 'data-check': 'verdict', hidden: true }, [this.verdictTitle, this.verdictText]);
    this.root = el('div', { class: 'check-tab' }, [
      el('p', { class: 'hint', text: 'Test your own Linear, ReLU, Sigmoid and Dropout: paste the case below into your notebook after your classes, run it, and paste what it printed.' }),
      el('div', { class: 'check-row' }, [el('label', { for: kindId, class: 'field-label', text: 'Layer to check' }), this.kind, next]),
      this.how,
      copyRow('test case', () => this.code.textContent ?? ''),
      el('pre', { class: 'code', tabindex: 0, 'aria-label': 'Test case in Python' }, [this.code]),
      el('label', { for: outputId, class: 'field-label', text: "Your layer's output" }),
      this.output,
      el('p', { class: 'hint', text: `NumPy's print or repr, nested lists, or one number; up to ${MAX_PASTE_CHARS.toLocaleString('en-US')} characters. Nothing leaves this page.` }),
      el('div', { class: 'code-actions' }, [check]),
      this.verdict,
    ]);
  }

  /** The first case follows the page's seed; "New case" moves on from there. */
  render(pageSeed: number): void {
    if (this.seed !== null) return;
    this.seed = pageSeed;
    this.show();
  }

  private show(): void {
    const kind = this.kind.value as CaseKind;
    this.current = makeCase(kind, this.seed ?? 0);
    setText(this.how, HOW[kind]);
    setText(this.code, casePython(this.current));
    setHidden(this.verdict, true);
  }

  private check(): void {
    if (!this.current) return;
    const v = recognise(this.current, this.output.value);
    this.verdict.dataset.status = v.status;
    if (v.status === 'bug') this.verdict.dataset.bug = v.bug;
    else delete this.verdict.dataset.bug;
    setText(this.verdictTitle, v.status === 'bug' ? `${STATUS_TITLE.bug}: ${BUGS[v.bug].title}` : STATUS_TITLE[v.status]);
    setText(this.verdictText, v.summary);
    setHidden(this.verdict, false);
  }
}
