// Building DOM nodes. Every value from data goes in as text (textContent, attributes set one by
// one), never parsed as HTML: no markup is ever built from strings.

/** el('input', {id: 'x', type: 'text', on: {input: fn}}, child, 'text', ...) */
export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'on') {
      for (const [event, handler] of Object.entries(value)) node.addEventListener(event, handler);
    } else if (key === 'text') {
      node.textContent = String(value);
    } else if (key === 'className') {
      node.className = value;
    } else if (key === 'value' || key === 'checked') {
      node[key] = value;
    } else {
      node.setAttribute(key, value === true ? '' : String(value));
    }
  }
  append(node, children);
  return node;
}

function append(node, children) {
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

export function clear(node) {
  while (node.firstChild) node.removeChild(node.firstChild);
  return node;
}

/** A card with a heading, like the product's admin panels. */
export function card(id, title, ...children) {
  return el('section', {className: 'card', id}, el('h2', {text: title}), ...children);
}

export function button(id, label, onClick, primary = false) {
  return el('button', {id, type: 'button', className: primary ? 'primary' : 'secondary', on: {click: onClick}},
    label);
}

/** A short message: kind is 'error', 'success' or 'info'. */
export function message(id, kind, text) {
  return el('p', {id, className: 'message ' + kind, role: kind === 'error' ? 'alert' : 'status', text});
}
