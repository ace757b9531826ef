// Test-only hooks of the dev IdP, served only with --test-hooks (end-to-end tests; never the
// demo). GET /__test/introspections counts the introspection requests (a cache's proof). GET /__test/logout-token?sub=...&sid=... mints a back-channel logout token exactly as
// the OP signs the ones it sends (oidc-provider's own LogoutToken path), without sending it, so
// a test can deliver it twice and prove the relying party refuses the replay.

import { randomUUID } from 'node:crypto';

export const LOGOUT_TOKEN_PATH = '/__test/logout-token';
/** GET: `{"count": n}`, the introspection requests (RFC 7662) received since the start. */
export const INTROSPECTIONS_PATH = '/__test/introspections';
export const INTROSPECTION_ENDPOINT_PATH = '/token/introspection';

let introspections = 0;

export function countIntrospection() {
  introspections += 1;
}

export function handleIntrospectionCount(req, res) {
  res.writeHead(req.method === 'GET' ? 200 : 405, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
  res.end(JSON.stringify({ count: introspections }));
}

export async function handleTestHook(provider, options, req, res) {
  const url = new URL(req.url, options.issuer);
  const sub = url.searchParams.get('sub');
  const sid = url.searchParams.get('sid');
  const client = await provider.Client.find(url.searchParams.get('client_id') ?? options.clientId);
  if (req.method !== 'GET' || !sub || !client) {
    res.writeHead(400, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ error: 'invalid_request', error_description: 'GET with sub (and sid) of a known client' }));
    return;
  }
  const token = new provider.IdToken({ sub }, { client, ctx: undefined });
  token.mask = { sub: null };
  token.set('events', { 'http://schemas.openid.net/event/backchannel-logout': {} });
  token.set('jti', randomUUID());
  if (sid) {
    token.set('sid', sid);
  }
  const logoutToken = await token.issue({ use: 'logout' });
  res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
  res.end(JSON.stringify({ logout_token: logoutToken }));
}
