import { partnerId, partnerMemberId } from '@passerelle/common';
import type { OidcSettings } from '@passerelle/gateway';
import { decodeProtectedHeader, importJWK, SignJWT, type JWK } from 'jose';
import { Client } from 'pg';
import { refresh, signIn, signingKey, startProvider, type ProviderTokens, type TestProvider } from './support/oidc';
import { freePort } from './support/faults';
import { DEPARTMENT, postGraphQL, startTestStack, tokenFor, type TestStack } from './support/stack';
import { SETUP_TIMEOUT_MS } from './support/timeouts';

/**
 * Issue 16, sign-in with a real identity provider: oidc-provider (certified) in a child process
 * on loopback; the gateway in production mode discovers it, verifies its access tokens against its
 * JWKS and maps their identity claims (e-mail and the organisation's UAI, SIRET or FINESS) to a
 * member of Passerelle's directory, which alone gives the institution, the audience and the scopes.
 */
const CLIENT_ID = 'passerelle-explorer';
const RESOURCE = 'https://passerelle.test/graphql';
const OTHER_RESOURCE = 'https://another-service.test/api';
const DEPARTMENT_SIRET = '22440002800011';

const WHO = '{ __typename }';
const GRANTS = '{ breakGlassGrants(first: 1) { nodes { id } } }';

