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
