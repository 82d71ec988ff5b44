// Building DOM without innerHTML: every text, the reader's own included, is a text node.

export const h = (tag, props = {}, ...children) => {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (name.startsWith("on")) el.addEventListener(name.slice(2), value);
    else if (value !== false) el.setAttribute(name, value === true ? "" : value);
  }
  el.append(...children);
  return el;
};

// A host element for one shadow root; the attribute keeps its text out of the article's.
export const host = (sheet) => {
  const el = h("div", { "data-errata-ui": true });
  const shadow = el.attachShadow({ mode: "open" });
  shadow.adoptedStyleSheets = [sheet];
  return [el, shadow];
};

// The element that has focus, looking into open shadow roots (ours included).
export const focused = () => {
  let el = document.activeElement;
  while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
  return el;
};
