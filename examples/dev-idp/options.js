// Command line of the dev IdP; see README.md.

import { parseArgs } from 'node:util';

const USAGE = `usage: node server.js [--host 127.0.0.2] [--port 9400]
  [--rp-base-url http://127.0.0.1:8080]...   (repeatable; default http://127.0.0.1:8080)
  [--redirect-uri http://127.0.0.1:8080/plugins/servlet/oidc-sso/callback/kc]...   (repeatable; extra)
  [--client-id oidc-sso-dev] [--client-secret dev-secret-change-me]
  [--id-token-alg RS256|ES256] [--conform-id-token-claims] [--quiet]
  [--test-hooks]   (end-to-end tests only: serves /__test/logout-token and /__test/introspections)`;

const ID_TOKEN_ALGS = ['RS256', 'ES256'];

export function parseOptions(argv) {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      host: { type: 'string', default: '127.0.0.2' },
      port: { type: 'string', default: '9400' },
      'rp-base-url': { type: 'string', multiple: true },
      'redirect-uri': { type: 'string', multiple: true },
      'client-id': { type: 'string', default: 'oidc-sso-dev' },
      'client-secret': { type: 'string', default: 'dev-secret-change-me' },
      'id-token-alg': { type: 'string', default: 'RS256' },
      'conform-id-token-claims': { type: 'boolean', default: false },
      quiet: { type: 'boolean', default: false },
      'test-hooks': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    return { help: USAGE };
  }
  const problems = [];
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    problems.push(`--port must be 1..65535 (found \`${values.port}\`)`);
  }
  const rpBaseUrls = (values['rp-base-url'] ?? ['http://127.0.0.1:8080']).map((url) => url.replace(/\/+$/, ''));
  for (const url of rpBaseUrls) {
    if (!/^https?:\/\/[^/?#]+(\/[^?#]*)?$/.test(url)) {
      problems.push(`--rp-base-url must be an absolute http(s) URL without query (found \`${url}\`)`);
    }
  }
  const extraRedirectUris = values['redirect-uri'] ?? [];
  for (const uri of extraRedirectUris) {
    if (!/^https?:\/\/[^/?#]+\/[^?#]*$/.test(uri)) {
      problems.push(`--redirect-uri must be an absolute http(s) URL with a path, without query (found \`${uri}\`)`);
    }
  }
  if (!ID_TOKEN_ALGS.includes(values['id-token-alg'])) {
    problems.push(`--id-token-alg must be one of ${ID_TOKEN_ALGS.join(', ')} (found \`${values['id-token-alg']}\`)`);
  }
  if (!values['client-id'] || !values['client-secret']) {
    problems.push('--client-id and --client-secret must not be empty');
  }
  if (problems.length > 0) {
    throw new Error(`invalid arguments:\n  ${problems.join('\n  ')}\n${USAGE}`);
  }
  return {
    host: values.host,
    port,
    // Exactly scheme://host:port, no trailing slash: RPs compare the issuer byte for byte.
    issuer: `http://${values.host}:${port}`,
    rpBaseUrls,
    extraRedirectUris,
    clientId: values['client-id'],
    clientSecret: values['client-secret'],
    idTokenAlg: values['id-token-alg'],
    conformIdTokenClaims: values['conform-id-token-claims'],
    quiet: values.quiet,
    testHooks: values['test-hooks'],
  };
}
