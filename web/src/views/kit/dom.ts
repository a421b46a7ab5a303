// Tiny DOM helpers. Text always goes in through textContent, never as HTML.

type Attrs = Record<string, string | number | boolean | null | undefined>;

let uid = 0;
/** A document-unique id for label/aria wiring: "ll-bias-3". */
export function uniqueId(prefix: string): string {
  uid += 1;
  return `ll-${prefix}-${uid}`;
}

/**
 * Creates an element. `attrs`: "class", "text" (textContent) and any attribute; true sets a
 * boolean attribute, false/null/undefined leaves it out.
 */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  children: (Node | string)[] = [],
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === false || value === null || value === undefined) continue;
    if (name === 'text') node.textContent = String(value);
    else node.setAttribute(name === 'class' ? 'class' : name, value === true ? '' : String(value));
  }
  for (const child of children) node.append(child);
  return node;
}

/** Sets textContent only when it changed, so unchanged nodes are left alone. */
export function setText(node: Node, text: string): void {
  if (node.textContent !== text) node.textContent = text;
}

/** Sets or removes an attribute only when it changed. */
export function setAttr(node: Element, name: string, value: string | null): void {
  if (value === null) {
    if (node.hasAttribute(name)) node.removeAttribute(name);
  } else if (node.getAttribute(name) !== value) {
    node.setAttribute(name, value);
  }
}

export function setHidden(node: HTMLElement, hidden: boolean): void {
  if (node.hidden !== hidden) node.hidden = hidden;
}

export function toggleClass(node: Element, name: string, on: boolean): void {
  if (node.classList.contains(name) !== on) node.classList.toggle(name, on);
}

/** A small labelled figure: a caption line and a body. */
export function figure(caption: string, body: Node, extraClass = ''): { root: HTMLElement; caption: HTMLElement; note: HTMLElement } {
  const captionNode = el('span', { class: 'figure-title', text: caption });
  const note = el('span', { class: 'figure-note' });
  const root = el('figure', { class: `figure ${extraClass}`.trim() }, [body, el('figcaption', {}, [captionNode, note])]);
  return { root, caption: captionNode, note };
}

/**
 * The focused element in `node`'s tree: the document's, or the shadow root's when the page is
 * inside <layerlab-playground> (there document.activeElement is the host element).
 */
export function activeElementOf(node: Node): Element | null {
  const root = node.getRootNode();
  if (root instanceof ShadowRoot || root instanceof Document) return root.activeElement;
  return document.activeElement;
}
