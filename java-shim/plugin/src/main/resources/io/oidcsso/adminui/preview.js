// The live previews of the groups and templates pages: the working copy (the draft, unsaved
// changes included) goes to the admin API, which has the core read it as a save would and answer
// with the same mapping, group rules and renderer a login uses. Nothing is stored.
import {el, clear, card, button, message} from './dom.js';
import {state} from './store.js';
import * as api from './api.js';
import {latestResult} from './test-login.js';

function words(value) {
  return value.split(/[\n,]/).map((s) => s.trim()).filter((s) => s !== '');
}

function parseObject(id, label, raw, optional) {
  if (optional && raw.trim() === '') return null;
  let value;
  try {
    value = JSON.parse(raw);
  } catch (e) {
    throw new Error(label + ' is not JSON: ' + e.message);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new Error(label + ' must be a JSON object like {"sub": "...", "preferred_username": "...", "groups": [...]}');
  }
  return value;
}

function problemList(id, problems) {
  return el('ul', {id, className: 'problems'}, problems.map((p) => el('li', {},
    el('code', {text: p.pointer || '(document)'}), ' ', p.message)));
}

function field(id, label, control, hint) {
  return el('div', {className: 'field'}, el('label', {for: id, text: label}), control,
    hint ? el('p', {className: 'hint', text: hint}) : null);
}

/** The groups page's dry run for the IdP `idpId`. */
export function dryRunCard(idpId) {
  const claims = el('textarea', {id: 'dryrun-claims', rows: 6, className: 'code',
    placeholder: '{"sub": "u-1", "preferred_username": "alice", "email": "alice@example.com", "groups": ["eng"]}'});
  const userinfo = el('textarea', {id: 'dryrun-userinfo', rows: 3, className: 'code', placeholder: 'optional'});
  const existing = el('input', {id: 'dryrun-existing', type: 'text', placeholder: 'empty: a new user'});
  const managed = el('input', {id: 'dryrun-managed', type: 'text', placeholder: 'optional'});
  const result = el('div', {id: 'dryrun-result', 'aria-live': 'polite'});
  const run = async () => {
    clear(result);
    let payload;
    try {
      payload = {config: state.working, idp: idpId,
        claims: parseObject('dryrun-claims', 'The ID token claims', claims.value, false),
        userinfo: parseObject('dryrun-userinfo', 'The userinfo claims', userinfo.value, true),
        existingGroups: existing.value.trim() === '' ? null : words(existing.value),
        managedGroups: words(managed.value)};
    } catch (e) {
      result.append(message('dryrun-error', 'error', e.message));
      return;
    }
    try {
      const {body} = await api.post('groups/dry-run', payload);
      result.append(dryRunResult(body));
    } catch (e) {
      result.append(message('dryrun-error', 'error', e.message));
    }
  };
  return card('groups-dry-run', 'Dry run: what a login with these claims would do',
    el('p', {className: 'intro', text: 'Paste the claims of an ID token (and userinfo, if the IdP sends some).'
      + ' The rules on this page, saved or not, are applied exactly as a login applies them; nothing is'
      + ' created or changed.'}),
    field('dryrun-claims', 'ID token claims (JSON)', claims),
    field('dryrun-userinfo', 'Userinfo claims (JSON, optional)', userinfo),
    field('dryrun-existing', 'The user\'s current groups (comma-separated)', existing,
      'Empty: the user does not exist yet (a first login).'),
    field('dryrun-managed', 'Of those, granted earlier by this IdP', managed,
      'Only these are ever removed; other local memberships are left alone.'),
    button('dryrun-use-test-login', 'Use the last test login\'s claims', async () => {
      clear(result);
      try {
        const latest = await latestResult();
        if (!latest || !latest.claims) {
          result.append(message('dryrun-error', 'error', 'No test login with claims in the last 10 minutes: run'
            + ' one from the identity providers page.'));
          return;
        }
        claims.value = JSON.stringify(latest.claims.idTokenClaims, null, 2);
        userinfo.value = latest.claims.userinfoClaims ? JSON.stringify(latest.claims.userinfoClaims, null, 2) : '';
        result.append(message('dryrun-filled', 'info', 'Filled from the test login at ' + latest.idp + ' ('
          + latest.reference + '); the hidden values (' + (latest.claims.redacted || []).join(', ')
          + ') play no part in the rules.'));
      } catch (e) {
        result.append(message('dryrun-error', 'error', e.message));
      }
    }),
    button('dryrun-run', 'Run dry run', run, true), result);
}

