import { partnerId, PRINCIPAL_HEADER, readConfig, signPrincipal } from '@passerelle/common';
import { SignJWT } from 'jose';
import { postGraphQL, seeded, startTestStack, tokenFor, type TestStack, asDirectoryAdmin } from './support/stack';
import { SETUP_TIMEOUT_MS } from './support/timeouts';

const SCHOOL = seeded('school', 'SCHOOL', 0);
const CHILDREN = `{ children(first: 2) { nodes { id lastName } } }`;
const SIGNING_KEY = 'test-signing-key-shared-by-gateway-and-subgraphs';

function b64(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

describe('authentication at the gateway', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack({ children: 20, signingKey: SIGNING_KEY });
  }, SETUP_TIMEOUT_MS);
  afterAll(() => stack?.stop());

  const expectUnauthenticated = (result: { status: number; errors?: { extensions?: Record<string, unknown>; message: string }[] }, message: RegExp) => {
    expect(result.status).toBe(401);
    expect(result.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(result.errors?.[0]?.message).toMatch(message);
  };

  it('without a token: UNAUTHENTICATED, HTTP 401', async () => {
    expectUnauthenticated(await stack.query(CHILDREN, {}, { token: null }), /bearer token is required/);
  });

  it('with a token that is not one: 401', async () => {
    expectUnauthenticated(await stack.query(CHILDREN, {}, { token: 'not.a.token' }), /invalid/);
  });

  it('with an expired token: 401 saying so', async () => {
    const token = await tokenFor(seeded('department', 'DEPARTMENT'), -60);
    expectUnauthenticated(await stack.query(CHILDREN, {}, { token }), /expired/);
  });

  it('with an unsigned token (alg: none): 401', async () => {
    const now = Math.floor(Date.now() / 1000);
    const config = readConfig(['JWT_ISSUER', 'JWT_AUDIENCE']);
    const claims = { sub: 'x', partner_id: partnerId('DEPARTMENT', 0), audience: 'department', iss: config.JWT_ISSUER, aud: config.JWT_AUDIENCE, exp: now + 600 };
    const token = `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}.`;
    expectUnauthenticated(await stack.query(CHILDREN, {}, { token }), /invalid|algorithm/);
  });

  it('with a token signed by another key: 401', async () => {
    const config = readConfig(['JWT_ISSUER', 'JWT_AUDIENCE']);
    const token = await new SignJWT({ partner_id: partnerId('DEPARTMENT', 0), audience: 'department' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('x')
      .setIssuer(config.JWT_ISSUER)
      .setAudience(config.JWT_AUDIENCE)
      .setExpirationTime('10m')
      .sign(new TextEncoder().encode('somebody-else-s-secret-somebody-else-s-secret'));
    expectUnauthenticated(await stack.query(CHILDREN, {}, { token }), /invalid/);
  });

  it('for an audience that does not exist: 401', async () => {
    const result = await stack.query(CHILDREN, {}, { ...seeded('department', 'DEPARTMENT'), audience: 'plumber' as never });
    expectUnauthenticated(result, /unknown audience "plumber"/);
  });

  it('for an unknown institution: FORBIDDEN, HTTP 403', async () => {
    const result = await stack.query(CHILDREN, {}, { audience: 'department', partnerId: '00000000-0000-4000-8000-000000000000' });
    expect(result.status).toBe(403);
    expect(result.errors?.[0]).toMatchObject({ extensions: { code: 'FORBIDDEN' }, message: expect.stringMatching(/unknown institution/) });
  });

  it('when the institution’s kind does not match the audience: FORBIDDEN', async () => {
    const result = await stack.query(CHILDREN, {}, { ...seeded('school', 'SCHOOL', 0), audience: 'judge' });
    expect(result.status).toBe(403);
    expect(result.errors?.[0]?.message).toMatch(/cannot act as audience judge/);
  });

  it('for someone who is not a member of the institution: FORBIDDEN', async () => {
    const result = await stack.query(CHILDREN, {}, { ...seeded('school', 'SCHOOL', 0), sub: seeded('school', 'SCHOOL', 1).sub });
    expect(result.status).toBe(403);
    expect(result.errors?.[0]?.message).toMatch(/is not a member of/);
  });

  it('for an institution with no agreement in force today: FORBIDDEN saying so', async () => {
    // The demo world gives every institution at index 5 (mod 11) only an expired agreement.
    const result = await stack.query(CHILDREN, {}, seeded('school', 'SCHOOL', 5));
    expect(result.status).toBe(403);
    expect(result.errors?.[0]?.message).toMatch(/no data-sharing agreement in force today covering the school audience/);
  });

  it('for a closed institution: FORBIDDEN', async () => {
    const school = seeded('school', 'SCHOOL', 2);
    const closed = await asDirectoryAdmin(stack).query<{ closePartner: { active: boolean } }>(
      `mutation ($id: ID!, $v: Int!) { closePartner(id: $id, version: $v, closedOn: "2026-10-01") { active } }`,
      { id: school.partnerId, v: 1 },
    );
    expect(closed.errors).toBeUndefined();
    const result = await stack.query(CHILDREN, {}, school);
    expect(result.status).toBe(403);
    expect(result.errors?.[0]?.message).toMatch(/is closed/);
  });

  it('health and readiness stay public', async () => {
    expect((await fetch(new URL('/health', stack.gateway.url))).status).toBe(200);
    expect((await fetch(new URL('/ready', stack.gateway.url))).status).toBe(200);
  });
});

describe('going around the gateway gets nothing', () => {
  let stack: TestStack;
  let casesUrl: string;
  beforeAll(async () => {
    stack = await startTestStack({ children: 5, signingKey: SIGNING_KEY });
    casesUrl = stack.subgraphs.cases!.url;
  }, SETUP_TIMEOUT_MS);
  afterAll(() => stack?.stop());

  const principal = { sub: 'm', partnerId: partnerId('DEPARTMENT', 0), audience: 'department' as const, scopes: [] };
  const send = (header?: string) => postGraphQL(casesUrl, CHILDREN, undefined, header ? { [PRINCIPAL_HEADER]: header } : {});

  it('a direct call to a subgraph without the signed principal: 401', async () => {
    const result = await send();
    expect(result.status).toBe(401);
    expect(result.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('a forged signature: 401', async () => {
    const result = await send(signPrincipal(principal, { query: CHILDREN }, 'not-the-shared-key-not-the-shared-key', 'cases'));
    expect(result.status).toBe(401);
    expect(result.errors?.[0]?.message).toMatch(/invalid principal signature/);
  });

  it('a header signed for another request: 401', async () => {
    const result = await send(signPrincipal(principal, { query: '{ children(first: 100) { nodes { id } } }' }, SIGNING_KEY, 'cases'));
    expect(result.status).toBe(401);
    expect(result.errors?.[0]?.message).toMatch(/another request/);
  });

  it('an expired header: 401', async () => {
    const result = await send(signPrincipal(principal, { query: CHILDREN }, SIGNING_KEY, 'cases', Date.now() - 120_000));
    expect(result.status).toBe(401);
    expect(result.errors?.[0]?.message).toMatch(/expired/);
  });

  it('a replayed header: accepted once, then 401', async () => {
    const header = signPrincipal(principal, { query: CHILDREN }, SIGNING_KEY, 'cases');
    const first = await send(header);
    expect(first.errors).toBeUndefined();
    expect(first.status).toBe(200);
    const replay = await send(header);
    expect(replay.status).toBe(401);
    expect(replay.errors?.[0]?.message).toMatch(/already used/);
  });
});

describe('each audience validates and introspects against its own contract', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack({ children: 20 });
  }, SETUP_TIMEOUT_MS);
  afterAll(() => stack?.stop());

  it('a school asking for placements fails validation as if the field did not exist', async () => {
    const result = await stack.query(`{ children(first: 2) { nodes { lastName placements { nodes { startDate } } } } }`, {}, SCHOOL);
    expect(result.status).toBe(400);
    expect(result.errors?.[0]).toMatchObject({
      message: expect.stringMatching(/^Cannot query field "placements" on type "Child"\./),
      extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
    });
  });

  it('the same query is fine for the département', async () => {
    const result = await stack.query(`{ children(first: 2) { nodes { lastName placements { nodes { startDate } } } } }`);
    expect(result.errors).toBeUndefined();
  });

  it('a school’s introspection shows its slice only', async () => {
    const result = await stack.query<{ child: { fields: { name: string }[] }; placement: unknown }>(
      `{ child: __type(name: "Child") { fields { name } } placement: __type(name: "Placement") { name } }`,
      {},
      SCHOOL,
    );
    expect(result.errors).toBeUndefined();
    const fields = result.data!.child.fields.map((f) => f.name);
    expect(fields).toContain('enrollments');
    expect(fields).not.toContain('placements');
    expect(result.data!.placement).toBeNull();
  });

  it('introspection cannot ride along with data', async () => {
    const result = await stack.query(`{ __type(name: "Placement") { name } children(first: 1) { nodes { id } } }`, {}, SCHOOL);
    expect(result.status).toBe(400);
    expect(result.errors?.[0]?.message).toMatch(/operation of its own/);
  });
});

describe('limits on what one operation may ask', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack({ children: 5 });
  }, SETUP_TIMEOUT_MS);
  afterAll(() => stack?.stop());

  it('refuses an operation nested deeper than the limit before any subgraph is asked', async () => {
    const deep = `{ children(first: 1) { nodes { placements { nodes { facility { placements { nodes { child { placements { nodes { facility { placements { nodes { child { id } } } } } } } } } } } } } } }`;
    stack.resetStatements();
    const result = await stack.query(deep);
    expect(result.status).toBe(400);
    expect(result.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' }, message: expect.stringMatching(/levels deep; the limit is 14/) });
    expect(stack.statements()).toEqual({ cases: 0, placements: 0, partners: 0 });
  });

  it('counts every `__typename` alias: 10 000 at the root are refused before any subgraph is asked', async () => {
    const aliases = Array.from({ length: 10_000 }, (_, i) => `t${i}: __typename`).join(' ');
    stack.resetStatements();
    const result = await stack.query(`{ ${aliases} }`);
    expect(result.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' }, message: expect.stringMatching(/10000 fields; the limit is 500/) });
    expect(stack.statements()).toEqual({ cases: 0, placements: 0, partners: 0 });
  });

  it('refuses an answer estimated over the limit from its page sizes (demand control), before any subgraph is asked', async () => {
    const aliases = Array.from({ length: 300 }, (_, i) => `t${i}: __typename`).join(' ');
    const pages = Array.from({ length: 4 }, (_, i) => `p${i}: placements(first: 100) { nodes { id startDate } }`).join(' ');
    stack.resetStatements();
    // 318 fields, under the limit of 500; but 100 children × (300 + …) + 4 × 100 × 100 × 3 values
    const result = await stack.query(`{ children(first: 100) { nodes { ${aliases} ${pages} } } }`);
    expect(result.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' }, message: expect.stringMatching(/could hold \d+ values .* the limit is 100000/) });
    expect(stack.statements()).toEqual({ cases: 0, placements: 0, partners: 0 });
    // The same shape with reasonable pages is answered.
    const small = await stack.query(`{ children(first: 5) { nodes { t1: __typename placements(first: 5) { nodes { id } } } } }`);
    expect(small.errors).toBeUndefined();
  });
});
