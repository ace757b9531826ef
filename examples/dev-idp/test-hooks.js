// Test-only hooks of the dev IdP, served only with --test-hooks (end-to-end tests; never the
// demo). GET /__test/logout-token?sub=...&sid=... mints a back-channel logout token exactly as
// the OP signs the ones it sends (oidc-provider's own LogoutToken path), without sending it, so
// a test can deliver it twice and prove the relying party refuses the replay.

import { randomUUID } from 'node:crypto';

export const LOGOUT_TOKEN_PATH = '/__test/logout-token';

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
