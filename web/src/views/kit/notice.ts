// Dismissable notices (link problems, engine failures). Messages are text, never HTML.
import { el } from './dom.ts';
import { icon } from './icons.ts';

export class Notices {
  readonly root: HTMLElement;

  constructor() {
    this.root = el('div', { class: 'notices', 'aria-live': 'polite' });
  }

  /** Shows a titled list of lines; returns the notice element. */
  show(title: string, lines: readonly string[], tone: 'warning' | 'error' = 'warning'): HTMLElement {
    const close = el('button', { type: 'button', class: 'icon-button', 'aria-label': `Dismiss: ${title}`, title: 'Dismiss' }, [icon('remove')]);
    const list = el('ul', { class: 'notice-list' }, lines.map((line) => el('li', { text: line })));
    const notice = el('div', { class: `notice notice-${tone}`, role: 'note' }, [
      el('div', { class: 'notice-body' }, [el('p', { class: 'notice-title', text: title }), list]),
      close,
    ]);
    close.addEventListener('click', () => notice.remove());
    this.root.append(notice);
    return notice;
  }
}
