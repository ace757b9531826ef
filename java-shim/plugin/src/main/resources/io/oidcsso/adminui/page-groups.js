// Users and groups: how the IdP's groups become the product's group memberships.
import {el, card} from './dom.js';
import {state, pointerOf} from './store.js';
import {text, bool, select, list, json, advanced, idpPicker} from './fields.js';
import {dryRunCard} from './preview.js';

export function render(root, rerender) {
  root.append(el('p', {className: 'intro', text: 'Group rules decide which of the IdP\'s groups the product'
    + ' sees. Local groups are never removed; the groups under "never touch" are left alone.'}));
  const idps = Array.isArray(state.working.idps) ? state.working.idps : [];
  if (idps.length === 0) {
    root.append(card('groups', 'Groups', idpPicker('groups-idp', rerender)));
    return;
  }
  const i = state.selectedIdp < idps.length ? state.selectedIdp : 0;
  const g = (...parts) => pointerOf('idps', i, 'provisioning', 'groups', ...parts);
  root.append(card('groups', 'Groups of ' + (idps[i].id || 'the IdP'),
    idpPicker('groups-idp', rerender),
    text('groups-claim', 'Groups claim (overrides the claims page)', g('claim')),
    select('groups-source', 'Read groups from', g('source'), [['', 'default'], ['idToken', 'the ID token'],
      ['userinfo', 'userinfo'], ['both', 'both']]),
    text('groups-delimiter', 'Delimiter (when the claim is one string)', g('delimiter')),
    select('groups-mode', 'Mode', g('mode'), [['', 'default'], ['syncAll', 'sync every group the rules let through'],
      ['allowlist', 'only the groups the rules list']]),
    bool('groups-create-missing', 'Create groups that do not exist yet', g('createMissingGroups')),
    list('groups-never-touch', 'Never touch these groups', g('neverTouch'), {emptyAs: []}),
    list('groups-admin', 'Administrator groups (need a rule to be granted)', g('adminGroups'), {emptyAs: []}),
    json('groups-rules', 'Rules (exact, regex with rename, prefix)', g('rules'), {rows: 8,
      hint: 'A list like [{"match": "prefix", "value": "jira-"}, {"match": "regex", "value": "^eng-(.*)$", "renameTo": "$1"}].'}),
    json('groups-defaults', 'Default groups', g('defaultGroups'), {rows: 4,
      hint: '{"newUsers": [...], "everyLogin": [...]}'}),
    advanced('groups-json', g())));
  root.append(dryRunCard(idps[i].id));
}
