// The dev IdP's own interaction endpoints (oidc-provider's devInteractions stay disabled):
//   GET  /interaction/:uid          login form, or automatic consent
//   POST /interaction/:uid/login    check the demo user's password
//   GET  /interaction/:uid/abort    the user cancels: access_denied back to the RP
//
// CSRF: the interaction is bound to oidc-provider's signed `_interaction` cookie (SameSite=Lax,
// so a cross-site POST does not carry it), and a POST whose Origin is not the issuer's is refused.

import { createHash, timingSafeEqual } from 'node:crypto';

import { errorPage, loginPage } from './pages.js';
import { findUserByUsername } from './users.js';

const MAX_FORM_BYTES = 8 * 1024;
const ROUTE = /^\/interaction\/([A-Za-z0-9_-]+)(?:\/(login|abort))?$/;

export function isInteractionPath(pathname) {
  return pathname.startsWith('/interaction/');
}

/** Handles one request under /interaction/. */
export async function handleInteraction(provider, req, res) {
  const { pathname } = new URL(req.url, provider.issuer);
  const match = ROUTE.exec(pathname);
  if (!match) {
    return send(res, 404, errorPage({ error: 'not_found', error_description: 'no such page' }));
  }
  const [, uid, action] = match;
  let details;
  try {
    details = await provider.interactionDetails(req, res);
  } catch {
    // Missing/expired interaction cookie: the user must start again at the RP.
    return send(res, 400, errorPage({
      error: 'interaction_expired',
      error_description: 'this sign-in attempt expired or its cookie is missing; start again at the application',
    }));
  }
  if (details.uid !== uid) {
    return send(res, 400, errorPage({ error: 'interaction_mismatch', error_description: 'sign-in attempt mismatch' }));
  }
  if (req.method === 'GET' && action === undefined) {
    return showInteraction(provider, req, res, details);
  }
  if (req.method === 'POST' && action === 'login') {
    return submitLogin(provider, req, res, details);
  }
  if (req.method === 'GET' && action === 'abort') {
    return provider.interactionFinished(req, res, {
      error: 'access_denied',
      error_description: 'the user cancelled the sign-in',
    }, { mergeWithLastSubmission: false });
  }
  return send(res, 405, errorPage({ error: 'method_not_allowed', error_description: `${req.method} not allowed` }));
}

async function showInteraction(provider, req, res, details) {
  switch (details.prompt.name) {
    case 'login':
      return send(res, 200, loginPage({ uid: details.uid, clientName: await clientName(provider, details) }));
    case 'consent':
      return grantConsent(provider, req, res, details);
    default:
      return send(res, 501, errorPage({ error: 'unsupported_prompt', error_description: details.prompt.name }));
  }
}

async function submitLogin(provider, req, res, details) {
  if (!sameOrigin(req, provider.issuer)) {
    return send(res, 403, errorPage({ error: 'forbidden', error_description: 'cross-origin form post refused' }));
  }
  if (details.prompt.name !== 'login') {
    return showInteraction(provider, req, res, details);
  }
  const form = await readForm(req);
  if (form === undefined) {
    return send(res, 413, errorPage({ error: 'request_too_large', error_description: 'the form is too large' }));
  }
  const username = form.get('username') ?? '';
  const user = findUserByUsername(username);
  if (!user || !passwordMatches(user.password, form.get('password') ?? '')) {
    const page = loginPage({
      uid: details.uid,
      clientName: await clientName(provider, details),
      username,
      error: 'Wrong username or password.',
    });
    return send(res, 200, page);
  }
  return provider.interactionFinished(req, res, {
    login: { accountId: user.sub, amr: ['pwd'] },
  }, { mergeWithLastSubmission: false });
}

/**
 * The RPs of the dev IdP are first-party: consent is granted without asking, for exactly what
 * the request asked (missing scopes and claims as oidc-provider computed them).
 */
async function grantConsent(provider, req, res, details) {
  const { prompt: { details: missing }, grantId, session, params } = details;
  const grant = grantId
    ? await provider.Grant.find(grantId)
    : new provider.Grant({ accountId: session.accountId, clientId: params.client_id });
  if (missing.missingOIDCScope) {
    grant.addOIDCScope(missing.missingOIDCScope.join(' '));
  }
  if (missing.missingOIDCClaims) {
    grant.addOIDCClaims(missing.missingOIDCClaims);
  }
  if (missing.missingResourceScopes) {
    for (const [indicator, scopes] of Object.entries(missing.missingResourceScopes)) {
      grant.addResourceScope(indicator, scopes.join(' '));
    }
  }
  const savedGrantId = await grant.save();
  return provider.interactionFinished(req, res, { consent: { grantId: savedGrantId } }, {
    mergeWithLastSubmission: true,
  });
}

async function clientName(provider, details) {
  const client = await provider.Client.find(details.params.client_id);
  return client?.clientName || details.params.client_id || 'the application';
}

function sameOrigin(req, issuer) {
  const origin = req.headers.origin;
  // Browsers send Origin on form POSTs; a missing one (curl) is allowed, "null" is not.
  return origin === undefined || origin === new URL(issuer).origin;
}

function passwordMatches(expected, given) {
  const a = createHash('sha256').update(expected).digest();
  const b = createHash('sha256').update(given).digest();
  return timingSafeEqual(a, b);
}

/** The urlencoded form body, or undefined when it exceeds MAX_FORM_BYTES. */
async function readForm(req) {
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > MAX_FORM_BYTES) {
      return undefined;
    }
    chunks.push(chunk);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

function send(res, status, html) {
  res.statusCode = status;
  res.setHeader('Content-Type', 'text/html; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('X-Frame-Options', 'DENY');
  res.end(html);
}
