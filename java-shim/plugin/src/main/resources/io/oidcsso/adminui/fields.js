// Form fields bound to a JSON pointer in the working configuration, and the display of the core's
// problems next to them: a problem goes to the field whose pointer is the longest prefix of its
// own; one no field on the page matches goes to the top of the page.
import {el} from './dom.js';
import {state, edit, getAt, parsePointer} from './store.js';

/** Which page owns a pointer of the configuration document. */
export function pageOf(pointer) {
  const p = parsePointer(pointer);
  if (p[0] === 'idps' && p.length > 2) {
    if (p[2] === 'claims' || p[2] === 'createUsers' || p[2] === 'linkExistingAccounts') return 'claims';
    if (p[2] === 'provisioning') return p[3] === 'groups' ? 'groups' : 'claims';
    if (p[2] === 'postLogoutRedirectUri') return 'logout';
  }
  if (p[0] === 'idps') return 'idps';
  if (p[0] === 'routing' || p[0] === 'pendingLoginTtlSeconds') return 'signin';
  if (p[0] === 'templates') return 'templates';
  if (p[0] === 'emergency') return 'emergency';
  return 'all';
}

function wrap(id, label, pointer, input, hint) {
  return el('div', {className: 'field', 'data-pointer': pointer},
    el('label', {for: id, text: label}),
    input,
    hint ? el('p', {className: 'hint', text: hint}) : null,
    el('p', {className: 'field-error', id: id + '-error', role: 'alert', hidden: true}));
}

function localError(id, text) {
  const node = document.getElementById(id + '-error');
  if (text) {
    state.localErrors.set(id, text);
  } else {
    state.localErrors.delete(id);
  }
  if (node) {
    node.textContent = text || '';
    node.hidden = !text;
    node.closest('.field').classList.toggle('invalid', Boolean(text));
  }
}

export function text(id, label, pointer, {hint, required, placeholder, type} = {}) {
  const value = getAt(state.working, pointer);
  const input = el('input', {id, type: type || 'text', value: typeof value === 'string' ? value : '',
    placeholder, required, autocomplete: 'off', spellcheck: 'false',
    on: {input: (e) => edit(pointer, e.target.value === '' && !required ? null : e.target.value)}});
  return wrap(id, label, pointer, input, hint);
}

export function textarea(id, label, pointer, {hint, rows} = {}) {
  const value = getAt(state.working, pointer);
  const input = el('textarea', {id, rows: rows || 8, spellcheck: 'false',
    on: {input: (e) => edit(pointer, e.target.value === '' ? null : e.target.value)}});
  input.value = typeof value === 'string' ? value : '';
  return wrap(id, label, pointer, input, hint);
}

export function int(id, label, pointer, {hint, min, max} = {}) {
  const value = getAt(state.working, pointer);
  const input = el('input', {id, type: 'text', inputmode: 'numeric', value: Number.isInteger(value) ? String(value) : '',
    on: {input: (e) => {
      const raw = e.target.value.trim();
      if (raw === '') {
        localError(id, null);
        edit(pointer, null);
      } else if (/^-?\d+$/.test(raw)) {
        const n = Number(raw);
        localError(id, (min !== undefined && n < min) || (max !== undefined && n > max)
          ? 'Enter a whole number from ' + min + ' to ' + max + '.' : null);
        edit(pointer, n);
      } else {
        localError(id, 'Enter a whole number.');
      }
    }}});
  return wrap(id, label, pointer, input, hint);
}

export function bool(id, label, pointer, {hint, defaultValue} = {}) {
  const value = getAt(state.working, pointer);
  const input = el('input', {id, type: 'checkbox', checked: value === undefined || value === null
    ? Boolean(defaultValue) : value === true, on: {change: (e) => edit(pointer, e.target.checked)}});
  // Security opt-outs (insecure*) are shown in red (docs/config.md).
  const insecure = /\/insecure[A-Za-z]*$/.test(pointer);
  return el('div', {className: 'field checkbox' + (insecure ? ' insecure' : ''), 'data-pointer': pointer},
    input, el('label', {for: id, text: label}), hint ? el('p', {className: 'hint', text: hint}) : null,
    el('p', {className: 'field-error', id: id + '-error', role: 'alert', hidden: true}));
}

/** options: [[value, label], ...]; the value '' stands for null (the default). */
export function select(id, label, pointer, options, {hint} = {}) {
  const value = getAt(state.working, pointer);
  const input = el('select', {id, on: {change: (e) => edit(pointer, e.target.value === '' ? null : e.target.value)}},
    options.map(([v, l]) => el('option', {value: v, text: l})));
  input.value = value === null || value === undefined ? '' : String(value);
  return wrap(id, label, pointer, input, hint);
}

/** A list of strings, one per line; empty is emptyAs (null: the default, or []). */
export function list(id, label, pointer, {hint, emptyAs = null, rows = 3} = {}) {
  const value = getAt(state.working, pointer);
  const input = el('textarea', {id, rows, spellcheck: 'false', on: {input: (e) => {
    const items = e.target.value.split(/[\n,]/).map((s) => s.trim()).filter((s) => s !== '');
    edit(pointer, items.length === 0 ? emptyAs : items);
  }}});
  input.value = Array.isArray(value) ? value.join('\n') : '';
  return wrap(id, label, pointer, input, hint || 'One per line.');
}

