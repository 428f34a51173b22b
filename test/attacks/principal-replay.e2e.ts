import { casesSubgraph } from '@passerelle/cases';
import {
  createLog,
  NONCE_SCHEMA,
  PgNonceStore,
  PRINCIPAL_HEADER,
  signPrincipal,
  startSubgraph,
  type RunningSubgraph,
} from '@passerelle/common';
import { SigningDataSource } from '@passerelle/gateway';
import { createServer } from 'node:net';
import { sql } from '../scope-cases-support';
import { postGraphQL, seeded, startTestStack, type GraphQLResponse, type TestStack } from '../support/stack';
import { SETUP_TIMEOUT_MS } from '../support/timeouts';

/**
 * Class 9 of issue 10: a principal header the gateway sent to cases was accepted again by
 * placements and partners, and each process kept its own nonce memory, so replicas of one
 * subgraph would each accept it once. Now a header names its subgraph under the signature, and
 * its nonce is spent in PostgreSQL, shared by every replica.
 */

interface Captured {
  subgraph: string;
  header: string;
  query: string;
  variables: Record<string, unknown> | undefined;
}

const SCHOOL = seeded('school', 'SCHOOL', 0);
const CHILDREN = `query Pupils { children(first: 2) { nodes { id } } }`;
const principal = { sub: 'attacker', partnerId: SCHOOL.partnerId, audience: 'school' as const, scopes: [] };

