// Logout: where the IdP sends the browser back, and the addresses to register at the IdP.
import {el, card} from './dom.js';
import {state, pointerOf} from './store.js';
import {text, idpPicker} from './fields.js';

export function render(root, rerender) {
  const base = window.location.origin + document.body.dataset.entry.replace(/\/plugins\/servlet\/oidc-sso\/admin$/, '');
  const idps = Array.isArray(state.working.idps) ? state.working.idps : [];
  const i = state.selectedIdp < idps.length ? state.selectedIdp : 0;
  const id = idps[i] && idps[i].id ? idps[i].id : '<idp id>';
  root.append(el('p', {className: 'intro', text: 'Logging out of the product logs out at the IdP too'
    + ' (RP-initiated logout); the IdP ends the product\'s sessions on every node through back- or front-channel logout.'}));
  root.append(card('logout', 'Logout',
    idpPicker('logout-idp', rerender),
    idps.length ? text('logout-redirect', 'Where the IdP sends the browser after logout (post_logout_redirect_uri)',
      pointerOf('idps', i, 'postLogoutRedirectUri'), {placeholder: base + '/plugins/servlet/oidc-sso/logged-out'}) : null));
  root.append(card('logout-register', 'Register these at the IdP',
    el('dl', {className: 'facts', id: 'logout-addresses'},
      el('dt', {text: 'Back-channel logout URI'}), el('dd', {}, el('code', {text: base + '/plugins/servlet/oidc-sso/backchannel-logout'})),
      el('dt', {text: 'Front-channel logout URI'}), el('dd', {}, el('code', {text: base + '/plugins/servlet/oidc-sso/frontchannel-logout'})),
      el('dt', {text: 'Front-channel, IdPs that send only sid'}), el('dd', {}, el('code', {text: base + '/plugins/servlet/oidc-sso/frontchannel-logout/' + id})),
      el('dt', {text: 'Signed-out page'}), el('dd', {}, el('code', {text: base + '/plugins/servlet/oidc-sso/logged-out'})))));
}
