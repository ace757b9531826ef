// Claims and attributes: which claims of the IdP become the username, email, display name and
// groups, and whether users are created or linked.
import {el, card} from './dom.js';
import {state, pointerOf} from './store.js';
import {text, bool, advanced, idpPicker} from './fields.js';

export function render(root, rerender) {
  root.append(el('p', {className: 'intro', text: 'Which claims of the ID token (and userinfo) make the'
    + ' product account. Empty fields use the defaults shown.'}));
  const idps = Array.isArray(state.working.idps) ? state.working.idps : [];
  if (idps.length === 0) {
    root.append(card('claims', 'Claims', idpPicker('claims-idp', rerender)));
    return;
  }
  const i = state.selectedIdp < idps.length ? state.selectedIdp : 0;
  const p = (...parts) => pointerOf('idps', i, ...parts);
  root.append(card('claims', 'Claims of ' + (idps[i].id || 'the IdP'),
    idpPicker('claims-idp', rerender),
    text('claims-username', 'Username', p('claims', 'username'), {placeholder: 'preferred_username'}),
    text('claims-email', 'Email', p('claims', 'email'), {placeholder: 'email'}),
    text('claims-display-name', 'Display name', p('claims', 'displayName'), {placeholder: 'name'}),
    text('claims-groups', 'Groups', p('claims', 'groups'), {placeholder: 'groups'}),
    advanced('claims-json', p('claims'))));
  root.append(card('accounts', 'Accounts',
    bool('claims-create-users', 'Create a user at the first sign-in', p('createUsers'), {defaultValue: true}),
    bool('claims-link-existing', 'Link an existing local account with the same username', p('linkExistingAccounts')),
    bool('claims-update-profile', 'Update the name and email at every sign-in', p('provisioning', 'updateProfile'),
      {defaultValue: true})));
}
