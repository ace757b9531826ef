#!/usr/bin/env node
// The dev IdP: oidc-provider (a certified OpenID Provider) with demo users, a `groups` claim
// and a confidential client for the oidc-sso plugin. Development and tests only.

import http from 'node:http';

import Provider from 'oidc-provider';
import { setStorage } from 'oidc-provider/lib/adapters/memory_adapter.js';

import { handleInteraction, isInteractionPath } from './interactions.js';
import { parseOptions } from './options.js';
import { errorPage } from './pages.js';
import { buildConfiguration } from './provider-config.js';
import { ExpiringStore } from './storage.js';
import {
  countIntrospection, handleIntrospectionCount, handleTestHook, INTROSPECTION_ENDPOINT_PATH,
  INTROSPECTIONS_PATH, LOGOUT_TOKEN_PATH,
} from './test-hooks.js';

function logProviderErrors(provider) {
  const events = ['server_error', 'authorization.error', 'grant.error', 'userinfo.error',
    'end_session.error', 'backchannel.error', 'interaction.error'];
  for (const event of events) {
    provider.on(event, (...args) => {
      const err = args.find((arg) => arg instanceof Error);
      // Message and OAuth error code only: never request bodies (they carry secrets).
      console.log(`dev-idp ${event}: ${err?.error ?? ''} ${err?.error_description ?? err?.message ?? ''}`);
    });
  }
}

function createServer(provider, options) {
  const callback = provider.callback();
  return http.createServer(async (req, res) => {
    const { pathname } = new URL(req.url, options.issuer);
    if (!options.quiet) {
      res.on('finish', () => console.log(`dev-idp ${req.method} ${pathname} -> ${res.statusCode}`));
    }
    try {
      if (options.testHooks && pathname === LOGOUT_TOKEN_PATH) {
        await handleTestHook(provider, options, req, res);
      } else if (options.testHooks && pathname === INTROSPECTIONS_PATH) {
        handleIntrospectionCount(req, res);
      } else if (isInteractionPath(pathname)) {
        await handleInteraction(provider, req, res);
      } else {
        if (pathname === INTROSPECTION_ENDPOINT_PATH) {
          countIntrospection();
        }
        await callback(req, res);
      }
    } catch (err) {
      console.log(`dev-idp internal error on ${req.method} ${pathname}: ${err.message}`);
      if (!res.headersSent) {
        res.statusCode = 500;
        res.setHeader('Content-Type', 'text/html; charset=utf-8');
        res.end(errorPage({ error: 'server_error', error_description: 'internal error of the dev IdP' }));
      }
    }
  });
}

function main() {
  let options;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (err) {
    console.error(err.message);
    process.exit(2);
  }
  if (options.help) {
    console.log(options.help);
    return;
  }
  setStorage(new ExpiringStore());
  const provider = new Provider(options.issuer, buildConfiguration(options));
  logProviderErrors(provider);
  const server = createServer(provider, options);
  server.on('error', (err) => {
    console.error(`dev-idp cannot listen on ${options.host}:${options.port}: ${err.message}`);
    process.exit(1);
  });
  server.listen(options.port, options.host, () => {
    console.log(`dev-idp ready issuer=${options.issuer} clients=${options.clientId},${options.clientId}-post`
      + ` redirect_uris=${[...options.rpBaseUrls.map((b) => `${b}/plugins/servlet/oidc-sso/callback`),
        ...options.extraRedirectUris].join(',')}`);
  });
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, () => {
      server.close(() => process.exit(0));
      server.closeAllConnections();
    });
  }
}

main();
