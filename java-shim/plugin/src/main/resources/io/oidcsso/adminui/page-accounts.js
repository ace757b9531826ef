// Accounts: logins refused because an account with the same username exists and is not linked to
// the IdP identity (each with the reference the user saw), linking them, and the links of an
// account with a way to remove one. Not part of the configuration: every action is one API call.
import {el, card, button, message} from './dom.js';
import * as api from './api.js';

const status = () => document.getElementById('accounts-status');

function say(kind, text) {
  status().replaceWith(message('accounts-status', kind, text));
}

// Why linking the claimed name would be refused (the server checks the account by the key the refusal kept).
function changedHint(r) {
  if (!r.accountChanged) return null;
  const text = r.account
    ? (r.accountExists
      ? 'the account this login claimed is now named ' + r.account + '; the name ' + r.username + ' is another account'
      : 'the account this login claimed is now named ' + r.account)
    : (r.accountExists
      ? 'the account this login claimed no longer exists or was not recorded; ask the user to sign in again'
      : 'no account has this name');
  return el('p', {className: 'hint', id: 'pending-changed-' + r.reference, text});
}

function pendingCard(refreshLinks) {
  const filter = el('input', {id: 'pending-filter', type: 'text', placeholder: 'Reference, username or email'});
  const out = el('div', {id: 'pending-result'}, el('p', {className: 'muted', text: 'Reading the refused logins…'}));
  let rows = [];
  const draw = () => {
    const wanted = filter.value.trim().toLowerCase();
    const shown = rows.filter((r) => !wanted || [r.reference, r.username, r.email || '', r.sub]
      .some((v) => v.toLowerCase().includes(wanted)));
    if (shown.length === 0) {
      out.replaceChildren(el('p', {id: 'pending-empty', className: 'muted',
        text: rows.length === 0 ? 'No refused logins waiting for a link.' : 'None matches the filter.'}));
      return;
    }
    out.replaceChildren(el('table', {className: 'grid', id: 'pending-links'},
      el('thead', {}, el('tr', {}, ['When', 'Reference', 'IdP', 'Subject', 'Claimed username', 'Email', 'Link to account', '']
        .map((h) => el('th', {text: h})))),
      el('tbody', {}, shown.map((r) => {
        const target = el('input', {id: 'link-user-' + r.reference, type: 'text', value: r.username,
          'aria-label': 'Account to link ' + r.reference + ' to'});
        return el('tr', {id: 'pending-' + r.reference},
          el('td', {text: r.at}), el('td', {}, el('code', {text: r.reference})), el('td', {}, el('code', {text: r.idp})),
          el('td', {className: 'wrap', text: r.sub}), el('td', {text: r.username}), el('td', {text: r.email || ''}),
          el('td', {}, target, changedHint(r)),
          el('td', {}, button('link-' + r.reference, 'Link', async () => {
            try {
              const {body} = await api.post('links', {idp: r.idp, sub: r.sub, user: target.value.trim(),
                reference: r.reference});
              say('success', 'Linked ' + r.idp + ' subject ' + r.sub + ' to the account ' + body.user
                + '. Their next sign-in logs them in.');
              await refresh();
              refreshLinks(body.user);
            } catch (e) {
              say('error', 'Not linked: ' + e.message);
            }
          }, true)));
      }))));
  };
  const refresh = async () => {
    try {
      rows = (await api.get('links/pending')).body.pending || [];
      draw();
    } catch (e) {
      out.replaceChildren(message('pending-error', 'error', 'The refused logins could not be read: ' + e.message));
    }
  };
  filter.addEventListener('input', draw);
  refresh();
  return card('pending', 'Refused logins waiting for a link',
    el('p', {className: 'intro', text: 'A user whose IdP username matches an existing account that is not linked to'
      + ' their IdP identity is refused and asked to give you the reference its page shows. Link only when you are'
      + ' sure the IdP identity and the account are the same person.'}),
    el('div', {className: 'field'}, el('label', {for: 'pending-filter', text: 'Filter'}), filter),
    out, button('pending-refresh', 'Refresh', refresh));
}

function linksCard() {
  const user = el('input', {id: 'links-user', type: 'text', placeholder: 'username'});
  const out = el('div', {id: 'links-result'});
  const search = async (name) => {
    if (name !== undefined) user.value = name;
    const wanted = user.value.trim();
    if (!wanted) {
      out.replaceChildren(message('links-error', 'error', 'Enter a username.'));
      return;
    }
    try {
      const {body} = await api.get('links?user=' + encodeURIComponent(wanted));
      if (body.links.length === 0) {
        out.replaceChildren(el('p', {id: 'links-none', className: 'muted', text: body.user
          + ' is a local account: no IdP identity is linked to it.'}));
        return;
      }
      out.replaceChildren(el('table', {className: 'grid', id: 'user-links'},
        el('thead', {}, el('tr', {}, ['IdP', 'Issuer', 'Subject', ''].map((h) => el('th', {text: h})))),
        el('tbody', {}, body.links.map((link, i) => el('tr', {},
          el('td', {}, el('code', {text: link.idp || '(not configured)'})),
          el('td', {className: 'wrap', text: link.issuer || '(kept as a hash only: ' + link.hash + ')'}),
          el('td', {className: 'wrap', text: link.sub || ''}),
          el('td', {}, button('unlink-' + i, 'Unlink', async () => {
            try {
              await api.del('links', {user: body.user, hash: link.hash});
              say('success', 'Unlinked from ' + body.user + '. That IdP identity can no longer sign in to it.');
              search();
            } catch (e) {
              say('error', 'Not unlinked: ' + e.message);
            }
          })))))));
    } catch (e) {
      out.replaceChildren(message('links-error', 'error', e.message));
    }
  };
  user.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') search();
  });
  return {search, node: card('links', 'Links of an account',
    el('div', {className: 'field'}, el('label', {for: 'links-user', text: 'Username'}), user),
    button('links-search', 'Show links', () => search()), out)};
}

export function render(root) {
  const links = linksCard();
  root.append(el('p', {id: 'accounts-status', hidden: true}), pendingCard(links.search), links.node);
}
