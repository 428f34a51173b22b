import { readConfig, type Log } from '@passerelle/common';
import { signDevToken, type DevTokenRequest } from '@passerelle/gateway';
import { Client } from 'pg';
import { openBenchServer } from './bench-server';
import type { DatabaseServer } from './database';
import { startStack, startSubgraphs, type Stack, type SubgraphSet } from './stack';

/** A benchmark's own database, seeded with the demo world, and the whole platform on it. */
export interface BenchWorld {
  server: DatabaseServer;
  /** The benchmark's database. */
  url: URL;
  /** The server's maintenance database (to drop the benchmark's). */
  admin: URL;
  stack: Stack;
  /** The database already held a world of that size (`--keep`): not seeded again. */
  reused: boolean;
}

/** The server, the benchmark's database URL and whether it already holds a world of `children` (`keep`). */
async function prepareBenchDatabase(options: { database: string; children: number; keep: boolean; log: Log }): Promise<{ server: DatabaseServer; url: URL; admin: URL; reused: boolean }> {
  const bench = await openBenchServer(options.log);
  const { server, admin } = bench;
  const url = bench.url(options.database);
  let reused = false;
  if (options.keep) {
    const probe = new Client({ connectionString: url.toString() });
    try {
      await probe.connect();
      reused = Number((await probe.query<{ n: string }>('SELECT count(*) AS n FROM cases.child')).rows[0]!.n) === options.children;
    } catch {
      reused = false;
    } finally {
      await probe.end().catch(() => undefined);
    }
  }
  if (!reused) await bench.fresh(options.database);
  return { server, url, admin, reused };
}

/**
 * What every `npm run bench:*` starts with: the PostgreSQL server (DATABASE_URL or the embedded
 * one), a database of the benchmark's own, seeded with `children` demo children — or, with
 * `keep`, the one a previous run left if it holds as many (seeding 100 000 takes minutes) — and
 * the platform started on it. Prints how long the seeding took.
 */
export async function openBenchWorld(options: { database: string; children: number; keep: boolean; today: string; log: Log }): Promise<BenchWorld> {
  const { server, url, admin, reused } = await prepareBenchDatabase(options);
  const t0 = Date.now();
  const stack = await startStack({ databaseUrl: url.toString(), seed: reused ? undefined : { children: options.children, today: options.today }, log: options.log });
  process.stdout.write(`${reused ? 'reused' : 'seeded'} ${options.children} children in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
  return { server, url, admin, stack, reused };
}

/** The same world with the subgraphs only (`npm run bench` puts each gateway in front in a process of its own). */
export interface BenchSubgraphs extends Omit<BenchWorld, 'stack'> {
  subgraphs: SubgraphSet;
}

export async function openBenchSubgraphs(options: { database: string; children: number; keep: boolean; today: string; signingKey: string; log: Log }): Promise<BenchSubgraphs> {
  const { server, url, admin, reused } = await prepareBenchDatabase(options);
  const t0 = Date.now();
  const subgraphs = await startSubgraphs({
    databaseUrl: url.toString(),
    seed: reused ? undefined : { children: options.children, today: options.today },
    signingKey: options.signingKey,
    log: options.log,
  });
  process.stdout.write(`${reused ? 'reused' : 'seeded'} ${options.children} children in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
  return { server, url, admin, subgraphs, reused };
}

/** A development token for `who`, signed with this machine's JWT settings (JWT_SECRET, JWT_ISSUER, JWT_AUDIENCE): what a bench's requests to the gateway carry. */
export function benchToken(who: Omit<DevTokenRequest, 'secret' | 'issuer' | 'tokenAudience'>): Promise<string> {
  const config = readConfig(['JWT_SECRET', 'JWT_ISSUER', 'JWT_AUDIENCE']);
  return signDevToken({ ...who, secret: config.JWT_SECRET, issuer: config.JWT_ISSUER, tokenAudience: config.JWT_AUDIENCE });
}
