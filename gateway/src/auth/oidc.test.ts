import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { identityOf, IdentityRefused, providerDiscovery, readOidcSettings, type OidcSettings } from './oidc';
import { TokenError } from './tokens';

const SETTINGS: OidcSettings = {
  issuer: 'https://idp.example',
  audience: 'passerelle',
  tokenType: 'at+jwt',
  match: 'email',
  emailClaim: 'email',
  organisationClaims: { siret: 'siret', uai: 'rne' },
  clientId: 'passerelle-explorer',
  scope: 'openid email',
};

describe('OpenID Connect settings and claims', () => {
  it('reads the provider from the environment, and requires the audience with it', () => {
    expect(readOidcSettings({})).toBeUndefined();
    expect(() => readOidcSettings({ OIDC_ISSUER: 'https://idp.example' })).toThrow(/OIDC_AUDIENCE is required/);
    expect(readOidcSettings({ OIDC_ISSUER: 'https://idp.example', OIDC_AUDIENCE: 'passerelle', OIDC_ORGANISATION_CLAIMS: 'siret=siret, uai=rne' })).toMatchObject({
      issuer: 'https://idp.example',
      audience: 'passerelle',
      match: 'email',
      tokenType: 'at+jwt',
      organisationClaims: { siret: 'siret', uai: 'rne' },
    });
    expect(() => readOidcSettings({ OIDC_ISSUER: 'https://idp.example', OIDC_AUDIENCE: 'p', OIDC_ORGANISATION_CLAIMS: 'naf=naf' })).toThrow(/register=claim/);
    expect(() => readOidcSettings({ OIDC_ISSUER: 'https://idp.example', OIDC_AUDIENCE: 'p', OIDC_MEMBER_MATCH: 'name' })).toThrow(/email, subject/);
    expect(() => readOidcSettings({ OIDC_ISSUER: 'http://idp.example', OIDC_AUDIENCE: 'p', NODE_ENV: 'production' })).toThrow(/must use https/);
    expect(readOidcSettings({ OIDC_ISSUER: 'http://127.0.0.1:9000', OIDC_AUDIENCE: 'p', NODE_ENV: 'production' })).toMatchObject({ issuer: 'http://127.0.0.1:9000' });
  });

  it('reads the identity under the configured claim names, and nothing else', () => {
    expect(
      identityOf({ sub: 'abc', email: 'A.B@ac-nantes.fr', email_verified: true, rne: '0441000Y', siret: '', audience: 'department', partner_id: 'x' }, SETTINGS),
    ).toEqual({ match: 'email', subject: 'abc', email: 'A.B@ac-nantes.fr', siret: null, uai: '0441000Y', finess: null });
  });

  it('refuses a token with no subject, and an e-mail the provider says it has not verified', () => {
    expect(() => identityOf({ email: 'a@b.fr' }, SETTINGS)).toThrow(TokenError);
    expect(() => identityOf({ sub: 'abc', email: 'a@b.fr', email_verified: false }, SETTINGS)).toThrow(IdentityRefused);
  });
});

describe('discovery', () => {
  let server: Server;
  let base: string;
  let document: Record<string, unknown>;
  let hits = 0;
  beforeAll(async () => {
    server = createServer((request, response) => {
      hits++;
      if (request.url !== '/.well-known/openid-configuration') {
        response.writeHead(404).end();
        return;
      }
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(document));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('reads the provider’s metadata once', async () => {
    document = { issuer: base, jwks_uri: `${base}/jwks`, token_endpoint: `${base}/token` };
    hits = 0;
    const discover = providerDiscovery(base);
    await expect(discover()).resolves.toMatchObject({ issuer: base, jwks_uri: `${base}/jwks` });
    await discover();
    expect(hits).toBe(1);
  });

  it('refuses a document naming another issuer (OpenID Connect Discovery §4.3), and tries again later', async () => {
    document = { issuer: 'https://evil.example', jwks_uri: 'https://evil.example/jwks' };
    hits = 0;
    const discover = providerDiscovery(base);
    await expect(discover()).rejects.toThrow(/names issuer "https:\/\/evil.example"/);
    document = { issuer: base, jwks_uri: `${base}/jwks` };
    await expect(discover()).resolves.toMatchObject({ issuer: base });
    expect(hits).toBe(2);
  });

  it('refuses a document without a JWKS', async () => {
    document = { issuer: base };
    await expect(providerDiscovery(base)()).rejects.toThrow(/no jwks_uri/);
  });
});
