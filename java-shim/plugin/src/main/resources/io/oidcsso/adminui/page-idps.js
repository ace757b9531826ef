// Identity providers: the list, adding one from a discovery URL (the core fetches it: POST discover)
// or from a preset (GET presets), and the form of the selected one.
import {el, card, button, message} from './dom.js';
import {state, replaceWorking, pointerOf} from './store.js';
import * as api from './api.js';
import {text, bool, select, list, secret, int, advanced, idpPicker} from './fields.js';
import {testLoginCard, start as startTestLogin} from './test-login.js';

let presets = null;
let discovered = null;

function idps() {
  if (!Array.isArray(state.working.idps)) state.working.idps = [];
  return state.working.idps;
}

/** An id the document does not use yet, from a hint (a host name, a preset). */
function freshId(hint) {
  const base = (hint || 'idp').toLowerCase().replace(/[^a-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40) || 'idp';
  const taken = new Set(idps().map((i) => i && i.id));
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(base + '-' + n)) return base + '-' + n;
}

function addIdp(idp, rerender) {
  const list = [...idps(), idp];
  replaceWorking({...state.working, idps: list});
  state.selectedIdp = list.length - 1;
  rerender();
}

function listCard(rerender) {
  const rows = idps().map((idp, i) => {
    const secretSet = idp && idp.clientSecret !== null && idp.clientSecret !== undefined;
    return el('tr', {id: 'idp-row-' + i},
      el('td', {}, el('code', {text: (idp && idp.id) || '(no id)'})),
      el('td', {text: (idp && (idp.displayName || idp.preset)) || ''}),
      el('td', {className: 'wrap', text: (idp && idp.issuer) || (idp && idp.preset ? 'preset ' + idp.preset : '')}),
      el('td', {text: idp && idp.enabled === false ? 'disabled' : 'enabled'}),
      el('td', {}, el('span', {className: 'lozenge ' + (secretSet ? 'set' : 'unset'), text: secretSet ? 'set' : 'not set'})),
      el('td', {className: 'actions'},
        // The saved configuration's IdP (the running engine's), not this working copy's.
        idp && idp.id ? button('idp-test-' + i, 'Test login', () => startTestLogin(idp.id)) : null,
        button('idp-edit-' + i, 'Edit', () => {
          state.selectedIdp = i;
          rerender();
        }),
        button('idp-remove-' + i, 'Remove', () => {
          const list = idps().filter((_, j) => j !== i);
          replaceWorking({...state.working, idps: list});
          state.selectedIdp = 0;
          rerender();
        })));
  });
  return card('idp-list', 'Configured identity providers',
    rows.length === 0 ? el('p', {className: 'muted', id: 'idp-list-empty', text: 'None yet.'})
      : el('table', {className: 'grid'}, el('thead', {}, el('tr', {},
        ['Id', 'Name', 'Issuer', 'State', 'Client secret', ''].map((h) => el('th', {text: h})))),
      el('tbody', {}, rows)));
}

