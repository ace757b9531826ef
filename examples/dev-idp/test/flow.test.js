import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
  absolute, authorizationUrl, Browser, decodeJwt, exchangeCode, loginAs, pkcePair, startIdp,
} from './harness.js';

describe('dev IdP with default options', () => {
  let idp;
  before(async () => { idp = await startIdp(); });
  after(() => idp.stop());

  test('discovery_when_fetched_then_issuer_is_exact_and_groups_scope_listed', async () => {
    const meta = await (await fetch(`${idp.issuer}/.well-known/openid-configuration`)).json();
    assert.equal(meta.issuer, idp.issuer);
    assert.ok(meta.scopes_supported.includes('groups'));
    assert.ok(meta.claims_supported.includes('groups'));
    assert.equal(meta.backchannel_logout_supported, true);
    assert.equal(meta.authorization_response_iss_parameter_supported, true);
  });

  test('login_when_alice_signs_in_then_code_exchanges_for_id_token_with_groups', async () => {
    const { verifier, challenge } = pkcePair();
    const callback = await loginAs(new Browser(), idp,
      authorizationUrl(idp, { challenge, state: 'st-1', nonce: 'nonce-1' }), 'alice', 'alice');
    assert.equal(callback.searchParams.get('state'), 'st-1');
    assert.equal(callback.searchParams.get('iss'), idp.issuer);
    const { status, body } = await exchangeCode(idp, callback.searchParams.get('code'), verifier);
    assert.equal(status, 200, JSON.stringify(body));
    const { header, payload } = decodeJwt(body.id_token);
    assert.equal(header.alg, 'RS256');
    assert.equal(payload.iss, idp.issuer);
    assert.equal(payload.aud, 'oidc-sso-dev');
    assert.equal(payload.sub, 'alice-sub');
    assert.equal(payload.nonce, 'nonce-1');
    assert.equal(payload.preferred_username, 'alice');
    assert.equal(payload.name, 'Alice Anderson');
    assert.equal(payload.email, 'alice@example.com');
    assert.deepEqual(payload.groups, ['jira-users', 'engineering']);
    assert.ok(payload.sid, 'sid for back-channel logout');

    const me = await fetch(`${idp.issuer}/me`, { headers: { authorization: `Bearer ${body.access_token}` } });
    const userinfo = await me.json();
    assert.equal(userinfo.sub, 'alice-sub');
    assert.deepEqual(userinfo.groups, ['jira-users', 'engineering']);
  });

  test('token_when_resource_requested_then_jwt_access_token_for_that_audience', async () => {
    const { verifier, challenge } = pkcePair();
    const resource = 'urn:oidc-sso:api';
    const callback = await loginAs(new Browser(), idp,
      authorizationUrl(idp, { challenge, scope: 'openid api:read', resource }), 'alice', 'alice');
    const { status, body } = await exchangeCode(idp, callback.searchParams.get('code'), verifier, { resource });
    assert.equal(status, 200, JSON.stringify(body));
    const { header, payload } = decodeJwt(body.access_token);
    assert.equal(header.typ, 'at+jwt');
    assert.equal(header.alg, 'RS256');
    assert.equal(payload.iss, idp.issuer);
    assert.equal(payload.aud, resource);
    assert.equal(payload.sub, 'alice-sub');
    assert.equal(payload.scope, 'api:read');
    assert.equal(payload.preferred_username, 'alice');
    assert.ok(payload.exp - payload.iat === 600, 'the resource server\'s lifetime');
  });

  test('token_when_short_lived_resource_requested_then_two_second_token_for_the_api', async () => {
    const { verifier, challenge } = pkcePair();
    const resource = 'urn:oidc-sso:api-short';
    const callback = await loginAs(new Browser(), idp,
      authorizationUrl(idp, { challenge, scope: 'openid api:read', resource }), 'alice', 'alice');
    const { status, body } = await exchangeCode(idp, callback.searchParams.get('code'), verifier, { resource });
    assert.equal(status, 200, JSON.stringify(body));
    const { payload } = decodeJwt(body.access_token);
    assert.equal(payload.aud, 'urn:oidc-sso:api');
    assert.equal(payload.exp - payload.iat, 2);
  });

  test('token_when_opaque_resource_requested_then_introspection_explains_it_until_revoked', async () => {
    const { verifier, challenge } = pkcePair();
    const resource = 'urn:oidc-sso:api-opaque';
    const callback = await loginAs(new Browser(), idp,
      authorizationUrl(idp, { challenge, scope: 'openid api:read', resource }), 'alice', 'alice');
    const { status, body } = await exchangeCode(idp, callback.searchParams.get('code'), verifier, { resource });
    assert.equal(status, 200, JSON.stringify(body));
    assert.equal(body.access_token.split('.').length, 1, 'opaque, not a JWS');
    const basic = `Basic ${Buffer.from('oidc-sso-dev:dev-secret-change-me').toString('base64')}`;
    const post = (path) => fetch(`${idp.issuer}${path}`, {
      method: 'POST',
      headers: { authorization: basic, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: body.access_token, token_type_hint: 'access_token' }),
    });
    const active = await (await post('/token/introspection')).json();
    assert.equal(active.active, true);
    assert.equal(active.aud, 'urn:oidc-sso:api');
    assert.equal(active.sub, 'alice-sub');
    assert.equal(active.scope, 'api:read');
    assert.equal(active.preferred_username, 'alice');
    assert.equal((await post('/token/revocation')).status, 200);
    assert.deepEqual(await (await post('/token/introspection')).json(), { active: false });
  });

  test('login_when_post_client_used_then_client_secret_post_accepted', async () => {
    const { verifier, challenge } = pkcePair();
    const clientId = 'oidc-sso-dev-post';
    const callback = await loginAs(new Browser(), idp,
      authorizationUrl(idp, { clientId, challenge }), 'bob', 'bob');
    const { status, body } = await exchangeCode(idp, callback.searchParams.get('code'), verifier,
      { clientId, post: true });
    assert.equal(status, 200, JSON.stringify(body));
    assert.deepEqual(decodeJwt(body.id_token).payload.groups, ['jira-users']);
  });

  test('login_when_password_wrong_then_form_shown_again_with_escaped_username', async () => {
    const browser = new Browser();
    const { challenge } = pkcePair();
    let res = await browser.get(authorizationUrl(idp, { challenge }));
    res = await browser.get(absolute(idp.issuer, res.headers.get('location')));
    const action = /action="([^"]+)"/.exec(await res.text())[1];
    res = await browser.post(absolute(idp.issuer, action), { username: '<b>alice', password: 'nope' },
      { headers: { origin: idp.issuer } });
    assert.equal(res.status, 200);
    const html = await res.text();
    assert.match(html, /Wrong username or password/);
    assert.match(html, /value="&lt;b&gt;alice"/);
    assert.doesNotMatch(html, /<b>alice/);
  });

  test('login_when_form_posted_cross_origin_then_forbidden', async () => {
    const browser = new Browser();
    const { challenge } = pkcePair();
    let res = await browser.get(authorizationUrl(idp, { challenge }));
    res = await browser.get(absolute(idp.issuer, res.headers.get('location')));
    const action = /action="([^"]+)"/.exec(await res.text())[1];
    res = await browser.post(absolute(idp.issuer, action), { username: 'alice', password: 'alice' },
      { headers: { origin: 'http://127.0.0.1:18080' } });
    assert.equal(res.status, 403);
  });

  test('interaction_when_cookie_missing_then_expired_error', async () => {
    const { challenge } = pkcePair();
    const browser = new Browser();
    const res = await browser.get(authorizationUrl(idp, { challenge }));
    const interaction = absolute(idp.issuer, res.headers.get('location'));
    const stranger = await new Browser().get(interaction);
    assert.equal(stranger.status, 400);
    assert.match(await stranger.text(), /interaction_expired/);
  });

  test('token_when_code_replayed_then_invalid_grant', async () => {
    const { verifier, challenge } = pkcePair();
    const callback = await loginAs(new Browser(), idp, authorizationUrl(idp, { challenge }),
      'carol', 'carol');
    const code = callback.searchParams.get('code');
    assert.equal((await exchangeCode(idp, code, verifier)).status, 200);
    const replay = await exchangeCode(idp, code, verifier);
    assert.equal(replay.status, 400);
    assert.equal(replay.body.error, 'invalid_grant');
  });
});

