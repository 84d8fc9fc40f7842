/**
 * DOM helpers shared by the player's parts. Every part is handed the document
 * and reaches nothing global (no `window`, no `HTMLInputElement`), so each one
 * can be built in a test's own DOM (happy-dom) as well as in the webview.
 */

/** The element with this id in the player's markup (src/extension/player/html.ts); missing markup is a bug, so it throws. */
// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- the caller names the element type it expects
export function requireElement<T extends HTMLElement>(doc: Document, id: string): T {
  const element = doc.getElementById(id);
  if (!element) throw new Error(`player markup lacks #${id}`);
  return element as T;
}

/** Creates elements with a class and text; text only ever as textContent, never parsed as HTML. */
export function elementMaker(doc: Document) {
  return <K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] => {
    const element = doc.createElement(tag);
    if (className) element.className = className;
    if (text !== undefined) element.textContent = text;
    return element;
  };
}
