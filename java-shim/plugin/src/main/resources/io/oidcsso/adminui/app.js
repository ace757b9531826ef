// The admin UI: one page with a section per part of the configuration (#idps, #claims, ...). The
// pages edit one working copy; the bar at the top shows the stored revision and saves everything
// at once through the admin API.
import {el, clear, button} from './dom.js';
import {state, load, save, discard, onChange} from './store.js';
import {showProblems, pageOf} from './fields.js';
import * as idps from './page-idps.js';
import * as claims from './page-claims.js';
import * as groups from './page-groups.js';
import * as signin from './page-signin.js';
import * as logout from './page-logout.js';
import * as emergency from './page-emergency.js';
import * as templates from './page-templates.js';
import * as transfer from './page-transfer.js';
import * as diagnostics from './page-diagnostics.js';
import * as accounts from './page-accounts.js';
import * as audit from './page-audit.js';

const PAGES = [
  ['idps', 'Identity providers', idps],
  ['claims', 'Claims and attributes', claims],
  ['groups', 'Users and groups', groups],
  ['signin', 'Sign-in options and routing', signin],
  ['logout', 'Logout', logout],
  ['emergency', 'Emergency access', emergency],
  ['templates', 'Templates', templates],
  ['transfer', 'Export and import', transfer],
  ['accounts', 'Accounts', accounts],
  ['diagnostics', 'Diagnostics', diagnostics],
  ['audit', 'Audit log', audit],
];
const EDITS_CONFIG = new Set(['idps', 'claims', 'groups', 'signin', 'logout', 'emergency', 'templates']);

const nav = document.getElementById('oidcsso-admin-nav');
const main = document.getElementById('oidcsso-admin-main');
const revision = el('span', {id: 'config-revision'});
const dirty = el('span', {id: 'config-dirty', className: 'lozenge unset', hidden: true, text: 'unsaved changes'});
const status = el('p', {id: 'save-status', role: 'status', hidden: true});
const top = el('ul', {id: 'page-problems', className: 'problems', hidden: true});
const content = el('div', {id: 'page-content'});
const bar = el('div', {id: 'save-bar', className: 'save-bar'},
  el('span', {className: 'muted'}, 'Stored configuration: '), revision, dirty,
  el('span', {className: 'spacer'}),
  button('discard', 'Discard changes', () => {
    discard();
    say('info', 'Changes discarded.');
  }),
  button('save', 'Save', async () => {
    say('info', 'Saving…');
    const result = await save();
    if (result.ok && result.unchanged) say('info', 'Nothing to save: revision ' + result.revision + ' is already this configuration.');
    else if (result.ok) say('success', 'Saved: revision ' + result.revision + ' (this node runs it now; the others within seconds).');
    else say('error', result.message);
  }, true));

function say(kind, text) {
  status.className = 'message ' + kind;
  status.textContent = text;
  status.hidden = false;
}

function current() {
  const id = window.location.hash.replace(/^#/, '');
  return PAGES.find((p) => p[0] === id) || PAGES[0];
}

function renderNav() {
  const counts = {};
  for (const problem of state.problems) {
    const page = pageOf(problem.pointer) === 'all' ? 'idps' : pageOf(problem.pointer);
    counts[page] = (counts[page] || 0) + 1;
  }
  const [active] = current();
  nav.replaceChildren(el('ul', {}, PAGES.map(([id, label]) => el('li', {},
    el('a', {id: 'nav-' + id, href: '#' + id, className: id === active ? 'active' : null,
      'aria-current': id === active ? 'page' : null}, label,
    counts[id] ? el('span', {className: 'badge', id: 'nav-' + id + '-problems', text: String(counts[id])}) : null)))));
}

function renderPage() {
  const [id, label, page] = current();
  renderNav();
  revision.textContent = state.revision === 0 ? 'none yet' : 'revision ' + state.revision;
  dirty.hidden = !state.dirty;
  clear(content);
  content.append(el('h1', {id: 'page-title', text: label}));
  page.render(content, renderPage);
  bar.hidden = !EDITS_CONFIG.has(id);
  showProblems(id, content, top);
}

onChange((reason) => {
  dirty.hidden = !state.dirty;
  revision.textContent = state.revision === 0 ? 'none yet' : 'revision ' + state.revision;
  if (reason === 'problems' || reason === 'loaded' || reason === 'saved') {
    renderPage();
  }
  if (reason === 'problems') {
    const first = document.querySelector('#page-problems:not([hidden]), .field.invalid');
    if (first) first.scrollIntoView({block: 'center'});
  }
});

window.addEventListener('hashchange', () => {
  status.hidden = true;
  renderPage();
});

async function start() {
  clear(main);
  main.append(bar, status, top, content);
  try {
    await load();
  } catch (e) {
    say('error', 'The configuration could not be read: ' + e.message);
    renderPage();
  }
}

start();
