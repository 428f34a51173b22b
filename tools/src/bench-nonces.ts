import {
  createLog,
  integerFlag,
  parseCommand,
  NONCE_SCHEMA,
  PgNonceStore,
  ReplayGuard,
  runMain,
  signPrincipal,
  verifyPrincipal,
  type NonceStore,
} from '@passerelle/common';
import { Client } from 'pg';
import { openBenchServer } from './bench-server';

/**
 * `npm run bench:nonces -- [--verifications N] [--concurrency N]`: what single use across
 * replicas costs a subgraph request. Times N verifications of distinct principal headers with
 * the nonces kept in process memory only, in the UNLOGGED PostgreSQL table subgraphs use, and in
 * an ordinary (logged) table, sequentially and with several requests in flight. Prints figures;
 * asserts nothing. Runs on a database of its own (`passerelle_bench_nonces`).
 */

const KEY = 'benchmark-signing-key-benchmark-signing-key';
const REQUEST = { query: '{ children(first: 20) { nodes { id } } }', variables: {} };
const PRINCIPAL = { sub: 'bench', partnerId: 'bench', audience: 'department' as const, scopes: [] };

async function time(store: NonceStore, n: number, concurrency: number): Promise<number> {
  const headers = Array.from({ length: n }, () => signPrincipal(PRINCIPAL, REQUEST, KEY, 'cases'));
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < headers.length) await verifyPrincipal(headers[next++]!, REQUEST, KEY, { subgraph: 'cases', replay: store });
    }),
  );
  return performance.now() - t0;
}

/**
 * The in-process replay guard alone at a sustained request rate: 60 s of simulated traffic with
 * 30 s headers, so that a full TTL of nonces is held while it runs (what issue 12 item 8 measured:
 * the guard used to scan its whole map on every request above ~333 requests/s).
 */
function guardAtRate(perSecond: number): void {
  const guard = new ReplayGuard();
  const total = perSecond * 60;
  const t0 = performance.now();
  for (let i = 0; i < total; i++) {
    const now = (i * 1000) / perSecond;
    guard.accept(`nonce-${i}`, now + 30_000, now);
  }
  const ms = performance.now() - t0;
  process.stdout.write(
    `  replay guard alone at ${perSecond} requests/s (60 s simulated, ${guard.size} nonces held): ${((ms * 1000) / total).toFixed(2)} µs per request\n`,
  );
}

runMain(async () => {
  const spec = {
    command: 'npm run bench:nonces',
    usage: '[--verifications N] [--concurrency N]',
    flags: { verifications: 'string', concurrency: 'string' },
  } as const;
  const { flags } = parseCommand(spec, process.argv.slice(2));
  const n = integerFlag(spec, 'verifications', flags.verifications, 1000, 1);
  const concurrency = integerFlag(spec, 'concurrency', flags.concurrency, 8, 1);
  const bench = await openBenchServer(createLog('bench', 'error'));
  const url = await bench.fresh('passerelle_bench_nonces');
  const dropTable = async () => {
    const client = new Client({ connectionString: url.toString() });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS ${NONCE_SCHEMA} CASCADE`);
    await client.end();
  };
  const line = (label: string, ms: number, count: number) =>
    process.stdout.write(`  ${label.padEnd(60)} ${(ms / count).toFixed(3)} ms per verification (${count} in ${ms.toFixed(0)} ms)\n`);
  try {
    process.stdout.write(`\n${n} verifications of distinct headers (HMAC, body hash, nonce), best of 3\n`);
    for (const [label, make] of [
      ['in process only (ReplayGuard)', async () => new ReplayGuard()],
      ['PostgreSQL, UNLOGGED table (what subgraphs use)', async () => new PgNonceStore(url.toString())],
      ['PostgreSQL, logged table', async () => new PgNonceStore(url.toString(), { logged: true })],
    ] as const) {
      for (const c of [1, concurrency]) {
        let best = Infinity;
        for (let round = 0; round < 3; round++) {
          await dropTable();
          const store = await make();
          if (store instanceof PgNonceStore) await store.ensureTable();
          await time(store, 100, c); // warm up (connections, plans)
          best = Math.min(best, await time(store, n, c));
          if (store instanceof PgNonceStore) await store.close();
        }
        line(`${label}, ${c === 1 ? 'sequential' : `${c} in flight`}`, best, n);
      }
    }
    guardAtRate(2_000);
    guardAtRate(10_000);
  } finally {
    await bench.drop('passerelle_bench_nonces');
    await bench.server.stop();
  }
});
