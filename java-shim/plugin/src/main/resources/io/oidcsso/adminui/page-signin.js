// Sign-in options and routing: where a user lands, automatic redirects, enforcing SSO.
import {el, card} from './dom.js';
import {bool, select, int, list, json, advanced} from './fields.js';

export function render(root) {
  root.append(el('p', {className: 'intro', text: 'Routing rules pick the IdP in order, first match wins'
    + ' (email domain, path, group, directory, fallback).'}));
  root.append(card('routing', 'Routing',
    select('routing-auto-redirect', 'When a rule picked the IdP', '/routing/autoRedirect', [['', 'default (instant)'],
      ['instant', 'go there at once'], ['delayed', 'say where, then go (with cancel)'], ['none', 'show the chooser']]),
    int('routing-delay', 'Delay (seconds)', '/routing/delaySeconds'),
    json('routing-rules', 'Rules', '/routing/rules', {rows: 8,
      hint: 'A list like [{"match": "emailDomain", "values": ["example.com"], "idp": "corp"}, {"match": "fallback", "action": "chooser"}].'}),
    advanced('routing-json', '/routing')));
  root.append(card('enforce', 'Sign-in options',
    bool('routing-enforce-sso', 'Enforce single sign-on (local passwords only through the emergency access)',
      '/routing/enforceSso'),
    bool('routing-force-login', 'Send anonymous visitors of every page to sign in', '/routing/forceLogin/enabled'),
    list('routing-force-exclude', 'Paths left open (prefixes)', '/routing/forceLogin/excludePaths', {emptyAs: []}),
    int('pending-ttl', 'Time to finish a sign-in at the IdP (seconds)', '/pendingLoginTtlSeconds', {min: 60, max: 3600})));
}
