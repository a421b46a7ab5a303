// The embedded page (?embed=1 inside an <iframe>) tells the page around it how tall its
// content is, so the frame can fit it at any width (the snippet carries the listener, see
// share/embed-snippet.ts). Only a height is sent: nothing about the network leaves the frame.

import { heightMessage } from '../share/height-message.ts';

/**
 * Posts the content's height to the parent window now and whenever it changes. `content` is
 * the element whose box is the whole page (the app root); the body's own margins are added.
 * Does nothing outside a frame.
 */
export function reportHeight(content: HTMLElement, win: Window = window): void {
  if (win.parent === win) return;
  let last = -1;
  const send = (): void => {
    const style = win.getComputedStyle(content.ownerDocument.body);
    const height = content.getBoundingClientRect().height + parseFloat(style.marginTop) + parseFloat(style.marginBottom);
    const message = heightMessage(height);
    if (message.height === last) return;
    last = message.height;
    // Any origin may read a height; the listener in the snippet checks where it came from.
    win.parent.postMessage(message, '*');
  };
  new ResizeObserver(send).observe(content);
  send();
}