/**
 * A write-only secret: the API never sends it back, only {"$secret":"set"} when one is stored. The
 * field says set / not set; typing replaces it, "remove" deletes it, leaving both alone keeps it.
 */
export function secret(id, label, pointer, {hint} = {}) {
  const value = getAt(state.working, pointer);
  const isSet = value !== null && value !== undefined;
  const keep = isSet && typeof value === 'object' ? value : undefined;
  const status = el('span', {id: id + '-status', className: 'lozenge ' + (isSet ? 'set' : 'unset'),
    text: isSet ? 'set' : 'not set'});
  const input = el('input', {id, type: 'password', autocomplete: 'new-password',
    placeholder: isSet ? 'Type to replace the stored value' : 'Not set'});
  const remove = el('input', {id: id + '-remove', type: 'checkbox', disabled: !isSet});
  const update = () => {
    if (remove.checked) edit(pointer, null);
    else if (input.value !== '') edit(pointer, input.value);
    else edit(pointer, keep === undefined ? null : keep);
  };
  input.addEventListener('input', update);
  remove.addEventListener('change', update);
  return el('div', {className: 'field secret', 'data-pointer': pointer},
    el('label', {for: id, text: label}), el('div', {className: 'secret-row'}, status, input,
      el('label', {className: 'inline', for: id + '-remove'}, remove, ' remove')),
    el('p', {className: 'hint', text: hint || 'Write-only: the stored value is never shown.'}),
    el('p', {className: 'field-error', id: id + '-error', role: 'alert', hidden: true}));
}

/** The advanced editor: the JSON of one part of the document, applied as it is typed when it parses. */
export function json(id, label, pointer, {hint, rows = 12} = {}) {
  const value = getAt(state.working, pointer);
  const input = el('textarea', {id, rows, spellcheck: 'false', className: 'code', on: {input: (e) => {
    try {
      const parsed = e.target.value.trim() === '' ? null : JSON.parse(e.target.value);
      localError(id, null);
      edit(pointer, parsed);
    } catch (err) {
      localError(id, 'Not valid JSON: ' + err.message);
    }
  }}});
  input.value = value === undefined ? '' : JSON.stringify(value, null, 2);
  return wrap(id, label, pointer, input, hint);
}

/** A collapsed "advanced (JSON)" editor for a part of the document. */
export function advanced(id, pointer, hint) {
  return el('details', {className: 'advanced', id: id + '-details'},
    el('summary', {text: 'Advanced (JSON)'}),
    json(id, 'The whole section as JSON', pointer, {hint: hint || 'Changes here apply when the JSON is valid;'
      + ' the fields above show them after you switch pages.'}));
}

/** Shows the problems of this page next to their fields; the rest at the top of the page. */
export function showProblems(page, root, top) {
  for (const node of root.querySelectorAll('.field-error')) {
    if (!state.localErrors.has(node.id.replace(/-error$/, ''))) {
      node.hidden = true;
      node.textContent = '';
      node.closest('.field').classList.remove('invalid');
    }
  }
  const fields = [...root.querySelectorAll('[data-pointer]')];
  const unplaced = [];
  for (const problem of state.problems) {
    if (pageOf(problem.pointer) !== page && !(page === 'idps' && pageOf(problem.pointer) === 'all')) continue;
    let best = null;
    for (const field of fields) {
      const p = field.dataset.pointer;
      if (problem.pointer === p || (problem.pointer.startsWith(p + '/') && p !== '')) {
        if (!best || p.length > best.dataset.pointer.length) best = field;
      }
    }
    const target = best && best.querySelector('.field-error');
    if (target && (best.offsetParent !== null || !best.closest('details'))) {
      target.hidden = false;
      target.textContent = (target.textContent ? target.textContent + ' ' : '') + problem.message;
      best.classList.add('invalid');
    } else {
      unplaced.push(problem);
    }
  }
  top.replaceChildren(...unplaced.map((p) => el('li', {className: 'problem'},
    p.pointer ? el('code', {text: p.pointer}) : null, p.pointer ? ' ' : null, p.message)));
  top.hidden = unplaced.length === 0;
}

/** Picks the IdP a per-IdP page edits (state.selectedIdp); null when there is none. */
export function idpPicker(id, rerender) {
  const idps = Array.isArray(state.working.idps) ? state.working.idps : [];
  if (idps.length === 0) return el('p', {className: 'muted', id: id + '-none', text: 'No identity provider yet: add one on the Identity providers page.'});
  if (state.selectedIdp >= idps.length) state.selectedIdp = 0;
  const input = el('select', {id, on: {change: (e) => {
    state.selectedIdp = Number(e.target.value);
    rerender();
  }}}, idps.map((idp, i) => el('option', {value: String(i), text: (idp && idp.id) || '(no id) #' + (i + 1)})));
  input.value = String(state.selectedIdp);
  return el('div', {className: 'field picker'}, el('label', {for: id, text: 'Identity provider'}), input);
}
