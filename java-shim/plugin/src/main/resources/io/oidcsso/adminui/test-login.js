// The test login ("SSO doctor"): a real login at one IdP in a new window that signs nobody in. The
// API hands out a one-time ticket inside the start URL (POST test-login/start); the window goes to
// the IdP and ends on "Test login finished"; this page polls GET test-login/result and shows what
// the login would have done. Everything is built as DOM nodes with text, never from markup.
import {el, card, button, message} from './dom.js';
import * as api from './api.js';

const POLL_MS = 1500;
const POLL_FOR_MS = 10 * 60 * 1000;

const out = el('div', {id: 'testlogin-result', 'aria-live': 'polite'});
let polling = null;

/** The card on the identity providers page; each IdP row's "Test login" button calls start(id). */
export function testLoginCard() {
  if (out.childNodes.length === 0) {
    out.append(el('p', {className: 'muted', id: 'testlogin-idle', text: 'Use "Test login" of a saved IdP above. Sign'
      + ' in at the IdP in the new window as the user to check; nobody is signed in to this product.'}));
    showLatest(false);
  }
  return card('testlogin', 'Test login', out);
}

/** The newest result, for the groups page's dry run ("Use the last test login's claims"). */
export async function latestResult() {
  const {body} = await api.get('test-login/result');
  return (body.results || [])[0] || null;
}

async function showLatest(announceNone) {
  try {
    const latest = await latestResult();
    if (latest) {
      out.replaceChildren(resultView(latest));
    } else if (announceNone) {
      out.replaceChildren(message('testlogin-none', 'info', 'No test login in the last 10 minutes.'));
    }
  } catch (e) {
    // The card still works: the next test login shows its result.
  }
}

export async function start(idpId) {
  // Opened now, inside the click, or a popup blocker stops it; no opener: the IdP's page must not
  // reach back into this one.
  const win = window.open('about:blank', 'oidcsso-test-login');
  if (win) win.opener = null;
  if (polling) clearInterval(polling);
  let before = null;
  try {
    before = await latestResult();
    const {body} = await api.post('test-login/start', {idp: idpId});
    if (!win) {
      out.replaceChildren(message('testlogin-error', 'error', 'The browser blocked the new window; allow pop-ups'
        + ' for this page and try again.'));
      return;
    }
    win.location.assign(body.url);
  } catch (e) {
    if (win) win.close();
    out.replaceChildren(message('testlogin-error', 'error', 'The test login could not start: ' + e.message));
    return;
  }
  out.replaceChildren(message('testlogin-waiting', 'info', 'Waiting for the test login at ' + idpId
    + ': sign in at the IdP in the new window.'));
  const until = Date.now() + POLL_FOR_MS;
  polling = setInterval(async () => {
    if (Date.now() > until) {
      clearInterval(polling);
      out.replaceChildren(message('testlogin-timeout', 'error', 'No result after 10 minutes; start it again.'));
      return;
    }
    try {
      const latest = await latestResult();
      if (latest && (!before || latest.reference !== before.reference)) {
        clearInterval(polling);
        out.replaceChildren(resultView(latest));
      }
    } catch (e) {
      // A passing network failure: the next poll tries again.
    }
  }, POLL_MS);
}

function facts(id, pairs) {
  return el('dl', {className: 'facts', id}, pairs.filter(([, v]) => v !== undefined && v !== null)
    .flatMap(([k, v, vid]) => [el('dt', {text: k}), el('dd', {id: vid, text: String(v)})]));
}

function claimsTable(id, title, claims) {
  if (!claims) return el('p', {className: 'muted', id, text: title + ': none (not asked for).'});
  return el('div', {}, el('h3', {text: title}), el('table', {className: 'grid', id},
    el('thead', {}, el('tr', {}, el('th', {text: 'Claim'}), el('th', {text: 'Value'}))),
    el('tbody', {}, Object.entries(claims).map(([name, value]) => el('tr', {'data-claim': name},
      el('td', {}, el('code', {text: name})),
      el('td', {className: 'wrap', text: typeof value === 'string' ? value : JSON.stringify(value)}))))));
}

