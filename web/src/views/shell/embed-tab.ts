// The Embed tab of the code panel: choose lock and hidden panels, see and copy the <iframe>
// snippet for the current network, or open the embedded view in a new tab.
import { copyText } from '../../app/clipboard.ts';
import { PANELS, type PanelName } from '../../share/embed-options.ts';
import { elementSnippet } from '../../share/element-snippet.ts';
import { embedSnippet, embedUrl } from '../../share/embed-snippet.ts';
import type { NetworkModel } from '../../model/network/network.ts';
import { el, setAttr, setText, uniqueId } from '../kit/dom.ts';

const PANEL_LABELS: { readonly [K in PanelName]: string } = {
  masks: 'Dropout masks',
  heatmaps: 'Heatmaps',
  histograms: 'Histograms',
  totals: 'Totals',
  code: 'Code',
  input: 'Input',
};

export class EmbedTab {
  readonly root: HTMLElement;
  private readonly lock: HTMLInputElement;
  private readonly hides = new Map<PanelName, HTMLInputElement>();
  private readonly code: HTMLElement;
  private readonly elementCode: HTMLElement;
  private readonly preview: HTMLAnchorElement;
  private model: NetworkModel | null = null;
  private shown = '';

  constructor(private readonly pageUrl: () => string) {
    const check = (label: string): { root: HTMLElement; input: HTMLInputElement } => {
      const id = uniqueId('embed');
      const input = el('input', { id, type: 'checkbox' });
      input.addEventListener('change', () => this.update());
      return { root: el('div', { class: 'check' }, [input, el('label', { for: id, text: label })]), input };
    };
    const lock = check('Lock the network (only training mode and the seed can change)');
    this.lock = lock.input;
    const hideChecks = PANELS.map((panel) => {
      const c = check(PANEL_LABELS[panel]);
      c.input.dataset.panel = panel;
      this.hides.set(panel, c.input);
      return c.root;
    });
    this.code = el('code');
    // A bare <pre> (no <code>): the iframe snippet stays the tab's one code element.
    this.elementCode = el('pre', { class: 'code code-wrap', tabindex: 0, 'aria-label': 'Custom element code' });
    const status = el('span', { class: 'copy-status', 'aria-live': 'polite' });
    const copy = el('button', { type: 'button', class: 'button button-primary', text: 'Copy embed code' });
    copy.addEventListener('click', () => {
      void copyText(this.code.textContent ?? '').then((ok) => {
        setText(status, ok ? 'Copied' : 'Copy failed: select the text and copy it by hand');
        window.setTimeout(() => setText(status, ''), 2500);
      });
    });
    this.preview = el('a', { class: 'embed-preview', target: '_blank', rel: 'noopener', text: 'Open the embedded view ↗' });
    this.root = el('div', { class: 'embed-tab' }, [
      el('p', { class: 'hint', text: 'Paste this into a course page to show the current network in an <iframe>.' }),
      el('div', { class: 'embed-choices' }, [
        lock.root,
        el('fieldset', { class: 'view-options embed-hide' }, [el('legend', { class: 'field-label', text: 'Hide' }), ...hideChecks]),
      ]),
      el('div', { class: 'code-actions' }, [copy, this.preview, status]),
      el('pre', { class: 'code code-wrap', tabindex: 0, 'aria-label': 'Embed code' }, [this.code]),
      el('p', {
        class: 'hint',
        text: 'Or as a custom element, without a frame. From another site its server must send CORS headers (Access-Control-Allow-Origin); the text inside the element says so if they are missing.',
      }),
      this.elementCode,
    ]);
  }

  render(model: NetworkModel): void {
    this.model = model;
    this.update();
  }

  private update(): void {
    if (!this.model) return;
    const hidden = PANELS.filter((p) => this.hides.get(p)?.checked === true);
    const options = { locked: this.lock.checked, hidden };
    const page = this.pageUrl();
    const snippet = embedSnippet(page, this.model, options);
    if (snippet === this.shown) return;
    this.shown = snippet;
    setText(this.code, snippet);
    setText(this.elementCode, elementSnippet(page, this.model, options));
    setAttr(this.preview, 'href', embedUrl(page, this.model, options));
  }
}
