// Diagnostics: what this node runs (GET status): revision, engine, each IdP's circuit.
import {el, card, button, message} from './dom.js';
import * as api from './api.js';

export function render(root) {
  const out = el('div', {id: 'status'}, el('p', {className: 'muted', text: 'Reading the status…'}));
  const refresh = async () => {
    try {
      const {body} = await api.get('status');
      const facts = [['Revision', body.revision], ['Engine', body.engine], ['Single sign-on', body.sso],
        ['Why', body.reason], ['Node', body.node]].filter(([, v]) => v !== undefined && v !== null && v !== '');
      out.replaceChildren(
        el('dl', {className: 'facts', id: 'status-facts'}, facts.flatMap(([k, v]) => [el('dt', {text: k}),
          el('dd', {id: 'status-' + k.toLowerCase().replace(/[^a-z]+/g, '-'), text: String(v)})])),
        el('table', {className: 'grid', id: 'status-idps'},
          el('thead', {}, el('tr', {}, ['IdP', 'Issuer', 'Circuit', 'Since'].map((h) => el('th', {text: h})))),
          el('tbody', {}, (body.idps || []).map((idp) => el('tr', {},
            el('td', {}, el('code', {text: idp.id})), el('td', {className: 'wrap', text: idp.issuer || ''}),
            el('td', {}, el('span', {className: 'lozenge ' + (idp.circuit === 'closed' ? 'set' : 'unset'),
              text: idp.circuit || idp.state || ''})),
            el('td', {text: idp.since || ''}))))));
    } catch (e) {
      out.replaceChildren(message('status-error', 'error', 'The status could not be read: ' + e.message));
    }
  };
  root.append(card('diagnostics', 'This node', out, button('status-refresh', 'Refresh', refresh)));
  refresh();
}
