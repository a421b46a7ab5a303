// The "Copy embed code" snippet: an <iframe> pointing at this page in embed mode, with the
// current network in the hash. Pure TS; every attribute value is escaped.
import { BLOCK_INFO, isOptionless, unhandledKind } from '../vocabulary/blocks.ts';
import { type LayerSpec, type NetworkModel, layerSpecs } from '../model/network/network.ts';
import { encodeUrlState } from '../model/link/url-state.ts';
import { HEIGHT_MESSAGE } from './height-message.ts';
import { type EmbedOptions, type PanelName, embedQuery } from './embed-options.ts';

/** Escapes text for a double-quoted HTML attribute value (and for element content). */
export function escapeAttribute(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

function layerName(spec: LayerSpec): string {
  if (isOptionless(spec)) return BLOCK_INFO[spec.kind].label;
  switch (spec.kind) {
    case 'linear':
      return `Linear(${spec.in}, ${spec.out})`;
    case 'dropout':
      return `Dropout(${spec.p})`;
    default:
      return unhandledKind(spec);
  }
}

const TITLE_LAYERS = 6;

/** "layerlab: Linear(784, 256) → ReLU → Linear(256, 10) on a 32x784 input". */
export function embedTitle(model: NetworkModel): string {
  const names = layerSpecs(model).map(layerName);
  const input = [model.input.batch, ...model.input.features].join('x');
  if (names.length === 0) return `layerlab: an empty network on a ${input} input`;
  const shown = names.length > TITLE_LAYERS ? [...names.slice(0, TITLE_LAYERS - 1), `… (${names.length} layers)`] : names;
  return `layerlab: ${shown.join(' → ')} on a ${input} input`;
}

/** Rough heights (CSS px) of the embedded layout's parts, measured in Chromium about 900 px wide. */
const HEIGHTS = {
  /** Padding, mode panel, palette, input/output nodes, footer. */
  base: 650,
  noInput: 45,
  noTotals: 15,
  locked: 110,
  /** The code panel around its text, and one line of code. */
  code: 165,
  codeLine: 19,
  codeMax: 340,
  card: 90,
  linearSettings: 165,
  dropoutSettings: 140,
  visuals: 160,
};

/** Lines of the PyTorch export, which the code panel shows first. */
function codeLines(model: NetworkModel): number {
  const specs = layerSpecs(model);
  const linears = specs.filter((s) => s.kind === 'linear');
  return 6 + (specs.length === 0 ? 1 : specs.length + 2) + (linears.length > 0 ? 2 + linears.length * 2 : 0);
}

/**
 * A height that shows the whole embedded network without an inner scroll bar at about 900 px
 * wide (narrower columns wrap more and scroll a little inside the frame; the height can be
 * edited in the snippet).
 */
export function suggestedHeight(model: NetworkModel, options: Pick<EmbedOptions, 'locked' | 'hidden'>): number {
  const hidden = (p: PanelName): boolean => options.hidden.includes(p);
  let height = HEIGHTS.base;
  if (hidden('input')) height -= HEIGHTS.noInput;
  if (hidden('input') && hidden('totals')) height -= HEIGHTS.noTotals;
  if (options.locked) height -= HEIGHTS.locked;
  if (!hidden('code')) height += HEIGHTS.code + Math.min(HEIGHTS.codeMax, 24 + HEIGHTS.codeLine * codeLines(model));
  const view = {
    masks: model.view.masks && !hidden('masks') && model.training,
    heatmaps: model.view.heatmaps && !hidden('heatmaps'),
    histograms: model.view.histograms && !hidden('histograms'),
  };
  for (const block of model.blocks) {
    height += HEIGHTS.card;
    if (block.kind === 'linear') height += HEIGHTS.linearSettings;
    if (block.kind === 'dropout') height += HEIGHTS.dropoutSettings;
    const pictures = view.heatmaps || view.histograms || (block.kind === 'dropout' && view.masks);
    if (pictures) height += HEIGHTS.visuals;
  }
  return Math.min(6000, Math.max(320, Math.round(height / 10) * 10));
}

/** The URL of the embedded view: `pageUrl` (without query or hash) + options + the model's hash. */
export function embedUrl(pageUrl: string, model: NetworkModel, options: Pick<EmbedOptions, 'locked' | 'hidden'>): string {
  const base = pageUrl.replace(/[?#].*$/s, '');
  return base + embedQuery({ embed: true, locked: options.locked, hidden: options.hidden, show: [] }) + encodeUrlState(model);
}

export interface SnippetOptions {
  locked: boolean;
  hidden: readonly PanelName[];
  /** CSS px; suggestedHeight when left out. */
  height?: number;
}

/**
 * The few lines that fit every layerlab frame on the host page to its content: the embedded
 * page posts its height (embed/height-report.ts); only messages from layerlab's origin are heeded,
 * and only for the frame that sent them. Pasting the snippet twice adds a second, harmless
 * listener.
 */
export function resizeScript(pageUrl: string): string {
  const origin = JSON.stringify(new URL(pageUrl).origin);
  return [
    '<script>',
    '  // layerlab: fit the frame to its content (the embedded page posts its height)',
    '  addEventListener("message", function (e) {',
    `    if (e.origin !== ${origin} || !e.data || e.data.type !== ${JSON.stringify(HEIGHT_MESSAGE)}) return;`,
    '    for (const frame of document.getElementsByTagName("iframe")) {',
    '      if (frame.contentWindow === e.source) frame.height = String(Math.ceil(e.data.height));',
    '    }',
    '  });',
    '</script>',
  ].join('\n');
}

/**
 * `<iframe src="…?embed=1#…" width="100%" height="…" loading="lazy" title="layerlab: …" style="border:0"></iframe>`
 * then resizeScript's lines. The height is where the frame starts; the script fits it.
 */
export function embedSnippet(pageUrl: string, model: NetworkModel, options: SnippetOptions): string {
  return `${embedFrame(pageUrl, model, options)}\n${resizeScript(pageUrl)}`;
}

/** The <iframe> element alone. */
export function embedFrame(pageUrl: string, model: NetworkModel, options: SnippetOptions): string {
  const picked = { locked: options.locked, hidden: [...options.hidden] };
  const height = options.height ?? suggestedHeight(model, picked);
  const attrs: [string, string][] = [
    ['src', embedUrl(pageUrl, model, picked)],
    ['width', '100%'],
    ['height', String(Math.max(1, Math.round(height)))],
    ['loading', 'lazy'],
    ['title', embedTitle(model)],
    ['style', 'border:0'],
  ];
  return `<iframe ${attrs.map(([name, value]) => `${name}="${escapeAttribute(value)}"`).join(' ')}></iframe>`;
}
