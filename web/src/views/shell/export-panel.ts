// Export (PyTorch, course style, torchinfo) and import, as tabs. Text is only generated for
// the tab on show, and only when the model or snapshot changed.
import { copyText } from '../../app/clipboard.ts';
import type { AppState } from '../../app/store.ts';
import type { Snapshot } from '../../engine/snapshot.ts';
import { toPyTorch, torchinfoSummary } from '../../model/export/export.ts';
import { toCourseStyle } from '../../model/export/export-course.ts';
import { type ImportResult, type MissingName, fromPyTorch } from '../../model/import/import.ts';
import { candidatePreview } from '../../model/import/import-preview.ts';
import type { NetworkModel } from '../../model/network/network.ts';
import { el, setHidden, setText } from '../kit/dom.ts';
import { EmbedTab } from './embed-tab.ts';

type TabId = 'pytorch' | 'course' | 'torchinfo' | 'import' | 'embed';

export interface ExportPanelOptions {
  /** The Import tab (left out when the network is locked). */
  importTab: boolean;
  /** The Embed tab ("Copy embed code"), on the full page only. */
  embedTab: { pageUrl: () => string } | null;
}

interface Tab {
  id: TabId;
  label: string;
  button: HTMLButtonElement;
  panel: HTMLElement;
  code: HTMLElement | null;
  text(model: NetworkModel, snapshot: Snapshot | null): string;
}

function torchinfoText(snapshot: Snapshot | null): string {
  if (!snapshot) return '';
  return torchinfoSummary(snapshot.blocks, snapshot);
}

export class ExportPanel {
  readonly root: HTMLElement;
  private readonly tabs: Tab[] = [];
  private active: Tab;
  private shownFor: [NetworkModel | null, Snapshot | null, TabId | null] = [null, null, null];
  private state: Readonly<AppState> | null = null;
  private readonly importArea: HTMLTextAreaElement | null = null;
  private readonly problems: HTMLElement | null = null;
  /** The code as read, shown for the learner to accept; the network changes only on "Use this network". */
  private read: { result: ImportResult; box: HTMLElement; chooser: HTMLElement; choice: HTMLSelectElement; summary: HTMLElement; layers: HTMLElement; use: HTMLButtonElement } | null = null;
  /** Names the code uses without defining them (an earlier notebook cell's), and the values typed for them. */
  private missing: { box: HTMLElement; fields: HTMLElement; given: Map<string, string> } | null = null;
  private readonly embed: EmbedTab | null = null;

