// Puts the views together on the page and hands each of them the state on every frame.
// Two layouts: the full page, and the compact embedded one (an <iframe> with ?embed=1, or the
// <layerlab-playground> element) whose options can lock the network and leave panels out.
import type { AppState } from '../../app/store.ts';
import { type EmbedOptions, NORMAL_PAGE } from '../../share/embed-options.ts';
import type { BlockKind } from '../../vocabulary/blocks.ts';
import { type NetworkModel, type ViewOptions, addBlock } from '../../model/network/network.ts';
import { encodeUrlState } from '../../model/link/url-state.ts';
import type { Edit } from '../../app/store.ts';
import { BlockList } from '../blocks/block-list.ts';
import { el } from '../kit/dom.ts';
import { ExportPanel } from './export-panel.ts';
import { InputPanel } from './input-panel.ts';
import { ModePanel } from './mode-panel.ts';
import { Notices } from '../kit/notice.ts';
import { Toolbar } from './toolbar.ts';
import { TotalsPanel } from './totals.ts';

export interface ShellActions {
  edit: Edit;
  /** Replaces the whole model (preset, import). */
  replace(model: NetworkModel): void;
  /** One step back or forward in the store's history; false when there is none. */
  undo(): boolean;
  redo(): boolean;
}

/** Ctrl+Z (⌘Z) is undo, Ctrl+Shift+Z and Ctrl+Y redo; text fields keep their own undo. */
export function historyKey(e: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'shiftKey' | 'altKey'>, inTextField: boolean): 'undo' | 'redo' | null {
  if (inTextField || e.altKey || !(e.ctrlKey || e.metaKey)) return null;
  const key = e.key.toLowerCase();
  if (key === 'z') return e.shiftKey ? 'redo' : 'undo';
  if (key === 'y' && !e.shiftKey) return 'redo';
  return null;
}

function isTextField(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  return target instanceof HTMLInputElement && !['checkbox', 'radio', 'button', 'submit', 'range'].includes(target.type);
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
  private readonly add: (kind: BlockKind) => void;
  private readonly step: (direction: 'undo' | 'redo') => void;
  private state: Readonly<AppState> | null = null;

  constructor(root: HTMLElement, actions: ShellActions, private readonly options: Readonly<ShellOptions> = FULL_PAGE) {
    const hidden = (panel: EmbedOptions['hidden'][number]): boolean => options.hidden.includes(panel);
    // Locked: the network, the input and the presets cannot change; training and seed can.
    const structural = options.locked ? noEdit : actions.edit;
    const replace = options.locked ? () => undefined : (model: NetworkModel) => actions.replace(model);
    this.toolbar = new Toolbar({
      add: (kind) => this.add(kind),
      loadPreset: replace,
      undo: () => this.step('undo'),
      redo: () => this.step('redo'),
      addAtEnd: () => {
        this.blocks.clearSelection();
        this.renderToolbar();
      },
    });
    this.input = hidden('input') ? null : new InputPanel(structural, options.locked);
    const offViews: (keyof ViewOptions)[] = (['masks', 'heatmaps', 'histograms'] as const).filter((v) => hidden(v));
    const viewChoices = options.locked ? [] : (['heatmaps', 'histograms', 'masks'] as const).filter((v) => !offViews.includes(v));
    this.mode = new ModePanel(actions.edit, { viewChoices, compact: options.embed });
    this.totals = new TotalsPanel();
    this.blocks = new BlockList(structural, { locked: options.locked, offViews });
    this.blocks.onSelect = () => this.renderToolbar();
    this.add = (kind) => {
      let added: string | null = null;
      structural((m) => {
        const at = this.blocks.insertionIndex(m);
        const next = addBlock(m, kind, at);
        added = next === m ? null : (next.blocks[at]?.id ?? null);
        return next;
      });
      if (added !== null) this.blocks.reveal(added);
    };
    this.step = (direction) => {
      const moved = direction === 'undo' ? actions.undo() : actions.redo();
      this.blocks.announce(moved ? (direction === 'undo' ? 'Undone.' : 'Redone.') : `Nothing to ${direction}.`);
    };
    if (!options.locked) {
      // The page listens on the document (focus may be on the body); the element on its own root.
      const keys = root.isConnected ? root.ownerDocument : root;
      keys.addEventListener('keydown', (e) => {
        if (!(e instanceof KeyboardEvent)) return;
        const action = historyKey(e, isTextField(e.composedPath()[0] ?? e.target));
        if (action === null) return;
        e.preventDefault();
        this.step(action);
      });
    }
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
    else {
      // Every page needs a level-one heading; the compact layout has no visible title. The
      // element (no page URL) lives inside a course page that has its own.
      if (pageUrl) parts.push(el('header', {}, [el('h1', { class: 'visually-hidden', text: 'layerlab: neural-network layer playground' })]));
      if (showPresets) parts.push(el('div', { class: 'embed-presets' }, [this.toolbar.presets]));
    }
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
    this.state = state;
    this.input?.render(state);
    this.mode.render(state);
    this.blocks.render(state);
    this.renderToolbar();
    this.totals.render(state);
    this.exporter?.render(state);
    if (this.openLink && this.options.pageUrl) {
      const href = this.options.pageUrl() + encodeUrlState(state.model);
      if (this.openLink.getAttribute('href') !== href) this.openLink.setAttribute('href', href);
    }
  }

  private renderToolbar(): void {
    const state = this.state;
    if (!state) return;
    this.toolbar.render({
      model: state.model,
      where: this.blocks.insertionText(state.model),
      undoSteps: state.undoSteps,
      redoSteps: state.redoSteps,
    });
  }

  /** Canvases repaint with the new colours on the next render. */
  invalidateCanvases(): void {
    this.blocks.invalidate();
  }

  private palettePanel(): HTMLElement {
    return el('section', { class: 'panel panel-palette', 'aria-labelledby': 'palette-title' }, [
      el('div', { class: 'panel-head' }, [el('h2', { id: 'palette-title', class: 'panel-title', text: 'Add a block' }), this.toolbar.history]),
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
