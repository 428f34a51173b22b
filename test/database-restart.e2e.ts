import { createLog } from '@passerelle/common';
import { startStack, type Stack } from '../tools/src/stack';
import { ControlledPostgres, until } from './support/faults';
import { DEPARTMENT, postGraphQL, tokenFor, type GraphQLResponse } from './support/stack';
import { SETUP_TIMEOUT_MS } from './support/timeouts';

/**
 * Issue 12, item 1: a PostgreSQL restart under load. The test owns a real PostgreSQL process,
 * stops it (a fast shutdown: every open connection is terminated with 57P01) while 20 requests
 * run concurrently in a loop, and starts it again on the same port and data. An unhandled
 * 'error' event anywhere in the stack would kill this jest worker, and the test with it.
 */
const CHILDREN = /* GraphQL */ `
  query Restart {
    children(first: 5) {
      nodes { id firstNames placements(first: 2) { nodes { startDate } } enrollments(first: 2) { nodes { classLevel } } }
    }
  }
`;

/**
 * The codes of "unavailable now, retry": the gateway's own database (SERVICE_UNAVAILABLE), or a
 * subgraph that cannot serve its fields while its database is down (SUBGRAPH_UNAVAILABLE, one
 * error per field it owed, with its path).
 */
const UNAVAILABLE = new Set(['SERVICE_UNAVAILABLE', 'SUBGRAPH_UNAVAILABLE']);

describe('a PostgreSQL restart under load', () => {
  jest.setTimeout(240_000);
  let postgres: ControlledPostgres;
  let stack: Stack;
  let token: string;

  beforeAll(async () => {
    postgres = await ControlledPostgres.create();
    await postgres.start();
    stack = await startStack({
      databaseUrl: postgres.url,
      seed: { children: 30, today: '2026-11-01' },
      log: createLog('test', 'silent'),
    });
    token = await tokenFor(DEPARTMENT);
  }, SETUP_TIMEOUT_MS);
  afterAll(async () => {
    await stack?.stop();
    await postgres?.remove();
  });

  const ask = () => postGraphQL<{ children: { nodes: unknown[] } }>(stack.gateway.url, CHILDREN, {}, { authorization: `Bearer ${token}` });
  const ready = async (url: string) => (await fetch(new URL('/ready', url))).status === 200;
  const alive = async (url: string) => (await fetch(new URL('/health', url))).status === 200;
  const services = () => [stack.gateway.url, ...Object.values(stack.subgraphs).map((s) => s.url)];

  /** 20 clients asking in a loop until `stop` is set; every answer is kept. */
  function load(): { answers: GraphQLResponse[]; failures: unknown[]; stop(): Promise<void> } {
    const answers: GraphQLResponse[] = [];
    const failures: unknown[] = [];
    let running = true;
    const clients = Array.from({ length: 20 }, async () => {
      while (running) {
        try {
          answers.push(await ask());
        } catch (error) {
          failures.push(error); // a non-JSON body (an HTML 5xx) or a dropped connection
        }
      }
    });
    return {
      answers,
      failures,
      async stop() {
        running = false;
        await Promise.all(clients);
      },
    };
  }

  it('keeps every service alive, answers SERVICE_UNAVAILABLE meanwhile, and recovers by itself', async () => {
    const before = await ask();
    expect(before.errors).toBeUndefined();
    expect(before.data!.children.nodes).toHaveLength(5);

    const traffic = load();
    await until('answers under load', async () => traffic.answers.length >= 40);
    await postgres.stop();
    const stoppedAt = traffic.answers.length;
    await until('every /ready red', async () => (await Promise.all(services().map(ready))).every((r) => !r));
    await until('answers during the outage', async () => traffic.answers.length >= stoppedAt + 40);
    const during = traffic.answers.slice(stoppedAt + 20); // after those that were already in flight
    expect((await Promise.all(services().map(alive))).every(Boolean)).toBe(true);

    await postgres.start();
    const restartedAt = Date.now();
    await until('every /ready green', async () => (await Promise.all(services().map(ready))).every(Boolean), 120_000);
    await until('a complete answer again', async () => {
      const answer = await ask();
      return answer.status === 200 && !answer.errors && answer.data?.children.nodes.length === 5;
    }, 120_000);
    const recoveryMs = Date.now() - restartedAt;
    await traffic.stop();
    process.stderr.write(`[database-restart] recovered ${recoveryMs} ms after PostgreSQL was started again\n`);

    expect(traffic.failures).toEqual([]);
    expect(during.length).toBeGreaterThanOrEqual(20);
    for (const answer of during) {
      expect(answer.status).toBeLessThan(600);
      expect(answer.errors?.length).toBeGreaterThan(0);
      const codes = answer.errors!.map((e) => e.extensions?.code);
      expect(codes.every((c) => UNAVAILABLE.has(String(c)))).toBe(true);
      expect(JSON.stringify(answer)).not.toMatch(/57P01|ECONNREFUSED|terminat|127\.0\.0\.1/);
    }
    // Every answer of the whole run: complete, or refused with an unavailable code.
    const others = traffic.answers.flatMap((a) => (a.errors ?? []).filter((e) => !UNAVAILABLE.has(String(e.extensions?.code))));
    expect(others).toEqual([]);
    const after = await ask();
    expect(after.errors).toBeUndefined();
  });
});
