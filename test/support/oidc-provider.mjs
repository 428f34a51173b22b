/**
 * A real OpenID Connect provider for the tests: `oidc-provider` (a certified implementation),
 * pinned to 8.8 — the last line that supports Node 20 (9.x wants Node 22 and says so at start) —
 * run in a child process by test/support/oidc.ts, on loopback only. Configured from the
 * environment (JSON):
 *
 *   OIDC_PORT        the port (fixed, so that a restart keeps the issuer)
 *   OIDC_KEYS        private JWKs (ES256), the first signs: a restart with a new first key rotates
 *   OIDC_ACCOUNTS    { accountId: { email, email_verified, siret?, uai?, finess? } }
 *   OIDC_RESOURCES   the resource indicators it issues JWT access tokens for (the first is the default)
 *   OIDC_CLIENT      { client_id, redirect_uris, origins }: the explorer, a public client (PKCE)
 *   OIDC_ACCESS_TTL  seconds an access token lives (default 600)
 *
 * The login page lists the accounts (a button each): a browser, or a test's fetch, picks one.
 * Consent is given at once (the explorer is a first-party client). `GET /__test/jwks-hits` says
 * how many times the JWKS was fetched (the key-rotation test counts refetches). When listening,
 * the process writes one line to stdout: `{"issuer": …}`.
 */
import { createServer } from 'node:http';
import Provider, { errors } from 'oidc-provider';

const port = Number(process.env.OIDC_PORT);
const keys = JSON.parse(process.env.OIDC_KEYS);
const accounts = JSON.parse(process.env.OIDC_ACCOUNTS);
const resources = JSON.parse(process.env.OIDC_RESOURCES);
const client = JSON.parse(process.env.OIDC_CLIENT);
const issuer = `http://127.0.0.1:${port}`;
const accessTtl = Number(process.env.OIDC_ACCESS_TTL ?? 600);

const escape = (text) => String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: client.client_id,
      token_endpoint_auth_method: 'none',
      application_type: 'web',
      redirect_uris: client.redirect_uris,
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      id_token_signed_response_alg: 'ES256',
      post_logout_redirect_uris: client.redirect_uris,
    },
  ],
  jwks: { keys },
  clientDefaults: { id_token_signed_response_alg: 'ES256' },
  cookies: { keys: ['passerelle-test-provider-cookie-key'] },
  pkce: { required: () => true },
  claims: { openid: ['sub'], email: ['email', 'email_verified'], organisation: ['siret', 'uai', 'finess'] },
  scopes: ['openid', 'email', 'organisation', 'offline_access'],
  findAccount: (_ctx, id) =>
    accounts[id] ? { accountId: id, claims: () => ({ sub: id, ...accounts[id] }) } : undefined,
  // The identity claims travel in the access token too (a resource server does not call userinfo).
  extraTokenClaims: (_ctx, token) => {
    if (token.kind !== 'AccessToken' || !accounts[token.accountId]) return undefined;
    return { ...accounts[token.accountId] };
  },
  issueRefreshToken: (_ctx, theClient) => theClient.grantTypeAllowed('refresh_token'),
  clientBasedCORS: (_ctx, origin, theClient) => theClient.clientId === client.client_id && client.origins.includes(origin),
  ttl: { IdToken: 600, RefreshToken: 3600, Interaction: 600, Session: 3600, Grant: 3600 },
  features: {
    devInteractions: { enabled: false },
    revocation: { enabled: true },
    // The library's default pages load a web font from the internet: local pages instead.
    rpInitiatedLogout: {
      enabled: true,
      logoutSource: (ctx, form) => {
        ctx.body = `<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>Sign out</title></head><body>
<h1>Sign out of the test identity provider?</h1>${form}<button type="submit" form="op.logoutForm" value="yes" name="logout">Yes, sign me out</button></body></html>`;
      },
      postLogoutSuccessSource: (ctx) => {
        ctx.body = '<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>Signed out</title></head><body>Signed out.</body></html>';
      },
    },
    resourceIndicators: {
      enabled: true,
      defaultResource: () => resources[0],
      useGrantedResource: () => true,
      getResourceServerInfo: (_ctx, resource) => {
        if (!resources.includes(resource)) throw new errors.InvalidTarget();
        return { scope: 'passerelle', audience: resource, accessTokenFormat: 'jwt', accessTokenTTL: accessTtl, jwt: { sign: { alg: 'ES256' } } };
      },
    },
  },
  interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
});

function loginPage(uid) {
  const buttons = Object.entries(accounts)
    .map(([id, claims]) => `<li><button type="submit" name="account" value="${escape(id)}">${escape(claims.email ?? id)}</button></li>`)
    .join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>Test identity provider</title></head><body>
<h1>Sign in to the test identity provider</h1>
<form method="post" action="/interaction/${escape(uid)}/login"><ul>${buttons}</ul></form></body></html>`;
}

async function readForm(request) {
  let body = '';
  for await (const chunk of request) body += chunk;
  return new URLSearchParams(body);
}

async function interaction(request, response, uid, action) {
  const details = await provider.interactionDetails(request, response);
  if (details.uid !== uid) throw new Error('interaction mismatch');
  if (details.prompt.name === 'login') {
    if (action !== 'login') {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      response.end(loginPage(uid));
      return;
    }
    const account = (await readForm(request)).get('account');
    if (!account || !accounts[account]) {
      response.writeHead(400, { 'content-type': 'text/plain' });
      response.end('unknown account');
      return;
    }
    await provider.interactionFinished(request, response, { login: { accountId: account } }, { mergeWithLastSubmission: false });
    return;
  }
  if (details.prompt.name === 'consent') {
    const grant = details.grantId
      ? await provider.Grant.find(details.grantId)
      : new provider.Grant({ accountId: details.session.accountId, clientId: details.params.client_id });
    const missing = details.prompt.details;
    if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
    if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
    for (const [indicator, scopes] of Object.entries(missing.missingResourceScopes ?? {})) grant.addResourceScope(indicator, scopes.join(' '));
    const grantId = await grant.save();
    await provider.interactionFinished(request, response, { consent: { grantId } }, { mergeWithLastSubmission: true });
    return;
  }
  response.writeHead(400, { 'content-type': 'text/plain' });
  response.end(`unexpected prompt ${details.prompt.name}`);
}

let jwksHits = 0;
const callback = provider.callback();
const server = createServer((request, response) => {
  const url = new URL(request.url, issuer);
  if (url.pathname === '/__test/jwks-hits') {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ hits: jwksHits }));
    return;
  }
  const match = /^\/interaction\/([^/]+)(?:\/(login))?$/.exec(url.pathname);
  if (match) {
    interaction(request, response, match[1], match[2]).catch((error) => {
      if (!response.headersSent) response.writeHead(500, { 'content-type': 'text/plain' });
      response.end(String(error?.message ?? error));
    });
    return;
  }
  if (url.pathname === '/jwks') jwksHits += 1;
  callback(request, response);
});
server.listen(port, '127.0.0.1', () => process.stdout.write(`${JSON.stringify({ issuer })}\n`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
// The test holds this pipe: when it goes (the test run killed), so does the provider.
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
