import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, describe, test } from 'node:test';

import {
  absolute, authorizationUrl, Browser, decodeJwt, exchangeCode, freePort, loginAs, pkcePair, startIdp,
} from './harness.js';

const BACKCHANNEL_PATH = '/plugins/servlet/oidc-sso/backchannel-logout';

/** A stand-in RP that records the back-channel logout requests it receives. */
async function startRecordingRp() {
  const received = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => { body += chunk; });
    req.on('end', () => {
      received.push({ method: req.method, path: req.url, body: new URLSearchParams(body) });
      res.writeHead(200).end();
    });
  });
  const port = await freePort('127.0.0.1');
  await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { base: `http://127.0.0.1:${port}`, received, stop: () => server.close() };
}

describe('dev IdP logout', () => {
  let rp;
  let idp;
  before(async () => {
    rp = await startRecordingRp();
    idp = await startIdp({ rpBase: rp.base });
  });
  after(() => {
    idp.stop();
    rp.stop();
  });

  test('end_session_when_post_logout_uri_is_the_plugins_signed_out_page_then_sent_there_with_state', async () => {
    const browser = new Browser();
    const { verifier, challenge } = pkcePair();
    const callback = await loginAs(browser, idp, authorizationUrl(idp, { challenge }), 'bob', 'bob');
    const { body } = await exchangeCode(idp, callback.searchParams.get('code'), verifier);
    const signedOut = `${rp.base}/plugins/servlet/oidc-sso/logged-out`;

    const endSession = new URL(`${idp.issuer}/session/end`);
    endSession.search = new URLSearchParams({
      id_token_hint: body.id_token, post_logout_redirect_uri: signedOut, state: 'st-1',
    }).toString();
    const confirm = await browser.get(endSession.toString());
    const page = await confirm.text();
    assert.equal(confirm.status, 200, page);
    const action = /action="([^"]+)"/.exec(page)[1];
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(page)[1];
    const done = await browser.post(absolute(idp.issuer, action), { xsrf, logout: 'yes' },
      { headers: { origin: idp.issuer } });

    assert.equal(done.status, 303);
    assert.equal(done.headers.get('location'), `${signedOut}?state=st-1`);
    // Its back-channel logout is not the next test's.
    rp.received.length = 0;
  });

  test('end_session_when_confirmed_then_backchannel_logout_token_sent_with_sid', async () => {
    const browser = new Browser();
    const { verifier, challenge } = pkcePair();
    const callback = await loginAs(browser, idp, authorizationUrl(idp, { challenge }), 'alice', 'alice');
    const { body } = await exchangeCode(idp, callback.searchParams.get('code'), verifier);
    const { sid } = decodeJwt(body.id_token).payload;

    const endSession = new URL(`${idp.issuer}/session/end`);
    endSession.search = new URLSearchParams({
      id_token_hint: body.id_token,
      post_logout_redirect_uri: `${rp.base}/`,
    }).toString();
    const confirm = await browser.get(endSession.toString());
    const page = await confirm.text();
    const action = /action="([^"]+)"/.exec(page)[1];
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(page)[1];
    const done = await browser.post(absolute(idp.issuer, action), { xsrf, logout: 'yes' },
      { headers: { origin: idp.issuer } });

    assert.equal(done.status, 303);
    assert.equal(done.headers.get('location'), `${rp.base}/`);
    const request = rp.received.find((r) => r.path === BACKCHANNEL_PATH);
    assert.ok(request, `no back-channel logout request: ${JSON.stringify(rp.received)}`);
    assert.equal(request.method, 'POST');
    const { payload } = decodeJwt(request.body.get('logout_token'));
    assert.equal(payload.iss, idp.issuer);
    assert.equal(payload.aud, 'oidc-sso-dev');
    assert.equal(payload.sub, 'alice-sub');
    assert.equal(payload.sid, sid);
    assert.ok(payload.events['http://schemas.openid.net/event/backchannel-logout']);
    assert.equal(payload.nonce, undefined, 'a logout token must not carry a nonce');
  });
});

describe('dev IdP test hooks', () => {
  test('logout_token_hook_when_disabled_then_not_served', async () => {
    const idp = await startIdp();
    try {
      const response = await fetch(`${idp.issuer}/__test/logout-token?sub=alice-sub`);
      assert.notEqual(response.status, 200);
    } finally {
      idp.stop();
    }
  });

  test('logout_token_hook_when_enabled_then_op_signed_logout_token', async () => {
    const idp = await startIdp({ extraArgs: ['--test-hooks'] });
    try {
      const response = await fetch(`${idp.issuer}/__test/logout-token?sub=alice-sub&sid=s-1`);
      assert.equal(response.status, 200);
      const { header, payload } = decodeJwt((await response.json()).logout_token);
      assert.equal(header.typ, 'logout+jwt');
      assert.equal(payload.iss, idp.issuer);
      assert.equal(payload.aud, 'oidc-sso-dev');
      assert.equal(payload.sub, 'alice-sub');
      assert.equal(payload.sid, 's-1');
      assert.ok(payload.jti);
      assert.deepEqual(payload.events, { 'http://schemas.openid.net/event/backchannel-logout': {} });
      assert.equal(payload.nonce, undefined);
    } finally {
      idp.stop();
    }
  });
});
