// oidc-provider configuration of the dev IdP: clients, keys, claims, features.

import { generateKeyPairSync, randomBytes } from 'node:crypto';

import { errors } from 'oidc-provider';

import { errorPage, logoutPage, logoutSuccessPage } from './pages.js';
import { claimsOf, findUserBySub } from './users.js';

const CALLBACK_PATH = '/plugins/servlet/oidc-sso/callback';
const BACKCHANNEL_LOGOUT_PATH = '/plugins/servlet/oidc-sso/backchannel-logout';
/** The plugin's "signed out" page, the demo's post-logout redirect URI. */
export const LOGGED_OUT_PATH = '/plugins/servlet/oidc-sso/logged-out';

/** Fresh signing keys per start (a dev IdP): RS256 for ID tokens by default, ES256 on request. */
export function generateSigningKeys() {
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' });
  const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'jwk' });
  const stamp = Date.now().toString(36);
  return [
    { ...rsa, kid: `dev-rs256-${stamp}`, alg: 'RS256', use: 'sig' },
    { ...ec, kid: `dev-es256-${stamp}`, alg: 'ES256', use: 'sig' },
  ];
}

/**
 * Two confidential clients for the same RPs: `<clientId>` authenticates with
 * client_secret_basic, `<clientId>-post` with client_secret_post.
 */
export function buildClients(options) {
  // Per-IdP callback paths of the RP (`callbackPath`) come as extra redirect URIs.
  const redirectUris = [...options.rpBaseUrls.map((base) => `${base}${CALLBACK_PATH}`),
    ...(options.extraRedirectUris ?? [])];
  const common = {
    client_secret: options.clientSecret,
    client_name: 'oidc-sso (dev)',
    redirect_uris: redirectUris,
    // The product's home page (the plugin's default) and the plugin's signed-out page.
    post_logout_redirect_uris: options.rpBaseUrls.flatMap((base) => [`${base}/`, `${base}${LOGGED_OUT_PATH}`]),
    // A client has a single back-channel logout URI: the first RP base URL (the load balancer
    // in a cluster).
    backchannel_logout_uri: `${options.rpBaseUrls[0]}${BACKCHANNEL_LOGOUT_PATH}`,
    backchannel_logout_session_required: true,
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    id_token_signed_response_alg: options.idTokenAlg,
  };
  return [
    { ...common, client_id: options.clientId, token_endpoint_auth_method: 'client_secret_basic' },
    { ...common, client_id: `${options.clientId}-post`, token_endpoint_auth_method: 'client_secret_post' },
  ];
}

async function findAccount(_ctx, sub) {
  const user = findUserBySub(sub);
  if (!user) {
    return undefined;
  }
  return {
    accountId: user.sub,
    // oidc-provider filters these by the granted scopes/claims.
    async claims() {
      return claimsOf(user);
    },
  };
}

/**
 * Resource servers (RFC 8707) whose access tokens are JWTs (RFC 9068, `typ` `at+jwt`): a client that
 * asks for `resource=urn:oidc-sso:api` gets a bearer token the plugin accepts with
 * `bearer.audiences: ["urn:oidc-sso:api"]`. `urn:oidc-sso:api-short` is the same audience with a
 * 2-second lifetime, `urn:oidc-sso:other-api` another audience and `urn:oidc-sso:api-opaque` the same
 * audience as an opaque token that only introspection (RFC 7662) explains (all for tests). Without
 * `resource` the access token stays opaque (what the plugin's own login sends to userinfo).
 */
export const RESOURCE_SERVERS = {
  'urn:oidc-sso:api': { audience: 'urn:oidc-sso:api', accessTokenTTL: 600 },
  // The same audience with opaque access tokens, for RFC 7662 introspection (features.introspection).
  'urn:oidc-sso:api-opaque': { audience: 'urn:oidc-sso:api', accessTokenTTL: 600, accessTokenFormat: 'opaque' },
  'urn:oidc-sso:api-short': { audience: 'urn:oidc-sso:api', accessTokenTTL: 2 },
  'urn:oidc-sso:other-api': { audience: 'urn:oidc-sso:other-api', accessTokenTTL: 600 },
};

function resourceServer(_ctx, indicator) {
  const server = RESOURCE_SERVERS[indicator];
  if (!server) {
    throw new errors.InvalidTarget(`unknown resource ${indicator}`);
  }
  return { accessTokenFormat: 'jwt', ...server, scope: 'api:read api:write' };
}

/** The username claim of the plugin's default mapping, in the user's JWT access tokens. */
async function extraTokenClaims(_ctx, token) {
  if (token.kind !== 'AccessToken' || !token.accountId) {
    return undefined;
  }
  const user = findUserBySub(token.accountId);
  return user ? { preferred_username: claimsOf(user).preferred_username } : undefined;
}

export function buildConfiguration(options) {
  return {
    clients: buildClients(options),
    jwks: { keys: generateSigningKeys() },
    findAccount,
    claims: {
      openid: ['sub'],
      profile: ['name', 'preferred_username', 'given_name', 'family_name'],
      email: ['email', 'email_verified'],
      groups: ['groups'],
    },
    scopes: ['openid', 'offline_access'],
    // false: the scope's claims are in the ID token too (as most enterprise IdPs do);
    // --conform-id-token-claims keeps them in userinfo only (OIDC Core 5.4).
    conformIdTokenClaims: options.conformIdTokenClaims,
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    extraTokenClaims,
    features: {
      devInteractions: { enabled: false },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => undefined,
        useGrantedResource: () => true,
        getResourceServerInfo: resourceServer,
      },
      backchannelLogout: { enabled: true },
      // RFC 7662 at /token/introspection (the client's own credentials) and RFC 7009 revocation.
      introspection: { enabled: true },
      revocation: { enabled: true },
      rpInitiatedLogout: {
        enabled: true,
        async logoutSource(ctx, form) {
          ctx.type = 'html';
          ctx.body = logoutPage(form, ctx.host);
        },
        async postLogoutSuccessSource(ctx) {
          ctx.type = 'html';
          ctx.body = logoutSuccessPage(ctx.oidc.client?.clientName);
        },
      },
    },
    async renderError(ctx, out) {
      ctx.type = 'html';
      ctx.body = errorPage(out);
    },
    ttl: {
      // A resource server's own lifetime (RESOURCE_SERVERS) wins over the default.
      AccessToken: (_ctx, token) => token.resourceServer?.accessTokenTTL ?? 600,
      AuthorizationCode: 60,
      IdToken: 600,
      Interaction: 600,
      Session: 8 * 3600,
      Grant: 8 * 3600,
      RefreshToken: 8 * 3600,
    },
  };
}
