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