function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function expectRefused(result: GraphQLResponse<any>, message: string): void {
  expect(result.status).toBe(401);
  expect(result.data ?? null).toBeNull();
  expect(result.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  expect(result.errors?.[0]?.message).toBe(message);
}

describe('a principal header is single use, at one subgraph, across its replicas', () => {
  let stack: TestStack;
  let replica: RunningSubgraph;
  const captured: Captured[] = [];

  const replay = (url: string, c: Pick<Captured, 'header' | 'query' | 'variables'>) =>
    postGraphQL<any>(url, c.query, c.variables, { [PRINCIPAL_HEADER]: c.header }); // eslint-disable-line @typescript-eslint/no-explicit-any
  const nonceRows = async () => Number((await sql<{ n: string }>(stack.databaseUrl, `SELECT count(*) AS n FROM ${NONCE_SCHEMA}.nonce`))[0]!.n);

  beforeAll(async () => {
    stack = await startTestStack({ children: 40 });
    // A second instance of cases on the same database, as a second replica behind a load balancer.
    replica = await startSubgraph(casesSubgraph, {
      databaseUrl: stack.databaseUrl,
      port: 0,
      host: '127.0.0.1',
      signingKey: stack.signingKey,
      peers: () => Object.fromEntries(Object.values(stack.subgraphs).map((s) => [s.name, s.url])),
      log: createLog('replica', 'error'),
    });
    await replica.ready;
    // Capture what the gateway really sends (the attacker on the network between them).
    const original = SigningDataSource.prototype.willSendRequest;
    jest.spyOn(SigningDataSource.prototype, 'willSendRequest').mockImplementation(function (this: SigningDataSource, options: Parameters<SigningDataSource['willSendRequest']>[0]) {
      original.call(this, options);
      captured.push({
        subgraph: this.subgraph,
        header: options.request.http!.headers.get(PRINCIPAL_HEADER)!,
        query: options.request.query!,
        variables: options.request.variables,
      });
    });
    const result = await stack.query<any>(CHILDREN, {}, SCHOOL);
    expect(result.errors).toBeUndefined();
  }, SETUP_TIMEOUT_MS);
  afterAll(async () => {
    jest.restoreAllMocks();
    await replica?.stop();
    await stack?.stop();
  });

  const fromGateway = () => {
    const c = captured.find((x) => x.subgraph === 'cases');
    expect(c?.header).toEqual(expect.any(String));
    return c!;
  };

  it('the header the gateway sent to cases, replayed to cases: refused', async () => {
    expectRefused(await replay(stack.subgraphs.cases!.url, fromGateway()), 'principal header already used');
  });

  it('replayed to placements and to partners with the same body: refused as signed for another service', async () => {
    for (const name of ['placements', 'partners']) {
      expectRefused(await replay(stack.subgraphs[name]!.url, fromGateway()), 'principal header signed for another service');
    }
  });

  it('replayed to a second instance of cases on the same database: refused', async () => {
    expectRefused(await replay(replica.url, fromGateway()), 'principal header already used');
  });

  it('a header used first at the second instance is refused by the first, and again by the second', async () => {
    const header = signPrincipal(principal, { query: CHILDREN }, stack.signingKey, 'cases');
    const first = await replay(replica.url, { header, query: CHILDREN, variables: undefined });
    expect(first.status).toBe(200);
    expect(first.errors).toBeUndefined();
    expectRefused(await replay(stack.subgraphs.cases!.url, { header, query: CHILDREN, variables: undefined }), 'principal header already used');
    expectRefused(await replay(replica.url, { header, query: CHILDREN, variables: undefined }), 'principal header already used');
  });

  it('sent to both instances at the same instant, it is accepted exactly once', async () => {
    for (let round = 0; round < 5; round++) {
      const header = signPrincipal(principal, { query: CHILDREN }, stack.signingKey, 'cases');
      const results = await Promise.all(
        [stack.subgraphs.cases!.url, replica.url, stack.subgraphs.cases!.url, replica.url].map((url) =>
          replay(url, { header, query: CHILDREN, variables: undefined }),
        ),
      );
      expect(results.map((r) => r.status).sort()).toEqual([200, 401, 401, 401]);
    }
  });

  it('a header signed for placements is refused by cases, and stays good for placements', async () => {
    const query = '{ __typename }';
    const header = signPrincipal(principal, { query }, stack.signingKey, 'placements');
    const before = await nonceRows();
    expectRefused(await replay(stack.subgraphs.cases!.url, { header, query, variables: undefined }), 'principal header signed for another service');
    expect(await nonceRows()).toBe(before); // a refused header spends nothing
    const ok = await replay(stack.subgraphs.placements!.url, { header, query, variables: undefined });
    expect(ok.status).toBe(200);
    expect(await nonceRows()).toBe(before + 1);
  });

  it('the nonces live apart from every subgraph’s rows', async () => {
    const tables = await sql<{ schema: string }>(
      stack.databaseUrl,
      `SELECT table_schema AS schema FROM information_schema.tables WHERE table_name = 'nonce'`,
    );
    expect(tables).toEqual([{ schema: NONCE_SCHEMA }]);
  });

  it('with its database down, a subgraph refuses with SERVICE_UNAVAILABLE (503), not an internal error', async () => {
    const down = await startSubgraph(casesSubgraph, {
      databaseUrl: `postgres://postgres@127.0.0.1:${await closedPort()}/nowhere`,
      port: 0,
      host: '127.0.0.1',
      signingKey: stack.signingKey,
      log: { info: () => undefined, error: () => undefined, debug: () => undefined },
    });
    try {
      const header = signPrincipal(principal, { query: CHILDREN }, stack.signingKey, 'cases');
      const result = await replay(down.url, { header, query: CHILDREN, variables: undefined });
      expect(result.status).toBe(503);
      expect(result.data ?? null).toBeNull();
      expect(result.errors?.[0]?.extensions?.code).toBe('SERVICE_UNAVAILABLE');
      expect(JSON.stringify(result)).not.toMatch(/ECONNREFUSED|INTERNAL_SERVER_ERROR|127\.0\.0\.1/);
    } finally {
      await down.stop();
    }
  });
});

describe('the nonce store', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack({ children: 5 });
  }, SETUP_TIMEOUT_MS);
  afterAll(() => stack?.stop());

  it('purges nonces long expired, and keeps those that could still be replayed', async () => {
    const store = new PgNonceStore(stack.databaseUrl, { purgeEveryMs: 0 });
    try {
      const now = Date.now();
      expect(await store.accept('old-nonce', now - 120_000, now - 150_000)).toBe(true);
      expect(await store.accept('recent-nonce', now - 1_000, now - 20_000)).toBe(true);
      expect(await store.accept('live-nonce', now + 30_000, now)).toBe(true);
      // The purge runs after an acceptance, without being awaited.
      for (let i = 0; i < 50; i++) {
        const left = await sql<{ nonce: string }>(stack.databaseUrl, `SELECT nonce FROM ${NONCE_SCHEMA}.nonce WHERE nonce LIKE '%-nonce' ORDER BY nonce`);
        if (left.length === 2) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      const left = await sql<{ nonce: string }>(stack.databaseUrl, `SELECT nonce FROM ${NONCE_SCHEMA}.nonce WHERE nonce LIKE '%-nonce' ORDER BY nonce`);
      expect(left.map((r) => r.nonce)).toEqual(['live-nonce', 'recent-nonce']);
      expect(await store.accept('live-nonce', now + 30_000, now)).toBe(false);
    } finally {
      await store.close();
    }
  });

  it('two stores (two replicas) on one database: a nonce is accepted by one of them only', async () => {
    const a = new PgNonceStore(stack.databaseUrl);
    const b = new PgNonceStore(stack.databaseUrl);
    try {
      const now = Date.now();
      expect(await a.accept('shared', now + 30_000, now)).toBe(true);
      expect(await b.accept('shared', now + 30_000, now)).toBe(false);
      expect(await a.accept('shared', now + 30_000, now)).toBe(false);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('under load (nonces inserted together): each nonce is accepted once, by one replica, replays in the same instant included', async () => {
    const a = new PgNonceStore(stack.databaseUrl);
    const b = new PgNonceStore(stack.databaseUrl);
    try {
      const now = Date.now();
      const nonces = Array.from({ length: 300 }, (_, i) => `load-${now}-${i}`);
      // Every nonce sent three times at once: twice to one replica, once to the other.
      const answers = await Promise.all(
        nonces.flatMap((nonce) => [a.accept(nonce, now + 30_000, now), b.accept(nonce, now + 30_000, now), a.accept(nonce, now + 30_000, now)]),
      );
      for (let i = 0; i < nonces.length; i++) {
        expect(answers.slice(3 * i, 3 * i + 3).filter(Boolean)).toHaveLength(1);
      }
      const stored = await sql<{ n: string }>(stack.databaseUrl, `SELECT count(*) AS n FROM ${NONCE_SCHEMA}.nonce WHERE nonce LIKE $1`, [`load-${now}-%`]);
      expect(Number(stored[0]!.n)).toBe(nonces.length);
      // Distinct nonces at once are all new.
      const fresh = await Promise.all(Array.from({ length: 200 }, (_, i) => a.accept(`fresh-${now}-${i}`, now + 30_000, now)));
      expect(fresh.every(Boolean)).toBe(true);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});
