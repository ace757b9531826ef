// Test helpers: start the dev IdP on a free port and walk the authorization code flow with
// fetch, keeping cookies by hand (a tiny cookie jar: name=value per host, enough for one OP).

import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import net from 'node:net';
import { fileURLToPath } from 'node:url';

const SERVER = fileURLToPath(new URL('../server.js', import.meta.url));
export const CALLBACK_PATH = '/plugins/servlet/oidc-sso/callback';

export async function freePort(host) {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, host, () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

/**
 * Starts the server for one RP (default: a port nobody listens on); resolves with
 * { issuer, rpBase, callback, stop } once it printed its ready line.
 */
export async function startIdp({ rpBase = 'http://127.0.0.1:18080', extraArgs = [] } = {}) {
  const host = '127.0.0.2';
  const port = await freePort(host);
  const child = spawn(process.execPath, [SERVER, '--host', host, '--port', String(port),
    '--rp-base-url', rpBase, '--quiet', ...extraArgs], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`dev IdP not ready in 15 s:\n${output}`)), 15000);
    child.stdout.on('data', (data) => {
      output += data;
      if (output.includes('ready')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.stderr.on('data', (data) => { output += data; });
    child.on('exit', (code) => reject(new Error(`dev IdP exited ${code}:\n${output}`)));
  });
  return {
    issuer: `http://${host}:${port}`,
    rpBase,
    callback: `${rpBase}${CALLBACK_PATH}`,
    stop: () => child.kill('SIGTERM'),
  };
}

export class Browser {
  constructor() {
    this.cookies = new Map();
  }

  async get(url, init = {}) {
    return this.request(url, { ...init, method: 'GET' });
  }

  async post(url, form, init = {}) {
    return this.request(url, {
      ...init,
      method: 'POST',
      body: new URLSearchParams(form).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...(init.headers ?? {}) },
    });
  }

  async request(url, init) {
    const cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const headers = { ...(init.headers ?? {}), ...(cookie ? { cookie } : {}) };
    const res = await fetch(url, { ...init, headers, redirect: 'manual' });
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair.indexOf('=');
      this.cookies.set(pair.slice(0, eq).trim(), pair.slice(eq + 1));
    }
    return res;
  }
}

export function pkcePair() {
  const verifier = randomBytes(32).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  return { verifier, challenge };
}

export function authorizationUrl(idp, {
  clientId = 'oidc-sso-dev', challenge, state = 's1', nonce = 'n1', scope = 'openid profile email groups', resource,
}) {
  const url = new URL(`${idp.issuer}/auth`);
  url.search = new URLSearchParams({
    client_id: clientId,
    response_type: 'code',
    redirect_uri: idp.callback,
    scope,
    state,
    nonce,
    code_challenge: challenge,
    code_challenge_method: 'S256',
    ...(resource ? { resource } : {}),
  }).toString();
  return url.toString();
}

export function absolute(issuer, location) {
  return new URL(location, issuer).toString();
}

export function decodeJwt(jwt) {
  const [header, payload] = jwt.split('.').slice(0, 2)
    .map((part) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8')));
  return { header, payload };
}

/** Drives the browser from the authorization request to the callback; returns the callback URL. */
export async function loginAs(browser, idp, authUrl, username, password) {
  const { issuer } = idp;
  let res = await browser.get(authUrl);
  let location = absolute(issuer, res.headers.get('location'));
  res = await browser.get(location);
  const form = await res.text();
  const action = /action="([^"]+)"/.exec(form)[1];
  res = await browser.post(absolute(issuer, action), { username, password }, { headers: { origin: issuer } });
  for (let hops = 0; hops < 10 && res.status >= 300 && res.status < 400; hops += 1) {
    location = absolute(issuer, res.headers.get('location'));
    if (location.startsWith(idp.callback)) {
      return new URL(location);
    }
    res = await browser.get(location);
  }
  throw new Error(`no redirect to the callback (status ${res.status}): ${await res.text()}`);
}

const CLIENT_SECRET = 'dev-secret-change-me';

/** The token request of OIDC Core 3.1.3.1, client_secret_basic or client_secret_post. */
export async function exchangeCode(idp, code, verifier, { clientId = 'oidc-sso-dev', post = false, resource } = {}) {
  const form = { grant_type: 'authorization_code', code, redirect_uri: idp.callback, code_verifier: verifier };
  if (resource) {
    form.resource = resource;
  }
  const headers = { 'content-type': 'application/x-www-form-urlencoded' };
  if (post) {
    Object.assign(form, { client_id: clientId, client_secret: CLIENT_SECRET });
  } else {
    headers.authorization = `Basic ${Buffer.from(`${clientId}:${CLIENT_SECRET}`).toString('base64')}`;
  }
  const res = await fetch(`${idp.issuer}/token`, { method: 'POST', headers, body: new URLSearchParams(form) });
  return { status: res.status, body: await res.json() };
}
