// The <layerlab-playground> custom element as one ES module (vite.element.config.ts builds it
// to dist/element/layerlab-playground.js, with the .wasm beside it):
//   <script type="module" src=".../layerlab-playground.js"></script>
//   <layerlab-playground net="linear(256),relu,dropout(0.5),linear(10)" input="32x784"></layerlab-playground>
import { CHANGE_EVENT, LayerlabPlayground } from './element.ts';

export const TAG_NAME = 'layerlab-playground';

if (!customElements.get(TAG_NAME)) customElements.define(TAG_NAME, LayerlabPlayground);

export { CHANGE_EVENT, LayerlabPlayground };

declare global {
  interface HTMLElementTagNameMap {
    'layerlab-playground': LayerlabPlayground;
  }
}
