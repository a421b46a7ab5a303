// Puts the views together on the page and hands each of them the state on every frame.
// Two layouts: the full page, and the compact embedded one (an <iframe> with ?embed=1, or the
// <layerlab-playground> element) whose options can lock the network and leave panels out.
import type { AppState } from '../app/store.ts';
import { type EmbedOptions, NORMAL_PAGE } from '../embed/options.ts';
import type { NetworkModel, ViewOptions } from '../model/network.ts';
import { encodeUrlState } from '../model/url-state.ts';
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

export interface ShellOptions extends EmbedOptions {
  /**
   * The full page's own URL (no query, no hash), for the embed snippet on the full page and
   * the "open in layerlab" link in an embedded page. Null: neither is offered (the element).
   */
  pageUrl: (() => string) | null;
}

export const FULL_PAGE: Readonly<ShellOptions> = Object.freeze({ ...NORMAL_PAGE, pageUrl: null });

/** Ignores every edit: what a locked network's editing controls are wired to. */
const noEdit: Edit = () => undefined;

export class AppShell {
  readonly notices = new Notices();
  private readonly toolbar: Toolbar;
  private readonly input: InputPanel | null;
  private readonly mode: ModePanel;
  private readonly totals: TotalsPanel;
  private readonly blocks: BlockList;
  private readonly exporter: ExportPanel | null;
  private readonly openLink: HTMLAnchorElement | null = null;

  constructor(root: HTMLElement, actions: ShellActions, private readonly options: Readonly<ShellOptions> = FULL_PAGE) {
    const hidden = (panel: EmbedOptions['hidden'][number]): boolean => options.hidden.includes(panel);
    // Locked: the network, the input and the presets cannot change; training and seed can.
    const structural = options.locked ? noEdit : actions.edit;
    const replace = options.locked ? () => undefined : (model: NetworkModel) => actions.replace(model);
    this.toolbar = new Toolbar(structural, replace);
    this.input = hidden('input') ? null : new InputPanel(structural, options.locked);
    const offViews: (keyof ViewOptions)[] = (['masks', 'heatmaps', 'histograms'] as const).filter((v) => hidden(v));
    const viewChoices = options.locked ? [] : (['heatmaps', 'histograms', 'masks'] as const).filter((v) => !offViews.includes(v));
    this.mode = new ModePanel(actions.edit, { viewChoices, compact: options.embed });
    this.totals = new TotalsPanel();
    this.blocks = new BlockList(structural, { locked: options.locked, offViews });
    const pageUrl = options.pageUrl;
    this.exporter = hidden('code')
      ? null
      : new ExportPanel(replace, { importTab: !options.locked, embedTab: !options.embed && pageUrl ? { pageUrl } : null });
    if (!options.embed) {
      this.layOutFullPage(root);
      return;
    }
    const controls = el('aside', { class: 'embed-controls', 'aria-label': 'Mode, input and totals' }, [this.mode.root]);
    if (this.input) controls.append(this.input.root);
    if (!hidden('totals')) controls.append(this.totals.root);
    if (options.show.includes('memory')) controls.append(this.totals.memoryRoot);
    const workspace = el('main', { id: 'main', class: 'workspace', tabindex: -1 });
    if (!options.locked) workspace.append(this.palettePanel());
    workspace.append(this.blocks.root);
    if (this.exporter) workspace.append(this.exporter.root);
    const parts: HTMLElement[] = [];
    const showHeader = options.show.includes('header');
    const showPresets = options.show.includes('presets') && !options.locked;
    if (showHeader) parts.push(this.header(showPresets));
    else if (showPresets) parts.push(el('div', { class: 'embed-presets' }, [this.toolbar.presets]));
    parts.push(this.notices.root, el('div', { class: 'embed-layout' }, [controls, workspace]));
    if (pageUrl) {
      this.openLink = el('a', { class: 'embed-open', target: '_blank', rel: 'noopener', text: 'Open in layerlab ↗' });
      parts.push(
        el('footer', { class: 'embed-footer' }, [
          el('span', { class: 'embed-brand', text: options.locked ? 'layerlab · network locked' : 'layerlab' }),
          this.openLink,
        ]),
      );
    }
    root.replaceChildren(...parts);
  }

  render(state: Readonly<AppState>): void {
    this.toolbar.render(state.model);
    this.input?.render(state);
    this.mode.render(state);
    this.blocks.render(state);
    this.totals.render(state);
    this.exporter?.render(state);
    if (this.openLink && this.options.pageUrl) {
      const href = this.options.pageUrl() + encodeUrlState(state.model);
      if (this.openLink.getAttribute('href') !== href) this.openLink.setAttribute('href', href);
    }
  }

  /** Canvases repaint with the new colours on the next render. */
  invalidateCanvases(): void {
    this.blocks.invalidate();
  }

  private palettePanel(): HTMLElement {
    return el('section', { class: 'panel panel-palette', 'aria-labelledby': 'palette-title' }, [
      el('h2', { id: 'palette-title', class: 'panel-title', text: 'Add a block' }),
      this.toolbar.palette,
    ]);
  }

  private header(withPresets: boolean): HTMLElement {
    const header = el('header', { class: 'topbar' }, [
      el('div', { class: 'brand' }, [
        el('span', { class: 'brand-mark', 'aria-hidden': 'true', text: '▤' }),
        el('h1', { class: 'brand-name', text: 'layerlab' }),
        el('p', { class: 'brand-tagline', text: 'Stack layers, see shapes, counts, masks and values, live.' }),
      ]),
    ]);
    if (withPresets) header.append(this.toolbar.presets);
    return header;
  }

  private layOutFullPage(root: HTMLElement): void {
    const sidebar = el('aside', { class: 'sidebar', 'aria-label': 'Settings and totals' }, [
      ...(this.input ? [this.input.root] : []),
      this.mode.root,
      this.totals.root,
      this.totals.memoryRoot,
    ]);
    const workspace = el('main', { id: 'main', class: 'workspace', tabindex: -1 }, [
      this.palettePanel(),
      this.blocks.root,
      ...(this.exporter ? [this.exporter.root] : []),
    ]);
    root.replaceChildren(this.header(true), this.notices.root, el('div', { class: 'layout' }, [sidebar, workspace]));
  }
}