  constructor(
    private readonly importModel: (model: NetworkModel) => void,
    options: ExportPanelOptions = { importTab: true, embedTab: null },
  ) {
    const tablist = el('div', { class: 'tabs', role: 'tablist', 'aria-label': 'Export and import' });
    const make = (id: TabId, label: string, text: Tab['text']): Tab => {
      const button = el('button', { type: 'button', role: 'tab', id: `tab-${id}`, class: 'tab', 'aria-controls': `panel-${id}`, text: label });
      const panel = el('div', { role: 'tabpanel', id: `panel-${id}`, class: 'tab-panel', 'aria-labelledby': `tab-${id}` });
      tablist.append(button);
      const tab: Tab = { id, label, button, panel, code: null, text };
      button.addEventListener('click', () => this.select(tab));
      button.addEventListener('keydown', (e) => this.onTabKey(e, tab));
      this.tabs.push(tab);
      return tab;
    };
    const codeTabs: [TabId, string, Tab['text']][] = [
      ['pytorch', 'PyTorch', (m) => toPyTorch(m)],
      ['course', 'Course style', (m) => toCourseStyle(m)],
      ['torchinfo', 'torchinfo', (_m, s) => torchinfoText(s)],
    ];
    for (const [id, label, text] of codeTabs) {
      const tab = make(id, label, text);
      tab.code = el('code');
      const status = el('span', { class: 'copy-status', 'aria-live': 'polite' });
      const copy = el('button', { type: 'button', class: 'button', 'aria-label': `Copy ${label} text`, text: 'Copy' });
      copy.addEventListener('click', () => {
        void copyText(tab.code?.textContent ?? '').then((ok) => {
          setText(status, ok ? 'Copied' : 'Copy failed: select the text and copy it by hand');
          window.setTimeout(() => setText(status, ''), 2500);
        });
      });
      tab.panel.append(el('div', { class: 'code-actions' }, [copy, status]), el('pre', { class: 'code', tabindex: 0, 'aria-label': `${label} text` }, [tab.code]));
    }
    if (options.importTab) {
      const importTab = make('import', 'Import', () => '');
      const area = el('textarea', { id: 'import-text', class: 'import-text', rows: 8, spellcheck: 'false', placeholder: 'model = nn.Sequential(\n    nn.Linear(784, 256),\n    nn.ReLU(),\n)' });
      const readButton = el('button', { type: 'button', class: 'button', text: 'Read code' });
      const problems = el('ol', { class: 'import-problems', 'aria-live': 'polite', hidden: true });
      const choice = el('select', { id: 'import-choice', class: 'field-input' });
      const useButton = el('button', { type: 'button', class: 'button button-primary', text: 'Use this network' });
      const summary = el('p', { class: 'import-summary', 'aria-live': 'polite' });
      const layers = el('ol', { class: 'import-layers', 'aria-label': 'Layers read' });
      const chooser = el('div', {}, [el('label', { for: 'import-choice', class: 'field-label', text: 'Models found in the code' }), choice]);
      const box = el('div', { class: 'import-result', hidden: true }, [
        chooser,
        summary,
        layers,
        el('div', { class: 'code-actions' }, [useButton]),
      ]);
      const fields = el('div', { class: 'import-missing-fields' });
      const missingBox = el('div', { class: 'import-missing', role: 'group', 'aria-labelledby': 'import-missing-title', hidden: true }, [
        el('p', { id: 'import-missing-title', class: 'field-label', text: 'The code uses names it does not define (set in an earlier cell?). Give their values and read the code again:' }),
        fields,
        el('div', { class: 'code-actions' }, [el('button', { type: 'button', class: 'button', text: 'Read with these values' })]),
      ]);
      missingBox.querySelector('button')?.addEventListener('click', () => this.readImport());
      this.missing = { box: missingBox, fields, given: new Map() };
      readButton.addEventListener('click', () => this.readImport());
      choice.addEventListener('change', () => this.showCandidate());
      useButton.addEventListener('click', () => this.useImport());
      // Edited code must be read again before it can replace the network.
      area.addEventListener('input', () => {
        setHidden(box, true);
        setHidden(problems, true);
      });
      importTab.panel.append(
        el('label', { for: 'import-text', class: 'field-label', text: 'Paste PyTorch code: an nn.Sequential or a class X(nn.Module)' }),
        area,
        el('div', { class: 'code-actions' }, [readButton]),
        missingBox,
        box,
        problems,
      );
      this.read = { result: { candidates: [], problems: [], missing: [] }, box, chooser, choice, summary, layers, use: useButton };
      this.importArea = area;
      this.problems = problems;
    }
    if (options.embedTab) {
      const embedTab = make('embed', 'Embed', () => '');
      this.embed = new EmbedTab(options.embedTab.pageUrl);
      embedTab.panel.append(this.embed.root);
    }
    this.active = this.tabs[0]!;
    this.root = el('section', { class: 'panel panel-export', 'aria-labelledby': 'export-title' }, [
      el('h2', { id: 'export-title', class: 'panel-title', text: 'Code' }),
      tablist,
      ...this.tabs.map((t) => t.panel),
    ]);
    this.select(this.active, false);
  }

  render(state: Readonly<AppState>): void {
    this.state = state;
    const tab = this.active;
    if (tab.id === 'embed') this.embed?.render(state.model);
    if (!tab.code) return;
    const [m, s, id] = this.shownFor;
    if (m === state.model && s === state.snapshot && id === tab.id) return;
    this.shownFor = [state.model, state.snapshot, tab.id];
    setText(tab.code, tab.text(state.model, state.snapshot));
  }

