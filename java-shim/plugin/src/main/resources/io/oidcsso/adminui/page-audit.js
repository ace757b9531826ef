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
}