function planView(plan) {
  const parts = [];
  if (plan.user) {
    parts.push(el('p', {id: 'testlogin-account', text: 'Account: ' + plan.user.action + ' ' + plan.user.username
      + (plan.user.link ? ' (and link it to this IdP identity)' : '') + ' (' + plan.user.rule + ')'}));
  }
  const groups = plan.groups || [];
  parts.push(el('table', {className: 'grid', id: 'testlogin-groups'},
    el('thead', {}, el('tr', {}, el('th', {text: 'Change'}), el('th', {text: 'Group'}), el('th', {text: 'Rule'}))),
    el('tbody', {}, groups.length === 0 ? el('tr', {}, el('td', {colspan: 3, text: 'No group changes.'}))
      : groups.map((g) => el('tr', {className: 'group-' + g.action},
        el('td', {}, el('span', {className: 'lozenge', text: g.action === 'ignored' ? 'dropped' : g.action})),
        el('td', {className: 'wrap', text: g.group}), el('td', {text: g.rule || ''}))))));
  if (plan.notes && plan.notes.length > 0) {
    parts.push(el('ul', {id: 'testlogin-notes'}, plan.notes.map((n) => el('li', {text: n}))));
  }
  return parts;
}

function routingText(routing) {
  if (!routing) return null;
  switch (routing.decision) {
    case 'redirect':
      return 'straight to ' + routing.idp + (routing.rule ? ' (rule ' + routing.rule + ')' : '')
        + (routing.sameIdp ? '' : ': not the IdP tested');
    case 'chooser':
      return 'the chooser' + (routing.idp ? ', ' + routing.idp + ' preselected' : '');
    case 'local':
      return 'the product\'s own login form';
    case 'error':
      return 'could not be asked (' + routing.code + ')';
    default:
      return 'no login needed';
  }
}

function resultView(r) {
  const view = el('div', {id: 'testlogin-answer', 'data-outcome': r.outcome});
  const when = new Date(r.at * 1000).toISOString();
  view.append(facts('testlogin-facts', [['IdP', r.idp, 'testlogin-idp'], ['When', when], ['Reference', r.reference],
    ['Outcome', r.outcome, 'testlogin-outcome']]));
  if (r.failure) {
    view.append(el('p', {id: 'testlogin-failure', className: 'message error', role: 'alert'},
      r.outcome === 'refused' ? 'A login would be refused: ' : 'The login failed: ',
      el('code', {id: 'testlogin-failure-code', text: r.failure.code}), ' ',
      el('span', {id: 'testlogin-failure-hint', text: r.failure.hint})));
  }
  if (r.username !== undefined) {
    const a = r.attributes || {};
    view.append(el('h3', {text: 'User'}), facts('testlogin-user', [['Username', r.username, 'testlogin-username'],
      ['Display name', a.displayName || '(none)'], ['Email', (a.email || '(none)') + (a.emailVerified ? ' (verified)' : '')],
      ['Subject', r.subject], ['Issuer', r.issuer],
      ['Claimed groups', r.groupsClaimPresent ? ((r.claimedGroups || []).join(', ') || '(none)')
        : 'no groups claim: groups are left as they are', 'testlogin-claimed'],
      ['Routing', routingText(r.routing), 'testlogin-routing']]));
  }
  if (r.plan) view.append(el('h3', {text: 'What the login would change'}), ...planView(r.plan));
  if (r.claims) {
    view.append(claimsTable('testlogin-id-claims', 'ID token claims', r.claims.idTokenClaims),
      claimsTable('testlogin-userinfo-claims', 'Userinfo claims', r.claims.userinfoClaims));
    if (r.claims.redacted && r.claims.redacted.length > 0) {
      view.append(el('p', {className: 'muted', id: 'testlogin-redacted',
        text: 'Not shown (tokens, codes, the nonce): ' + r.claims.redacted.join(', ')}));
    }
    view.append(el('h3', {text: 'Clock'}), el('ul', {id: 'testlogin-clock'}, (r.claims.clock || []).map((c) =>
      el('li', {'data-source': c.source, text: (c.source === 'tokenEndpointDate' ? 'Token endpoint Date header'
        : 'ID token iat') + ': the IdP is ' + Math.abs(c.idpMinusNodeSeconds) + ' s '
        + (c.idpMinusNodeSeconds >= 0 ? 'ahead of' : 'behind') + ' this node (' + c.precision + ')'}))));
  } else if (r.claimsOmitted) {
    view.append(message('testlogin-claims-omitted', 'info', r.claimsOmitted));
  }
  view.append(button('testlogin-refresh', 'Show the latest result', () => showLatest(true)));
  return view;
}
