// Audit log: the cluster's recent audit events (GET audit), newest first, with filters that
// combine and a download of the same selection as JSON lines (GET audit/download).
import {el, card, button, message} from './dom.js';
import * as api from './api.js';

const FILTERS = [
  ['event', 'Event', 'login.failed, or a prefix: login.'],
  ['user', 'User', 'username'],
  ['idp', 'IdP', 'IdP id'],
  ['since', 'Since', '2026-12-07T02:30:00Z'],
  ['limit', 'At most', '200'],
];
const HEADER = new Set(['ts', 'event', 'level', 'node']);

function query(inputs) {
  const params = new URLSearchParams();
  for (const [name] of FILTERS) {
    const value = inputs[name].value.trim();
    if (value) params.set(name, value);
  }
  const text = params.toString();
  return text ? '?' + text : '';
}

function details(event) {
  return Object.entries(event).filter(([key]) => !HEADER.has(key) && key !== 'user' && key !== 'idp')
    .map(([key, value]) => key + '=' + value).join('  ');
}

export function render(root) {
  const inputs = {};
  const fields = FILTERS.map(([name, label, hint]) => {
    inputs[name] = el('input', {id: 'audit-filter-' + name, type: 'text', placeholder: hint,
      on: {keydown: (e) => { if (e.key === 'Enter') refresh(); }}});
    return el('label', {className: 'filter', for: 'audit-filter-' + name}, label, inputs[name]);
  });
  const download = el('a', {id: 'audit-download', className: 'button secondary', href: document.body.dataset.api
    + 'audit/download', download: '', text: 'Download (JSON lines)'});
  const out = el('div', {id: 'audit-events'}, el('p', {className: 'muted', text: 'Reading the events…'}));

  async function refresh() {
    const q = query(inputs);
    download.setAttribute('href', document.body.dataset.api + 'audit/download' + q);
    try {
      const {body} = await api.get('audit' + q);
      const events = body.events || [];
      out.replaceChildren(
        el('p', {id: 'audit-count', className: 'muted',
          text: events.length + ' event(s); the cluster keeps the last ' + body.capacity + '.'}),
        el('table', {className: 'grid', id: 'audit-table'},
          el('thead', {}, el('tr', {}, ['Time', 'Event', 'Level', 'Node', 'User', 'IdP', 'Details']
            .map((h) => el('th', {text: h})))),
          el('tbody', {}, events.map((e) => el('tr', {className: 'audit-row', 'data-event': e.event},
            el('td', {text: e.ts}), el('td', {}, el('code', {text: e.event})),
            el('td', {}, el('span', {className: 'lozenge ' + (e.level === 'WARNING' ? 'unset' : 'set'), text: e.level})),
            el('td', {text: e.node}), el('td', {text: e.user || ''}), el('td', {text: e.idp || ''}),
            el('td', {className: 'wrap', text: details(e)}))))));
    } catch (e) {
      const parameter = e.body && e.body.parameter;
      out.replaceChildren(message('audit-error', 'error', 'The events could not be read: ' + e.message));
      if (parameter && inputs[parameter]) inputs[parameter].setAttribute('aria-invalid', 'true');
      return;
    }
    for (const input of Object.values(inputs)) input.removeAttribute('aria-invalid');
  }

  root.append(card('audit', 'Recent events (all nodes)',
    el('div', {className: 'filters', id: 'audit-filters'}, fields),
    el('p', {}, button('audit-apply', 'Apply filters', refresh, true), ' ', download),
    out));
  refresh();
  root.append(debugCard());
}

// The per-IdP debug switch (GET/POST audit/debug): which IdPs log their protocol exchange, until when.
function debugCard() {
  const idp = el('input', {id: 'debug-idp', type: 'text', placeholder: 'IdP id'});
  const minutes = el('input', {id: 'debug-minutes', type: 'number', min: '0', max: '60', value: '15'});
  const state = el('div', {id: 'debug-state'});
  function show(body) {
    const on = body.debug || [];
    state.replaceChildren(el('p', {id: 'debug-list', className: 'muted', text: on.length
      ? on.map((d) => d.idp + ': debug on until ' + d.until).join('; ')
      : 'No IdP has debug logging on.'}));
  }
  async function apply() {
    try {
      const {body} = await api.post('audit/debug', {idp: idp.value.trim(), minutes: Number(minutes.value)});
      show(body);
    } catch (e) {
      state.replaceChildren(message('debug-error', 'error', 'Not changed: ' + e.message));
    }
  }
  api.get('audit/debug').then(({body}) => show(body), (e) => state.replaceChildren(
    message('debug-error', 'error', 'Could not read the debug switch: ' + e.message)));
  return card('audit-debug', 'Debug logging per IdP',
    el('p', {className: 'muted', text: 'Writes redacted debug.* lines (logger io.oidcsso.debug) for one IdP'
      + ' for 1 to 60 minutes on every node; 0 turns it off.'}),
    el('div', {className: 'filters'},
      el('label', {className: 'filter', for: 'debug-idp'}, 'IdP', idp),
      el('label', {className: 'filter', for: 'debug-minutes'}, 'Minutes', minutes)),
    el('p', {}, button('debug-apply', 'Set', apply, false)),
    state);
}
