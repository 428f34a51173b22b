import { GraphQLError } from 'graphql';
import { ReplayGuard, signPrincipal, verifyPrincipal, type Principal } from './principal';

const KEY = 'a-signing-key-for-this-test-only-000000';
const principal: Principal = { sub: 'member-1', partnerId: 'partner-1', audience: 'school', scopes: [] };
const request = { query: '{ children(first: 2) { nodes { id } } }', variables: {} };

async function refusal(run: () => Promise<unknown>): Promise<GraphQLError> {
  try {
    await run();
  } catch (error) {
    if (error instanceof GraphQLError) return error;
    throw error;
  }
  throw new Error('accepted');
}

describe('a signed principal', () => {
  it('is accepted once by the subgraph it was signed for', async () => {
    const header = signPrincipal(principal, request, KEY, 'cases');
    await expect(verifyPrincipal(header, request, KEY, { subgraph: 'cases', replay: new ReplayGuard() })).resolves.toEqual(principal);
  });

  it('carries a département member’s role and team, and only for the département', async () => {
    const member: Principal = { ...principal, audience: 'department', department: { role: 'CASEWORKER', teamId: 't-1', communes: ['44109'] } };
    const header = signPrincipal(member, request, KEY, 'cases');
    await expect(verifyPrincipal(header, request, KEY, { subgraph: 'cases', replay: new ReplayGuard() })).resolves.toEqual(member);
    for (const bad of [
      { ...principal, department: member.department },
      { ...member, department: { role: 'BOSS', teamId: null, communes: [] } },
      { ...member, department: { role: 'CASEWORKER', teamId: null, communes: [44109] } },
    ] as Principal[]) {
      const signed = signPrincipal(bad, request, KEY, 'cases');
      const error = await refusal(() => verifyPrincipal(signed, request, KEY, { subgraph: 'cases', replay: new ReplayGuard() }));
      expect(error.message).toBe('malformed principal');
    }
  });

  it('signed for cases is refused by placements and partners', async () => {
    for (const other of ['placements', 'partners']) {
      const header = signPrincipal(principal, request, KEY, 'cases');
      const error = await refusal(() => verifyPrincipal(header, request, KEY, { subgraph: other, replay: new ReplayGuard() }));
      expect(error.message).toBe('principal header signed for another service');
      expect(error.extensions).toMatchObject({ code: 'UNAUTHENTICATED', http: { status: 401 } });
    }
  });

  it('refused by another subgraph, it is not spent: the subgraph it was signed for still accepts it', async () => {
    const replay = new ReplayGuard();
    const header = signPrincipal(principal, request, KEY, 'cases');
    await refusal(() => verifyPrincipal(header, request, KEY, { subgraph: 'placements', replay }));
    await expect(verifyPrincipal(header, request, KEY, { subgraph: 'cases', replay })).resolves.toEqual(principal);
  });

  it('cannot be re-addressed: changing the subgraph it names breaks the signature', async () => {
    const header = signPrincipal(principal, request, KEY, 'cases');
    const [encoded, signature] = header.split('.') as [string, string];
    const payload = JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8'));
    const moved = `${Buffer.from(JSON.stringify({ ...payload, aud: 'placements' })).toString('base64url')}.${signature}`;
    const error = await refusal(() => verifyPrincipal(moved, request, KEY, { subgraph: 'placements', replay: new ReplayGuard() }));
    expect(error.message).toBe('invalid principal signature');
  });

  it('replayed to the same subgraph is refused', async () => {
    const replay = new ReplayGuard();
    const header = signPrincipal(principal, request, KEY, 'cases');
    await verifyPrincipal(header, request, KEY, { subgraph: 'cases', replay });
    const error = await refusal(() => verifyPrincipal(header, request, KEY, { subgraph: 'cases', replay }));
    expect(error.message).toBe('principal header already used');
    expect(error.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('an error of the nonce store reaches the caller as it is (no acceptance without it)', async () => {
    const down = new GraphQLError('down', { extensions: { code: 'SERVICE_UNAVAILABLE' } });
    const header = signPrincipal(principal, request, KEY, 'cases');
    const replay = { accept: () => Promise.reject(down) };
    await expect(verifyPrincipal(header, request, KEY, { subgraph: 'cases', replay })).rejects.toBe(down);
  });

  it.each([
    ['no header', undefined],
    ['two headers', ['a.b', 'c.d']],
    ['three parts', 'a.b.c'],
  ])('%s: refused as UNAUTHENTICATED', async (_, header) => {
    const error = await refusal(() => verifyPrincipal(header, request, KEY, { subgraph: 'cases', replay: new ReplayGuard() }));
    expect(error.extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('ReplayGuard', () => {
  it('refuses a nonce seen and not yet expired, and forgets it once expired', () => {
    const guard = new ReplayGuard();
    expect(guard.accept('a', 1_000, 0)).toBe(true);
    expect(guard.accept('a', 1_000, 500)).toBe(false);
    expect(guard.has('a', 1_000)).toBe(true);
    expect(guard.has('a', 1_001)).toBe(false);
    expect(guard.accept('b', 3_000, 2_000)).toBe(true);
    expect(guard.size).toBe(1); // 'a' dropped when 'b' arrived after its expiry
  });

  it('holds only the nonces of one TTL however many requests pass (constant work per request)', () => {
    const guard = new ReplayGuard();
    const ttl = 30_000;
    // 200 000 requests over 100 s, 2 000 per second: at most one TTL's worth is held.
    for (let i = 0; i < 200_000; i++) {
      const now = i / 2;
      expect(guard.accept(`n${i}`, now + ttl, now)).toBe(true);
    }
    expect(guard.size).toBeLessThanOrEqual(60_001);
    expect(guard.size).toBeGreaterThanOrEqual(59_999);
    // A nonce of the last TTL is still refused; an old one has been forgotten.
    expect(guard.accept('n199999', 130_000, 100_000)).toBe(false);
    expect(guard.has('n0', 100_000)).toBe(false);
  });

  it('keeps refusing a nonce whose expiry came out of order (a signer with a slower clock)', () => {
    const guard = new ReplayGuard();
    expect(guard.accept('late-clock', 10_000, 0)).toBe(true);
    expect(guard.accept('early', 5_000, 0)).toBe(true);
    expect(guard.accept('late-clock', 10_000, 6_000)).toBe(false);
    expect(guard.accept('early', 5_000, 4_000)).toBe(false);
  });
});
