import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTokenVerifier, TokenError } from './tokens';

/**
 * Production tokens: RS256 or ES256, verified against the identity provider's JWKS (served here
 * by a local HTTP server), issuer and audience checked; development HS256 tokens refused.
 */
describe('bearer tokens in production', () => {
  let server: Server;
  let jwksUrl: string;
  const keys: Record<string, Awaited<ReturnType<typeof generateKeyPair>>> = {};

  beforeAll(async () => {
    keys.RS256 = await generateKeyPair('RS256');
    keys.ES256 = await generateKeyPair('ES256');
    const jwks = {
      keys: await Promise.all(
        Object.entries(keys).map(async ([alg, pair]) => ({ ...(await exportJWK(pair.publicKey)), alg, kid: alg, use: 'sig' })),
      ),
    };
    server = createServer((_, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify(jwks));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks.json`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const settings = () => ({ production: true, jwksUrl, secret: 'unused-in-production', issuer: 'https://idp.example', audience: 'passerelle' });
  const claims = { partner_id: 'p-1', audience: 'school', scope: 'a b' };

  it.each(['RS256', 'ES256'])('accepts a %s token signed by a key of the JWKS', async (alg) => {
    const token = await new SignJWT(claims)
      .setProtectedHeader({ alg, kid: alg })
      .setSubject('member-1')
      .setIssuer('https://idp.example')
      .setAudience('passerelle')
      .setExpirationTime('5m')
      .sign(keys[alg]!.privateKey);
    await expect(createTokenVerifier(settings())(token)).resolves.toEqual({
      sub: 'member-1',
      partnerId: 'p-1',
      audience: 'school',
      scopes: ['a', 'b'],
    });
  });

  it('refuses a token from another issuer', async () => {
    const token = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: 'RS256' })
      .setSubject('member-1')
      .setIssuer('https://somewhere-else.example')
      .setAudience('passerelle')
      .setExpirationTime('5m')
      .sign(keys.RS256!.privateKey);
    await expect(createTokenVerifier(settings())(token)).rejects.toThrow(/claims are not accepted/);
  });

  it('refuses a development (HS256) token', async () => {
    const token = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('member-1')
      .setIssuer('https://idp.example')
      .setAudience('passerelle')
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode('a-development-secret-a-development-secret'));
    await expect(createTokenVerifier(settings())(token)).rejects.toThrow(TokenError);
  });

  it('will not start in production without a JWKS', () => {
    expect(() => createTokenVerifier({ ...settings(), jwksUrl: undefined })).toThrow(/JWT_JWKS_URL is required when NODE_ENV=production/);
  });
});