  private select(tab: Tab, focus = false): void {
    this.active = tab;
    for (const t of this.tabs) {
      const on = t === tab;
      t.button.setAttribute('aria-selected', on ? 'true' : 'false');
      t.button.tabIndex = on ? 0 : -1;
      setHidden(t.panel, !on);
    }
    if (focus) tab.button.focus();
    if (this.state) this.render(this.state);
  }

  private onTabKey(e: KeyboardEvent, tab: Tab): void {
    const i = this.tabs.indexOf(tab);
    const n = this.tabs.length;
    const to = { ArrowRight: (i + 1) % n, ArrowLeft: (i - 1 + n) % n, Home: 0, End: n - 1 }[e.key];
    if (to === undefined) return;
    e.preventDefault();
    this.select(this.tabs[to]!, true);
  }

  /** Reads the pasted code and shows what it holds; the learner's network stays as it is. */
  private readImport(): void {
    if (!this.importArea || !this.read || !this.missing) return;
    for (const input of this.missing.fields.querySelectorAll('input')) this.missing.given.set(input.name, input.value);
    const result = fromPyTorch(this.importArea.value, this.missing.given);
    this.read.result = result;
    this.showMissing(result.missing, this.importArea.value);
    this.read.choice.replaceChildren(...result.candidates.map((c, i) => el('option', { value: i, text: c.name })));
    setHidden(this.read.chooser, result.candidates.length < 2);
    setHidden(this.read.box, result.candidates.length === 0);
    this.showCandidate();
  }

  /**
   * One field per missing name, and per name already given that the code still uses, so a
   * value can be corrected; the typed values stay across reads.
   */
  private showMissing(missing: readonly MissingName[], text: string): void {
    if (!this.missing) return;
    const given = [...this.missing.given].filter(([name, value]) => value.trim() !== '' && new RegExp(`\\b${name}\\b`).test(text)).map(([name]) => name);
    const names = [...new Set([...missing.map((m) => m.name), ...given])];
    // Enter in a field reads again and rebuilds the fields: the caret stays in that field.
    const active = document.activeElement;
    const focused = active instanceof HTMLInputElement && this.missing.fields.contains(active) ? active.name : null;
    this.missing.fields.replaceChildren(
      ...names.map((name) => {
        const list = missing.find((m) => m.name === name)?.list ?? false;
        const input = el('input', { id: `import-value-${name}`, name, class: 'field-input', spellcheck: 'false', autocomplete: 'off', placeholder: list ? 'e.g. [128, 64]' : 'e.g. 64', value: this.missing?.given.get(name) ?? '' });
        input.addEventListener('keydown', (e) => {
          if (e.key === 'Enter') this.readImport();
        });
        return el('div', { class: 'import-missing-field' }, [el('label', { for: input.id, class: 'import-missing-name', text: `${name} =` }), input]);
      }),
    );
    setHidden(this.missing.box, names.length === 0);
    if (focused !== null) this.missing.fields.querySelector<HTMLInputElement>(`input[name="${focused}"]`)?.focus();
  }

  private showCandidate(): void {
    if (!this.read || !this.problems) return;
    const candidate = this.read.result.candidates[Number(this.read.choice.value) || 0];
    const problems = candidate?.problems ?? this.read.result.problems;
    const missing = this.read.result.missing.map((m) => m.name);
    // A network read without the missing values lacks the layers that need them.
    this.read.use.disabled = missing.length > 0;
    if (candidate) {
      const preview = candidatePreview(candidate);
      setText(this.read.summary, missing.length > 0 ? `${preview.summary}, without the layers that need ${missing.join(', ')}: give their values above` : preview.summary);
      this.read.layers.replaceChildren(...preview.layers.map((line) => el('li', { text: line })));
    }
    this.problems.replaceChildren(...problems.map((p) => el('li', { text: p.line > 0 ? `Line ${p.line}: ${p.message}` : p.message })));
    setHidden(this.problems, problems.length === 0);
  }

  private useImport(): void {
    const candidate = this.read?.result.candidates[Number(this.read.choice.value) || 0];
    if (!candidate || !this.read) return;
    this.importModel(candidate.model);
    setText(this.read.summary, `Now using ${candidatePreview(candidate).summary}.`);
  }
}
