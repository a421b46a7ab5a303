// Export (PyTorch, course style, torchinfo) and import, as tabs. Text is only generated for
// the tab on show, and only when the model or snapshot changed.
import { copyText } from '../app/clipboard.ts';
import type { AppState } from '../app/store.ts';
import type { Snapshot } from '../engine/snapshot.ts';
import { toCourseStyle, toPyTorch, torchinfoSummary } from '../model/export.ts';
import { fromPyTorch } from '../model/import.ts';
import type { NetworkModel } from '../model/network.ts';
import { el, setHidden, setText } from './dom.ts';
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
  const t = snapshot.totals;
  return torchinfoSummary(snapshot.blocks, {
    inputShape: snapshot.inputShape,
    inputBytes: t.inputBytes,
    outputShape: snapshot.outputShape,
    parameters: t.parameters,
    multiplyAdds: t.multiplyAdds,
    parameterBytes: t.parameterBytes,
    activationBytes: t.activationBytes,
    error: snapshot.error,
  });
}

export class ExportPanel {
  readonly root: HTMLElement;
  private readonly tabs: Tab[] = [];
  private active: Tab;
  private shownFor: [NetworkModel | null, Snapshot | null, TabId | null] = [null, null, null];
  private state: Readonly<AppState> | null = null;
  private readonly importArea: HTMLTextAreaElement | null = null;
  private readonly problems: HTMLElement | null = null;
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
      const importButton = el('button', { type: 'button', class: 'button button-primary', text: 'Import' });
      const problems = el('ol', { class: 'import-problems', 'aria-live': 'polite', hidden: true });
      importButton.addEventListener('click', () => this.runImport());
      importTab.panel.append(
        el('label', { for: 'import-text', class: 'field-label', text: 'Paste a PyTorch nn.Sequential' }),
        area,
        el('div', { class: 'code-actions' }, [importButton]),
        problems,
      );
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

  private runImport(): void {
    if (!this.importArea || !this.problems) return;
    const result = fromPyTorch(this.importArea.value);
    const lines = result.problems.map((p) => (p.line > 0 ? `Line ${p.line}: ${p.message}` : p.message));
    if (result.model) {
      this.importModel(result.model);
      lines.unshift(`Imported ${result.model.blocks.length} block${result.model.blocks.length === 1 ? '' : 's'}.`);
    }
    this.problems.replaceChildren(...lines.map((line) => el('li', { text: line })));
    setHidden(this.problems, lines.length === 0);
  }
}