describe('dev IdP with --id-token-alg ES256 --conform-id-token-claims', () => {
  let idp;
  before(async () => { idp = await startIdp({ extraArgs: ['--id-token-alg', 'ES256', '--conform-id-token-claims'] }); });
  after(() => idp.stop());

  test('login_when_es256_and_conform_then_id_token_es256_without_profile_claims', async () => {
    const { verifier, challenge } = pkcePair();
    const callback = await loginAs(new Browser(), idp, authorizationUrl(idp, { challenge }),
      'alice', 'alice');
    const { body } = await exchangeCode(idp, callback.searchParams.get('code'), verifier);
    const { header, payload } = decodeJwt(body.id_token);
    assert.equal(header.alg, 'ES256');
    assert.equal(payload.groups, undefined);
    const me = await fetch(`${idp.issuer}/me`, { headers: { authorization: `Bearer ${body.access_token}` } });
    assert.deepEqual((await me.json()).groups, ['jira-users', 'engineering']);
  });
});

describe('dev IdP with an extra redirect URI', () => {
  const rpBase = 'http://127.0.0.1:18080';
  const own = `${rpBase}/plugins/servlet/oidc-sso/callback/own`;
  let idp;
  before(async () => { idp = await startIdp({ rpBase, extraArgs: ['--redirect-uri', own] }); });
  after(() => idp.stop());

  test('login_when_extra_redirect_uri_used_then_code_delivered_there_and_exchanged', async () => {
    const viaOwn = { ...idp, callback: own };
    const { verifier, challenge } = pkcePair();
    const callback = await loginAs(new Browser(), viaOwn, authorizationUrl(viaOwn, { challenge }), 'alice', 'alice');
    assert.equal(`${callback.origin}${callback.pathname}`, own);
    const { status, body } = await exchangeCode(viaOwn, callback.searchParams.get('code'), verifier);
    assert.equal(status, 200, JSON.stringify(body));
  });

  test('authorization_when_redirect_uri_not_registered_then_refused', async () => {
    const other = { ...idp, callback: `${rpBase}/plugins/servlet/oidc-sso/callback/other` };
    const res = await new Browser().get(authorizationUrl(other, { challenge: pkcePair().challenge }));
    assert.equal(res.status, 400);
    assert.match(await res.text(), /redirect_uri/);
  });
});
