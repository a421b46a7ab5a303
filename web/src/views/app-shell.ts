// Puts the views together on the page and hands each of them the state on every frame.
import type { AppState } from '../app/store.ts';
import type { NetworkModel } from '../model/network.ts';
import type { Edit } from './block-settings.ts';
import { BlockList } from './block-list.ts';
import { el } from './dom.ts';
import { ExportPanel } from './export-panel.ts';
import { InputPanel } from './input-panel.ts';
import { ModePanel } from './mode-panel.ts';
import { Notices } from './notice.ts';
import { Toolbar } from './toolbar.ts';
import { TotalsPanel } from './totals.ts';

export interface ShellActions {
  edit: Edit;
  /** Replaces the whole model (preset, import). */
  replace(model: NetworkModel): void;
}

export class AppShell {
  readonly notices = new Notices();
  private readonly toolbar: Toolbar;
  private readonly input: InputPanel;
  private readonly mode: ModePanel;
  private readonly totals = new TotalsPanel();
  private readonly blocks: BlockList;
  private readonly exporter: ExportPanel;

  constructor(root: HTMLElement, actions: ShellActions) {
    this.toolbar = new Toolbar(actions.edit, (model) => actions.replace(model));
    this.input = new InputPanel(actions.edit);
    this.mode = new ModePanel(actions.edit);
    this.blocks = new BlockList(actions.edit);
    this.exporter = new ExportPanel((model) => actions.replace(model));
    const sidebar = el('aside', { class: 'sidebar', 'aria-label': 'Settings and totals' }, [
      this.input.root,
      this.mode.root,
      this.totals.root,
      this.totals.memoryRoot,
    ]);
    const workspace = el('main', { id: 'main', class: 'workspace', tabindex: -1 }, [
      el('section', { class: 'panel panel-palette', 'aria-labelledby': 'palette-title' }, [
        el('h2', { id: 'palette-title', class: 'panel-title', text: 'Add a block' }),
        this.toolbar.palette,
      ]),
      this.blocks.root,
      this.exporter.root,
    ]);
    const header = el('header', { class: 'topbar' }, [
      el('div', { class: 'brand' }, [
        el('span', { class: 'brand-mark', 'aria-hidden': 'true', text: '▤' }),
        el('h1', { class: 'brand-name', text: 'layerlab' }),
        el('p', { class: 'brand-tagline', text: 'Stack layers, see shapes, counts, masks and values, live.' }),
      ]),
      this.toolbar.presets,
    ]);
    root.replaceChildren(header, this.notices.root, el('div', { class: 'layout' }, [sidebar, workspace]));
  }

  render(state: Readonly<AppState>): void {
    this.toolbar.render(state.model);
    this.input.render(state);
    this.mode.render(state);
    this.blocks.render(state);
    this.totals.render(state);
    this.exporter.render(state);
  }

  /** Canvases repaint with the new colours on the next render. */
  invalidateCanvases(): void {
    this.blocks.invalidate();
  }
}