function dryRunResult(body) {
  const out = el('div', {id: 'dryrun-answer'});
  if (body.problems && body.problems.length > 0) {
    out.append(message('dryrun-invalid', 'error', 'The configuration is invalid; fix these first:'),
      problemList('dryrun-problems', body.problems));
    return out;
  }
  if (body.identity) {
    const id = body.identity;
    out.append(el('dl', {className: 'facts', id: 'dryrun-identity'},
      el('dt', {text: 'Username'}), el('dd', {id: 'dryrun-username', text: id.username}),
      el('dt', {text: 'Email'}), el('dd', {text: (id.email || '(none)') + (id.emailVerified ? ' (verified)' : '')}),
      el('dt', {text: 'Display name'}), el('dd', {text: id.displayName || '(none)'}),
      el('dt', {text: 'Claimed groups'}), el('dd', {id: 'dryrun-claimed',
        text: id.groupsClaimPresent ? (id.groups.join(', ') || '(none)') : 'no groups claim: groups are left as they are'})));
  }
  if (body.failure) {
    out.append(el('p', {id: 'dryrun-failure', className: 'message error', role: 'alert'},
      'A login would be refused: ', el('code', {text: body.failure.code}), ' ', body.failure.message));
  }
  const plan = body.plan;
  if (plan && plan.user) {
    out.append(el('p', {id: 'dryrun-user', text: 'Account: ' + plan.user.action + ' ' + plan.user.username
      + ' (' + plan.user.rule + ')'}));
  }
  if (plan && plan.groups) {
    out.append(el('table', {className: 'grid', id: 'dryrun-groups'},
      el('thead', {}, el('tr', {}, el('th', {text: 'Change'}), el('th', {text: 'Group'}), el('th', {text: 'Rule'}),
        el('th', {text: 'Why'}))),
      el('tbody', {}, plan.groups.length === 0
        ? el('tr', {}, el('td', {colspan: 4, text: 'No group changes.'}))
        : plan.groups.map((g) => el('tr', {className: 'group-' + g.action},
          el('td', {}, el('span', {className: 'lozenge', text: g.action === 'ignored' ? 'dropped' : g.action})),
          el('td', {className: 'wrap', text: g.group}), el('td', {text: g.rule}),
          el('td', {className: 'wrap', text: g.reason || ''}))))));
  }
  if (plan && plan.notes && plan.notes.length > 0) {
    out.append(el('ul', {id: 'dryrun-notes'}, plan.notes.map((n) => el('li', {text: n}))));
  }
  return out;
}

/** The templates page's preview: the page rendered by the core in a sandboxed frame (no script runs). */
export function templatePreviewCard() {
  const page = el('select', {id: 'template-preview-page'}, [['chooser', 'Chooser'], ['error', 'Error page'],
    ['logout', 'Signed-out page']].map(([v, l]) => el('option', {value: v, text: l})));
  const siteName = el('input', {id: 'template-preview-site', type: 'text', value: 'Example site'});
  const code = el('input', {id: 'template-preview-code', type: 'text', value: 'login_expired'});
  const result = el('div', {id: 'template-preview-result', 'aria-live': 'polite'});
  const run = async () => {
    clear(result);
    const sample = {siteName: siteName.value};
    if (page.value === 'error') sample.code = code.value;
    try {
      const {body} = await api.post('templates/preview', {config: state.working, template: page.value, sample});
      if (body.problems && body.problems.length > 0) {
        result.append(message('template-preview-invalid', 'error', 'The configuration is invalid; fix these first:'),
          problemList('template-preview-problems', body.problems));
        return;
      }
      if (body.templateProblem) {
        result.append(message('template-preview-problem', 'error', body.templateProblem));
      }
      result.append(el('p', {className: 'muted', id: 'template-preview-source',
        text: body.custom ? 'Your template:' : 'The built-in page (no template of yours for this page):'}));
      // sandbox="" : no script, no form, no navigation, an opaque origin. The frame inherits this
      // page's CSP, so the template's inline styles are not applied here (docs/security.md).
      result.append(el('iframe', {id: 'template-preview-frame', sandbox: '', title: 'Preview',
        srcdoc: body.html || '', className: 'preview-frame'}));
    } catch (e) {
      result.append(message('template-preview-error', 'error', e.message));
    }
  };
  return card('template-preview', 'Preview',
    field('template-preview-page', 'Page', page),
    field('template-preview-site', 'Sample site name', siteName),
    field('template-preview-code', 'Sample error code (error page)', code),
    button('template-preview-run', 'Preview', run, true), result);
}
