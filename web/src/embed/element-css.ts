// The page's stylesheets as one constructed stylesheet for the element's shadow root. A
// constructed sheet (adoptedStyleSheets) is allowed under a strict CSP, where <style> elements
// and style attributes are not. Page selectors are adapted to a shadow tree: custom properties
// on :root move to :host, and width media queries become container queries on the element's
// own width (an element may sit in a narrow column of a wide page).
import base from '../styles/base.css?inline';
import blocks from '../styles/blocks.css?inline';
import controls from '../styles/controls.css?inline';
import embed from '../styles/embed.css?inline';
import figures from '../styles/figures.css?inline';
import layout from '../styles/layout.css?inline';
import learn from '../styles/learn.css?inline';
import panels from '../styles/panels.css?inline';
import train from '../styles/train.css?inline';

/** Page CSS → shadow-root CSS (pure, for tests). */
export function adaptForShadowRoot(css: string): string {
  return css
    .replace(/:root\b/g, ':host')
    .replace(/@media\s*\(\s*(max|min)-width\s*:/g, '@container layerlab ($1-width:');
}

export const ELEMENT_CSS = adaptForShadowRoot([base, layout, controls, blocks, figures, panels, train, learn, embed].join('\n'));

let sheet: CSSStyleSheet | null = null;

/** One sheet shared by every element on the page. */
export function elementStyleSheet(): CSSStyleSheet {
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(ELEMENT_CSS);
  }
  return sheet;
}
