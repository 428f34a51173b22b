import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createOidcVerifier, identityOf, IdentityRefused, providerDiscovery, readOidcSettings, type OidcIdentity, type OidcSettings } from './oidc';
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

describe('a provider’s token, verified and mapped (subject match)', () => {
  let server: Server;
  let issuer: string;
  let privateKey: Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];
  beforeAll(async () => {
    const pair = await generateKeyPair('ES256');
    privateKey = pair.privateKey;
    const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'ES256', use: 'sig' };
    server = createServer((request, response) => {
      const body = request.url === '/.well-known/openid-configuration' ? { issuer, jwks_uri: `${issuer}/jwks` } : { keys: [jwk] };
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const sign = (claims: Record<string, unknown>, typ = 'at+jwt') =>
    new SignJWT(claims).setProtectedHeader({ alg: 'ES256', kid: 'k1', typ }).setIssuer(issuer).setAudience('passerelle').setSubject('idp-subject-7').setExpirationTime('5m').sign(privateKey);

  it('asks the directory who the subject is, and takes the member, audience and scopes from it, not from the token', async () => {
    const asked: OidcIdentity[] = [];
    const verifier = createOidcVerifier({ ...SETTINGS, issuer, match: 'subject' }, {
      identify: async (identity) => {
        asked.push(identity);
        return { memberId: 'member-uuid', partnerId: 'partner-uuid', audience: 'school', scopes: [], reason: null };
      },
    });
    const token = await sign({ scope: 'audit:read audit:dpo', audience: 'department', partner_id: 'other-partner' });
    const identity = await verifier.verify(token);
    expect(await verifier.claims(identity)).toEqual({ sub: 'member-uuid', partnerId: 'partner-uuid', audience: 'school', scopes: [] });
    expect(asked).toEqual([{ match: 'subject', subject: 'idp-subject-7', email: null, siret: null, uai: null, finess: null }]);
  });

  it('refuses (403) an identity the directory does not name, and (401) a token of the wrong type or audience', async () => {
    const verifier = createOidcVerifier({ ...SETTINGS, issuer, match: 'subject' }, {
      identify: async () => ({ memberId: null, partnerId: null, audience: null, scopes: [], reason: 'this identity is linked to no member of Passerelle' }),
    });
    await expect(verifier.claims(await verifier.verify(await sign({})))).rejects.toThrow(IdentityRefused);
    await expect(verifier.verify(await sign({}, 'JWT'))).rejects.toThrow(TokenError);
    const otherAudience = await new SignJWT({}).setProtectedHeader({ alg: 'ES256', kid: 'k1', typ: 'at+jwt' }).setIssuer(issuer).setAudience('another-api').setSubject('s').setExpirationTime('5m').sign(privateKey);
    await expect(verifier.verify(otherAudience)).rejects.toThrow(/claims are not accepted/);
  });

  it('answers SERVICE_UNAVAILABLE, not a refusal of the token, when the keys cannot be fetched', async () => {
    const verifier = createOidcVerifier(
      { ...SETTINGS, issuer, match: 'subject' },
      { identify: async () => ({ memberId: null, partnerId: null, audience: null, scopes: [], reason: null }) },
      async () => ({ issuer, jwks_uri: 'http://127.0.0.1:1/jwks' }),
    );
    await expect(verifier.verify(await sign({}))).rejects.toMatchObject({ extensions: { code: 'SERVICE_UNAVAILABLE' } });
    const undiscoverable = createOidcVerifier({ ...SETTINGS, issuer: 'http://127.0.0.1:1', match: 'subject' }, { identify: async () => ({ memberId: null, partnerId: null, audience: null, scopes: [], reason: null }) });
    await expect(undiscoverable.verify(await sign({}))).rejects.toMatchObject({ extensions: { code: 'SERVICE_UNAVAILABLE' } });
  });
});
