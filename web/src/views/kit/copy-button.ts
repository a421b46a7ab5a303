// A "Copy" button with its status line, for any text the learner takes elsewhere.
import { copyText } from '../../app/clipboard.ts';
import { el, setText } from './dom.ts';

/** The button and its status, in one row; `text` is read at the moment of the click. */
export function copyRow(label: string, text: () => string): HTMLElement {
  const status = el('span', { class: 'copy-status', 'aria-live': 'polite' });
  const copy = el('button', { type: 'button', class: 'button', 'aria-label': `Copy ${label}`, text: 'Copy' });
  copy.addEventListener('click', () => {
    void copyText(text()).then((ok) => {
      setText(status, ok ? 'Copied' : 'Copy failed: select the text and copy it by hand');
      window.setTimeout(() => setText(status, ''), 2500);
    });
  });
  return el('div', { class: 'code-actions' }, [copy, status]);
}
