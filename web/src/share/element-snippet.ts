// The <layerlab-playground> snippet for a course page, and what it says when it cannot load.
// A page on another site can only load the element's module, its worker and its .wasm when layerlab's
// server allows it with CORS; without that the browser blocks the script and the element
// would stay empty, so the snippet puts a notice inside the element: the host page shows it
// until the element starts (the element's shadow root then hides it). Pure TS.
import type { NetworkModel } from '../model/network/network.ts';
import { encodeUrlState } from '../model/link/url-state.ts';
import { MODEL_ATTRIBUTES } from './element-attributes.ts';
import type { PanelName } from './embed-options.ts';
import { escapeAttribute } from './embed-snippet.ts';

/** Where `npm run build` puts the element's module, relative to the page. */
export const ELEMENT_SCRIPT = 'element/layerlab-playground.js';

/** What a host page must get from layerlab's server, in one sentence. */
export function corsNotice(layerlabOrigin: string): string {
  return (
    `The layerlab playground could not load: its files come from ${layerlabOrigin}, another site, ` +
    `and the browser only runs them when that server sends the CORS header ` +
    `Access-Control-Allow-Origin (with this page's origin, or *) for layerlab-playground.js and the files in element/assets/ (its worker and .wasm).`
  );
}

/** The model as element attributes, e.g. [["input", "32x784"], ["net", "linear(256),relu"]]. */
export function attributesFromModel(model: NetworkModel): [string, string][] {
  const fields = new Map(
    encodeUrlState(model)
      .replace(/^#/, '')
      .split('&')
      .filter((part) => part.includes('='))
      .map((part) => {
        const at = part.indexOf('=');
        return [part.slice(0, at), decodeURIComponent(part.slice(at + 1))] as const;
      }),
  );
  const out: [string, string][] = [];
  for (const [attribute, field] of MODEL_ATTRIBUTES) {
    const value = fields.get(field);
    if (value !== undefined) out.push([attribute, value]);
  }
  return out;
}

/** `<script type="module" src="…"></script>` and the element with the notice inside. */
export function elementSnippet(pageUrl: string, model: NetworkModel, options: { locked: boolean; hidden: readonly PanelName[] }): string {
  const base = pageUrl.replace(/[?#].*$/s, '');
  const script = new URL(ELEMENT_SCRIPT, base.endsWith('/') ? base : `${base}/`).href;
  const attrs = attributesFromModel(model).map(([name, value]) => ` ${name}="${escapeAttribute(value)}"`);
  if (options.locked) attrs.push(' locked');
  if (options.hidden.length > 0) attrs.push(` hide="${escapeAttribute(options.hidden.join(','))}"`);
  return [
    `<script type="module" src="${escapeAttribute(script)}"></script>`,
    `<layerlab-playground${attrs.join('')}>`,
    `  <p>${escapeAttribute(corsNotice(new URL(script).origin))}</p>`,
    '</layerlab-playground>',
  ].join('\n');
}