describe('sign-in with an OpenID Connect provider', () => {
  let stack: TestStack;
  let provider: TestProvider;
  let db: Client;
  let redirectUri: string;
  let firstKey: JWK;
  const members: Record<string, { id: string; email: string }> = {};

  const bearer = (token: string, query = WHO) => postGraphQL(stack.gateway.url, query, undefined, { authorization: `Bearer ${token}` });
  const signInAs = (account: string, resource?: string): Promise<ProviderTokens> =>
    signIn(provider, { clientId: CLIENT_ID, redirectUri, account, resource });

  beforeAll(async () => {
    const port = await freePort();
    const settings: OidcSettings = {
      issuer: `http://127.0.0.1:${port}`,
      audience: RESOURCE,
      tokenType: 'at+jwt',
      match: 'email',
      emailClaim: 'email',
      organisationClaims: { siret: 'siret', uai: 'uai', finess: 'finess' },
      clientId: CLIENT_ID,
      scope: 'openid email organisation passerelle',
      resource: RESOURCE,
      jwksCooldownMs: 1000,
    };
    // The gateway discovers the provider at the first token: it may start first.
    stack = await startTestStack({ children: 10, production: true, oidc: settings });
    db = new Client({ connectionString: stack.databaseUrl });
    await db.connect();
    const member = async (name: string, kind: Parameters<typeof partnerMemberId>[0], index: number, k = 0) => {
      const { rows } = await db.query<{ id: string; email: string }>('SELECT id, email FROM partners.partner_member WHERE id = $1', [partnerMemberId(kind, index, k)]);
      members[name] = rows[0]!;
    };
    await member('school', 'SCHOOL', 0);
    await member('department', 'DEPARTMENT', 0);
    await member('association', 'ASSOCIATION', 0);
    const code = async (id: string, register: string) =>
      (await db.query<{ code: string }>(`SELECT ${register} AS code FROM partners.partner WHERE id = $1`, [id])).rows[0]!.code;
    const uai0 = await code(partnerId('SCHOOL', 0), 'uai');
    const uai1 = await code(partnerId('SCHOOL', 1), 'uai');
    const siretAssociation = await code(partnerId('ASSOCIATION', 0), 'siret');
    // The seeded département has no SIRET; a real one has (the Conseil départemental's).
    await db.query('UPDATE partners.partner SET siret = $1 WHERE id = $2', [DEPARTMENT_SIRET, partnerId('DEPARTMENT', 0)]);

    redirectUri = `${new URL(stack.gateway.url).origin}/explorer`;
    firstKey = await signingKey('key-1');
    provider = await startProvider(port, [firstKey], {
      accounts: {
        school: { email: members.school!.email, email_verified: true, uai: uai0 },
        department: { email: members.department!.email.toUpperCase(), email_verified: true, siret: DEPARTMENT_SIRET },
        association: { email: members.association!.email, email_verified: true, siret: siretAssociation },
        'school-elsewhere': { email: members.school!.email, email_verified: true, uai: uai1 },
        'school-unverified': { email: members.school!.email, email_verified: false, uai: uai0 },
        'school-no-organisation': { email: members.school!.email, email_verified: true },
        stranger: { email: 'personne@ac-nantes.fr', email_verified: true, uai: uai0 },
      },
      resources: [RESOURCE, OTHER_RESOURCE],
      client: { client_id: CLIENT_ID, redirect_uris: [redirectUri], origins: [new URL(redirectUri).origin] },
    });
  }, SETUP_TIMEOUT_MS);

  afterAll(async () => {
    await db?.end();
    await provider?.stop();
    await stack?.stop();
  });

  it('signs a member in: the provider’s access token names them, the directory says who they are', async () => {
    const tokens = await signInAs('school');
    expect(decodeProtectedHeader(tokens.access_token)).toMatchObject({ typ: 'at+jwt', kid: 'key-1' });
    expect(await bearer(tokens.access_token)).toMatchObject({ status: 200, data: { __typename: 'Query' } });
    // Remembered until the directory changes: the next requests ask the partners subgraph nothing.
    stack.resetStatements();
    for (let i = 0; i < 3; i++) expect(await bearer(tokens.access_token)).toMatchObject({ status: 200 });
    expect(stack.statements().partners).toBe(0);
    // A school's contract: what the département reads does not exist for it.
    const outside = await bearer(tokens.access_token, GRANTS);
    expect(outside.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    // The audit log names the member of the directory, not the provider's subject.
    const { rows } = await db.query('SELECT DISTINCT member, partner_id, audience FROM audit.access_log WHERE member = $1', [members.school!.id]);
    expect(rows).toEqual([{ member: members.school!.id, partner_id: partnerId('SCHOOL', 0), audience: 'school' }]);
  });

  it('takes the scopes from the directory, never from the provider', async () => {
    const tokens = await signInAs('department');
    const before = await bearer(tokens.access_token, GRANTS);
    expect(before.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    await db.query(`UPDATE partners.partner_member SET scopes = '{audit:read}' WHERE id = $1`, [members.department!.id]);
    const after = await bearer(tokens.access_token, GRANTS);
    expect(after.errors).toBeUndefined();
    expect(after.data).toEqual({ breakGlassGrants: { nodes: expect.any(Array) } });
  });

  it('refreshes: the refreshed access token is accepted, the used refresh token is not reusable', async () => {
    const tokens = await signInAs('school');
    expect(tokens.refresh_token).toEqual(expect.any(String));
    const refreshed = await refresh(provider, CLIENT_ID, tokens.refresh_token!);
    expect(refreshed.access_token).not.toBe(tokens.access_token);
    expect(await bearer(refreshed.access_token)).toMatchObject({ status: 200 });
    await expect(refresh(provider, CLIENT_ID, tokens.refresh_token!)).rejects.toThrow(/invalid_grant/);
  });

  it('refuses, at the next request, the token of a member the directory has deactivated', async () => {
    const tokens = await signInAs('association');
    expect(await bearer(tokens.access_token)).toMatchObject({ status: 200 });
    await db.query('UPDATE partners.partner_member SET active = false WHERE id = $1', [members.association!.id]);
    const refused = await bearer(tokens.access_token);
    expect(refused.status).toBe(403);
    expect(refused.errors?.[0]?.message).toMatch(/no longer acts for/);
    await db.query('UPDATE partners.partner_member SET active = true WHERE id = $1', [members.association!.id]);
    expect(await bearer(tokens.access_token)).toMatchObject({ status: 200 });
  });

  it('refuses a token issued for another audience, and the ID token', async () => {
    const other = await signInAs('school', OTHER_RESOURCE);
    const refused = await bearer(other.access_token);
    expect(refused.status).toBe(401);
    expect(refused.errors?.[0]?.message).toMatch(/"aud"/);
    const ours = await signInAs('school');
    const idToken = await bearer(ours.id_token!);
    expect(idToken.status).toBe(401);
    // Signed by the provider's key, for the right audience, but not typed as an access token.
    const untyped = await new SignJWT({ email: members.school!.email, email_verified: true })
      .setProtectedHeader({ alg: 'ES256', kid: 'key-1', typ: 'JWT' })
      .setIssuer(provider.issuer)
      .setAudience(RESOURCE)
      .setSubject('school')
      .setExpirationTime('5m')
      .sign(await importJWK(firstKey, 'ES256'));
    const refusedUntyped = await bearer(untyped);
    expect(refusedUntyped.status).toBe(401);
    expect(refusedUntyped.errors?.[0]?.message).toMatch(/"typ"/);
  });

  it.each([
    ['school-elsewhere', /no member of Passerelle has this e-mail in this organisation/],
    ['stranger', /no member of Passerelle has this e-mail in this organisation/],
    ['school-no-organisation', /names no organisation/],
    ['school-unverified', /not verified this e-mail/],
  ])('refuses an identity the directory does not recognise (%s)', async (account, reason) => {
    const tokens = await signInAs(account);
    const refused = await bearer(tokens.access_token);
    expect(refused.status).toBe(403);
    expect(refused.errors?.[0]?.message).toMatch(reason);
    // Recorded as a refusal of a verified token, with who it said signed in.
    const { rows } = await db.query<{ verified: boolean; claims: { email?: string; iss?: string } }>(
      `SELECT verified, claims FROM audit.access_log WHERE claims->>'sub' = $1 ORDER BY at DESC LIMIT 1`,
      [account],
    );
    expect(rows[0]).toMatchObject({ verified: true, claims: { iss: provider.issuer, email: expect.stringMatching(/@/) } });
  });

  it('refuses development (HS256) tokens and tokens of no issuer it knows', async () => {
    expect((await bearer(await tokenFor(DEPARTMENT))).status).toBe(401);
  });

  it('rotates keys: a new kid is fetched once and accepted, the old key still verifies, an unknown kid is refused', async () => {
    const before = await signInAs('school');
    expect(await bearer(before.access_token)).toMatchObject({ status: 200 });
    const secondKey = await signingKey('key-2');
    await provider.restart([secondKey, firstKey]);
    const after = await signInAs('school');
    expect(decodeProtectedHeader(after.access_token).kid).toBe('key-2');
    // jose refetches the JWKS for an unknown kid at most once per cooldown (1 s here).
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const hits = await provider.jwksHits();
    expect(await bearer(after.access_token)).toMatchObject({ status: 200 });
    expect(await provider.jwksHits()).toBe(hits + 1);
    expect(await bearer(before.access_token)).toMatchObject({ status: 200 });

    // A token signed by a key the provider does not publish: refused, and a burst of them does
    // not make the gateway hammer the provider (one fetch per cooldown at most).
    const rogue = await signingKey('key-rogue');
    const forged = await new SignJWT({ email: members.school!.email, email_verified: true, uai: 'anything' })
      .setProtectedHeader({ alg: 'ES256', kid: 'key-rogue', typ: 'at+jwt' })
      .setIssuer(provider.issuer)
      .setAudience(RESOURCE)
      .setSubject('school')
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(await importJWK(rogue, 'ES256'));
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const beforeBurst = await provider.jwksHits();
    for (let i = 0; i < 5; i++) {
      const refused = await bearer(forged);
      expect(refused.status).toBe(401);
      expect(refused.errors?.[0]?.message).toMatch(/key the identity provider does not publish/);
    }
    expect((await provider.jwksHits()) - beforeBurst).toBeLessThanOrEqual(1);
    // The same forgery under a published kid fails on its signature.
    const underKnownKid = await new SignJWT({ email: members.school!.email, email_verified: true })
      .setProtectedHeader({ alg: 'ES256', kid: 'key-2', typ: 'at+jwt' })
      .setIssuer(provider.issuer)
      .setAudience(RESOURCE)
      .setSubject('school')
      .setExpirationTime('5m')
      .sign(await importJWK(rogue, 'ES256'));
    expect((await bearer(underKnownKid)).status).toBe(401);
  });

  it('maps by subject when the directory links the provider’s subject to a member', async () => {
    await db.query('UPDATE partners.partner_member SET oidc_subject = $1 WHERE id = $2', ['provider-subject-42', members.school!.id]);
    const IDENTIFY = 'query ($s: String) { _identify(match: "subject", subject: $s) { memberId partnerId audience scopes reason } }';
    const linked = await stack.querySubgraph('partners', IDENTIFY, { s: 'provider-subject-42' });
    expect(linked.data).toEqual({ _identify: { memberId: members.school!.id, partnerId: partnerId('SCHOOL', 0), audience: 'school', scopes: [], reason: null } });
    // Only Passerelle's own services may ask.
    const asSchool = await stack.querySubgraph('partners', IDENTIFY, { s: 'provider-subject-42' }, {
      sub: members.school!.id,
      partnerId: partnerId('SCHOOL', 0),
      audience: 'school',
      scopes: [],
      grants: [],
    });
    expect(asSchool.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const unlinked = await stack.querySubgraph('partners', IDENTIFY, { s: 'someone-else' });
    expect(unlinked.data).toEqual({ _identify: expect.objectContaining({ memberId: null, reason: 'this identity is linked to no member of Passerelle' }) });
  });
});
