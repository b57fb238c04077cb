// Tiny DOM helpers. User data only ever goes in as text (textContent), never as HTML.

/**
 * el("li", {class: "x", dataset: {id: 3}, attrs: {"aria-current": "true"}}, "text", child)
 */
export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value == null || value === false) continue;
    if (key === "class") node.className = value;
    else if (key === "dataset") Object.assign(node.dataset, value);
    else if (key === "attrs") {
      for (const [name, v] of Object.entries(value)) if (v != null && v !== false) node.setAttribute(name, String(v));
    } else if (key === "style") {
      for (const [name, v] of Object.entries(value)) node.style.setProperty(name, v);
    } else if (key === "on") {
      for (const [name, handler] of Object.entries(value)) node.addEventListener(name, handler);
    } else node[key] = value;
  }
  for (const child of children.flat()) {
    if (child == null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/** Fill "{name}" placeholders of a translated string. */
export function format(template, params = {}) {
  return String(template).replace(/\{(\w+)\}/g, (whole, name) =>
    name in params ? String(params[name]) : whole,
  );
}

export const byId = (id) => document.getElementById(id);

/**
 * Make `target` look like `source` (attributes, text, children), keeping `target`'s own
 * nodes wherever the shape is the same, so that keyboard focus and selection survive a
 * re-render. Listeners of `source` are not carried over: use it for markup without any.
 */
export function morph(target, source) {
  if (target.nodeType !== Node.ELEMENT_NODE) {
    if (target.nodeValue !== source.nodeValue) target.nodeValue = source.nodeValue;
    return;
  }
  for (const { name } of [...target.attributes]) {
    if (!source.hasAttribute(name)) target.removeAttribute(name);
  }
  for (const { name, value } of source.attributes) {
    if (target.getAttribute(name) !== value) target.setAttribute(name, value);
  }
  // Child by child: a child of the same kind at the same place is kept (and morphed),
  // another is replaced; what is left over is added or removed at the end. A badge that
  // appears after a link leaves the link (and its focus) alone.
  const mine = [...target.childNodes];
  const theirs = [...source.childNodes];
  theirs.forEach((node, i) => {
    const old = mine[i];
    if (!old) target.append(node);
    else if (old.nodeType === node.nodeType && old.nodeName === node.nodeName) morph(old, node);
    else old.replaceWith(node);
  });
  for (const extra of mine.slice(theirs.length)) extra.remove();
}

/**
 * Keyed update of a list (instead of replaceChildren): an item whose key was there before
 * stays the same element, updated in place; new ones are inserted, gone ones removed.
 * A focused link or button inside an item keeps its focus across re-renders.
 */
export function patchList(parent, nodes, keyOf = (node) => node.dataset.key) {
  const before = new Map();
  for (const child of parent.children) {
    const key = keyOf(child);
    if (key != null) before.set(key, child);
  }
  const wanted = nodes.map((node) => {
    const key = keyOf(node);
    const old = key != null ? before.get(key) : null;
    if (old && old.nodeName === node.nodeName) {
      before.delete(key);
      morph(old, node);
      return old;
    }
    return node;
  });
  const keep = new Set(wanted);
  for (const child of [...parent.childNodes]) if (!keep.has(child)) child.remove();
  // Insert the missing and the out-of-place items before what stands in their place, so
  // that the items already in order (a focused one among them) are never moved.
  wanted.forEach((node, i) => {
    const here = parent.childNodes[i] || null;
    if (here !== node) parent.insertBefore(node, here);
  });
}
