// Emergency access: who may still use a local password while SSO is enforced.
import {el, card} from './dom.js';
import {bool, text, int, list, advanced} from './fields.js';

export function render(root) {
  root.append(el('p', {className: 'intro', text: 'The way in when the IdP is down or misconfigured: the'
    + ' product\'s login page with the parameter below. While SSO is enforced only these groups may use it.'}));
  root.append(card('emergency', 'Emergency local login',
    bool('emergency-enabled', 'Enabled', '/emergency/enabled', {defaultValue: true}),
    text('emergency-parameter', 'Parameter', '/emergency/parameter', {placeholder: 'oidcsso_local'}),
    list('emergency-groups', 'Allowed groups (empty: the system administrators)', '/emergency/allowedGroups'),
    list('emergency-networks', 'Allowed networks (CIDR; empty: any)', '/emergency/allowedNetworks'),
    int('emergency-per-client', 'Attempts per client address', '/emergency/rateLimit/perClient'),
    int('emergency-per-user', 'Attempts per client address and user', '/emergency/rateLimit/perClientAndUser'),
    int('emergency-window', 'Window (seconds)', '/emergency/rateLimit/windowSeconds'),
    advanced('emergency-json', '/emergency')));
}