function discoveryCard(rerender) {
  const url = el('input', {id: 'discover-url', type: 'url', placeholder: 'https://idp.example.com/.well-known/openid-configuration'});
  const newId = el('input', {id: 'discover-id', type: 'text', placeholder: 'optional: the id, e.g. corp'});
  const loopback = el('input', {id: 'discover-loopback', type: 'checkbox'});
  const out = el('div', {id: 'discovery-result'});
  const run = async () => {
    out.replaceChildren(message('discovery-status', 'info', 'Asking the IdP…'));
    try {
      const {body} = await api.post('discover', {url: url.value.trim(), insecureAllowHttpLoopback: loopback.checked});
      discovered = body;
      // A name from the issuer's host: its first label, or the whole address for an IP.
      const host = (() => {
        try {
          const name = new URL(body.issuer).hostname;
          return /^[\d.]+$|^\[/.test(name) ? name : name.split('.')[0];
        } catch (e) {
          return 'idp';
        }
      })();
      const wanted = ['openid', 'profile', 'email'];
      const supported = Array.isArray(body.scopesSupported) ? body.scopesSupported : wanted;
      addIdp({
        id: newId.value.trim() || freshId(host),
        displayName: host,
        enabled: true,
        issuer: body.issuer,
        clientId: '',
        scopes: wanted.filter((s) => supported.includes(s)).concat(supported.includes('groups') ? ['groups'] : []),
        allowedAlgorithms: Array.isArray(body.idTokenSigningAlgValuesSupported)
          ? body.idTokenSigningAlgValuesSupported.filter((a) => a !== 'none' && !a.startsWith('HS')) : null,
        insecureAllowHttpLoopback: loopback.checked ? true : null,
      }, rerender);
    } catch (e) {
      out.replaceChildren(message('discovery-status', 'error', 'Discovery failed: ' + e.message));
    }
  };
  return card('idp-add-discovery', 'Add from a discovery URL',
    el('p', {className: 'muted', text: 'The issuer or its .well-known/openid-configuration address. The plugin'
      + ' fetches it (with its own URL rules and limits) and fills in the new IdP.'}),
    el('div', {className: 'field'}, el('label', {for: 'discover-url', text: 'Discovery URL'}), url),
    el('div', {className: 'field'}, el('label', {for: 'discover-id', text: 'Id'}), newId),
    el('div', {className: 'field checkbox insecure'}, loopback, el('label', {for: 'discover-loopback',
      text: 'Allow http:// on a loopback address (development only)'})),
    button('discover', 'Discover', run, true), out);
}

function manualCard(rerender) {
  const id = el('input', {id: 'new-idp-id', type: 'text', placeholder: 'e.g. corp'});
  return card('idp-add-manual', 'Add by hand',
    el('p', {className: 'muted', text: 'An empty IdP to fill in: issuer, client id and secret.'}),
    el('div', {className: 'field'}, el('label', {for: 'new-idp-id', text: 'Id'}), id),
    button('idp-add-empty', 'Add', () => addIdp({id: id.value.trim() || freshId('idp'), enabled: true, issuer: '',
      clientId: ''}, rerender), true));
}

function presetCard(rerender) {
  const body = el('div', {id: 'preset-form'}, el('p', {className: 'muted', text: 'Loading the presets…'}));
  const show = () => {
    const choose = el('select', {id: 'preset'}, presets.map((p) => el('option', {value: p.id || p.name,
      text: p.displayName || p.name || p.id})));
    const params = el('div', {id: 'preset-parameters'});
    const fill = () => {
      const preset = presets.find((p) => (p.id || p.name) === choose.value);
      params.replaceChildren(...(preset.parameters || []).map((param) => el('div', {className: 'field'},
        el('label', {for: 'preset-param-' + param.name, text: param.name + (param.required ? ' (required)' : '')}),
        el('input', {id: 'preset-param-' + param.name, 'data-name': param.name, type: 'text',
          value: param.default || '', placeholder: param.example || ''}),
        param.description ? el('p', {className: 'hint', text: param.description}) : null)));
    };
    choose.addEventListener('change', fill);
    fill();
    body.replaceChildren(el('div', {className: 'field'}, el('label', {for: 'preset', text: 'Preset'}), choose), params,
      button('preset-add', 'Add', () => {
        const values = {};
        for (const input of params.querySelectorAll('input')) {
          if (input.value.trim() !== '') values[input.dataset.name] = input.value.trim();
        }
        addIdp({id: freshId(choose.value), preset: choose.value, presetParameters: values, clientId: ''}, rerender);
      }, true));
  };
  if (presets) {
    show();
  } else {
    api.get('presets').then(({body: catalog}) => {
      presets = Array.isArray(catalog) ? catalog : (catalog && catalog.presets) || [];
      show();
    }).catch((e) => body.replaceChildren(message('preset-error', 'error', 'The presets could not be read: ' + e.message)));
  }
  return card('idp-add-preset', 'Add from a preset', body);
}

function editCard(rerender) {
  if (idps().length === 0) return null;
  const i = state.selectedIdp < idps().length ? state.selectedIdp : 0;
  const p = (...parts) => pointerOf('idps', i, ...parts);
  const idp = idps()[i] || {};
  const found = discovered && idp.issuer === discovered.issuer ? discovered : null;
  return card('idp-edit', 'Edit ' + (idp.id || 'identity provider'),
    idpPicker('idp-picker', rerender),
    found ? el('div', {className: 'note', id: 'discovered'},
      el('p', {text: 'Found at the discovery URL (the plugin reads them from the issuer at run time):'}),
      el('dl', {className: 'facts'}, ...[['Authorization', found.authorizationEndpoint], ['Token', found.tokenEndpoint],
        ['Userinfo', found.userinfoEndpoint], ['JWKS', found.jwksUri], ['End session', found.endSessionEndpoint]]
        .filter(([, v]) => v).flatMap(([k, v]) => [el('dt', {text: k}), el('dd', {text: v})])),
      ...(found.warnings || []).map((w) => message(null, 'info', w))) : null,
    text('idp-id', 'Id', p('id'), {required: true, hint: 'Names the IdP in routing rules and callback paths; letters, digits, - and _.'}),
    text('idp-display-name', 'Display name', p('displayName')),
    idp.preset ? text('idp-preset', 'Preset', p('preset'), {hint: 'Its parameters are in the advanced editor below.'}) : null,
    text('idp-issuer', 'Issuer', p('issuer'), {placeholder: 'https://idp.example.com', hint: 'Must equal the issuer the IdP announces, character for character.'}),
    text('idp-client-id', 'Client id', p('clientId'), {required: true}),
    secret('idp-client-secret', 'Client secret', p('clientSecret')),
    select('idp-auth-method', 'Token endpoint authentication', p('tokenEndpointAuthMethod'), [['', 'default (client_secret_basic)'],
      ['client_secret_basic', 'client_secret_basic'], ['client_secret_post', 'client_secret_post'],
      ['client_secret_jwt', 'client_secret_jwt'], ['private_key_jwt', 'private_key_jwt']]),
    idp.privateKeyJwt ? secret('idp-private-key', 'Private key (PEM)', p('privateKeyJwt', 'privateKeyPem')) : null,
    list('idp-scopes', 'Scopes', p('scopes')),
    text('idp-button-label', 'Button label on the chooser', p('buttonLabel')),
    bool('idp-enabled', 'Enabled', p('enabled'), {defaultValue: true}),
    bool('idp-fetch-userinfo', 'Read the userinfo endpoint too', p('fetchUserinfo'), {defaultValue: true}),
    int('idp-clock-skew', 'Clock skew allowed (seconds)', p('clockSkewSeconds')),
    bool('idp-loopback', 'Allow http:// on a loopback address (development only)', p('insecureAllowHttpLoopback')),
    advanced('idp-json', p(), 'This IdP as JSON: everything, including HTTP, Entra ID and quirk settings.'));
}

export function render(root, rerender) {
  root.append(el('p', {className: 'intro', text: 'The identity providers users sign in at. Add one, fill in its'
    + ' client id and secret from the IdP\'s registration, then Save.'}));
  root.append(listCard(rerender));
  root.append(testLoginCard());
  const edit_ = editCard(rerender);
  if (edit_) root.append(edit_);
  root.append(el('div', {className: 'columns'}, discoveryCard(rerender), presetCard(rerender)), manualCard(rerender));
}
