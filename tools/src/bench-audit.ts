import {
  integerFlag,
  parseCommand,
  auditSettingsFor,
  AuditWriter,
  createLog,
  migrateAudit,
  partnerId,
  partnerMemberId,
  runMain,
  verifyAuditLog,
  type AuditRecord,
} from '@passerelle/common';
import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client, Pool } from 'pg';
import { openBenchServer } from './bench-server';
import { benchToken } from './bench-world';
import { startStack } from './stack';

/**
 * `npm run bench:audit -- [--appends N] [--concurrency C] [--children N] [--verify-records N] [--requests N] [--in-flight K] [--no-baseline]`:
 * what the audit trail costs. Prints, asserts nothing (machines are noisy):
 *   - records written per request, for a typical query through the whole platform;
 *   - appends per second and p50/p99 per append at C concurrent requests (20), with one writer
 *     (one gateway) and with two writers on the same database (two replicas);
 *   - the time `audit:verify` takes over N records (1 000 000), and the verifier's memory.
 * Runs on databases of its own on DATABASE_URL's server or the embedded one.
 */
const SECRET = 'benchmark-audit-key-benchmark-audit-key';

/**
 * Children per record: 5 random ones by default; with `--children N`, the same N in every record,
 * as a member reading the same page in the platform bench (W1 touches 20 children, W4 100).
 */
let childrenPerRecord = 5;
let sameChildren: string[] | null = null;

function record(i: number): AuditRecord {
  return {
    at: new Date(),
    member: partnerMemberId('SCHOOL', i % 50, 0),
    partnerId: partnerId('SCHOOL', i % 50),
    audience: 'school',
    verified: true,
    claims: { sub: partnerMemberId('SCHOOL', i % 50, 0), partner_id: partnerId('SCHOOL', i % 50), audience: 'school', iss: 'passerelle-dev', aud: 'passerelle', exp: 1_900_000_000 },
    operationName: 'Pupils',
    operationType: 'query',
    documentHash: createHash('sha256').update(`q${i % 20}`).digest('hex'),
    children: sameChildren ?? Array.from({ length: childrenPerRecord }, () => randomUUID()),
    categories: ['CHILD_IDENTITY', 'SCHOOLING'],
    outcome: 'ok',
  };
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

/** `concurrency` clients, each appending one record after the other, spread over `writers` writers. */
async function appendRun(url: string, dir: string, writers: number, appends: number, concurrency: number, maxInFlight?: number) {
  const settings = auditSettingsFor(SECRET, dir);
  const pool = Array.from({ length: writers }, () => new AuditWriter(url, { keys: settings.keys, checkpoints: settings.checkpoints, maxInFlight }));
  // Warm up connections.
  await Promise.all(pool.map((w, i) => w.append(record(i))));
  const times: number[] = [];
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async (_, client) => {
      const writer = pool[client % writers]!;
      while (next < appends) {
        const i = next++;
        const a = performance.now();
        await writer.append(record(i));
        times.push(performance.now() - a);
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  await Promise.all(pool.map((w) => w.close()));
  times.sort((a, b) => a - b);
  return { perSecond: appends / seconds, p50: pct(times, 50), p99: pct(times, 99) };
}

runMain(async () => {
  const spec = {
    command: 'npm run bench:audit',
    usage: '[--appends N] [--concurrency N] [--children N] [--verify-records N] [--requests N] [--in-flight N] [--no-baseline]',
    flags: { appends: 'string', concurrency: 'string', children: 'string', 'verify-records': 'string', requests: 'string', 'in-flight': 'string', 'no-baseline': 'boolean' },
  } as const;
  const { flags } = parseCommand(spec, process.argv.slice(2));
  const appends = integerFlag(spec, 'appends', flags.appends, 20_000, 1);
  const concurrency = integerFlag(spec, 'concurrency', flags.concurrency, 20, 1);
  childrenPerRecord = integerFlag(spec, 'children', flags.children, 5, 0);
  if (flags.children !== undefined) sameChildren = Array.from({ length: childrenPerRecord }, () => randomUUID());
  const verifyRecords = integerFlag(spec, 'verify-records', flags['verify-records'], 1_000_000, 0);
  const requests = integerFlag(spec, 'requests', flags.requests, 200, 0);
  const inFlight = flags['in-flight'] !== undefined ? integerFlag(spec, 'in-flight', flags['in-flight'], 4, 1) : undefined;
  const baseline = flags['no-baseline'] !== true;
  const log = createLog('bench', 'error');
  const bench = await openBenchServer(log);
  const fresh = async (name: string) => (await bench.fresh(name)).toString();
  const dir = mkdtempSync(path.join(tmpdir(), 'passerelle-bench-audit-'));
  const out = (line: string) => process.stdout.write(`${line}\n`);
  try {
    // 1. Records per request, through the whole platform.
    if (requests > 0) {
      const url = await fresh('passerelle_bench_audit_stack');
      const signingKey = SECRET;
      const stack = await startStack({ databaseUrl: url, seed: { children: 200 }, signingKey, audit: auditSettingsFor(SECRET, path.join(dir, 'stack')), log });
      try {
        const token = await benchToken({
          audience: 'department', partnerId: partnerId('DEPARTMENT', 0), sub: partnerMemberId('DEPARTMENT', 0, 0),
        });
        const count = async () => {
          const client = new Client({ connectionString: url });
          await client.connect();
          const { rows } = await client.query<{ n: string }>('SELECT count(*) AS n FROM audit.access_log');
          await client.end();
          return Number(rows[0]!.n);
        };
        const before = await count();
        const query = `query Typical { children(first: 20) { nodes { id firstNames lastName enrollments(first: 2) { nodes { classLevel school { name } } } placements(first: 2) { nodes { startDate } } } } }`;
        for (let i = 0; i < requests; i++) {
          const response = await fetch(stack.gateway.url, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
            body: JSON.stringify({ query }),
          });
          await response.text();
        }
        const written = (await count()) - before;
        out(`records per request: ${(written / requests).toFixed(2)} (${written} records for ${requests} requests of a typical query: 20 children, their enrolments and placements, 3 subgraphs)`);
      } finally {
        await stack.stop();
        await bench.drop('passerelle_bench_audit_stack');
      }
    }

    // 2. Append throughput and latency; first the single chain of before (one advisory lock,
    //    the head read and one record INSERTed per transaction), on this machine, for scale.
    if (baseline) {
      const url = await fresh('passerelle_bench_audit');
      await migrateAudit(url);
      const pool = new Pool({ connectionString: url, max: 4 });
      const appendOne = async (r: AuditRecord) => {
        const client = await pool.connect();
        try {
          await client.query('BEGIN');
          await client.query('SELECT pg_advisory_xact_lock(1515)');
          const last = await client.query<{ hash: string }>(`SELECT hash FROM audit.access_log WHERE chain = 'single' ORDER BY chain_seq DESC LIMIT 1`);
          const hash = createHash('sha256').update(JSON.stringify([last.rows[0]?.hash ?? '', r])).digest('hex');
          await client.query(
            `INSERT INTO audit.access_log (chain, chain_seq, at, member, partner_id, audience, operation_type, document_hash, children, categories, outcome, prev_hash, hash)
             SELECT 'single', coalesce(max(chain_seq), 0) + 1, $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11 FROM audit.access_log WHERE chain = 'single'`,
            [r.at, r.member, r.partnerId, r.audience, r.operationType, r.documentHash, r.children, r.categories, r.outcome, last.rows[0]?.hash ?? '', hash],
          );
          await client.query('COMMIT');
        } finally {
          client.release();
        }
      };
      const n = Math.min(appends, 5000);
      const times: number[] = [];
      let next = 0;
      const t0 = performance.now();
      await Promise.all(
        Array.from({ length: concurrency }, async () => {
          while (next < n) {
            const i = next++;
            const a = performance.now();
            await appendOne(record(i));
            times.push(performance.now() - a);
          }
        }),
      );
      const seconds = (performance.now() - t0) / 1000;
      await pool.end();
      times.sort((a, b) => a - b);
      out(`appends at ${concurrency} concurrent, one locked chain (before): ${Math.round(n / seconds)} appends/s · p50 ${pct(times, 50).toFixed(2)} ms · p99 ${pct(times, 99).toFixed(2)} ms per append (${n} appends)`);
    }

    for (const writers of [1, 2]) {
      const url = await fresh('passerelle_bench_audit');
      await migrateAudit(url);
      const r = await appendRun(url, path.join(dir, `append-${writers}`), writers, appends, concurrency, inFlight);
      out(
        `appends at ${concurrency} concurrent, ${sameChildren ? `the same ${childrenPerRecord}` : `${childrenPerRecord} random`} children per record, ${writers} writer${writers > 1 ? 's' : ' '}: ${Math.round(r.perSecond)} appends/s · p50 ${r.p50.toFixed(2)} ms · p99 ${r.p99.toFixed(2)} ms per append (${appends} appends)`,
      );
    }

    // 3. Verify time for N records.
    if (verifyRecords > 0) {
      const url = await fresh('passerelle_bench_audit');
      await migrateAudit(url);
      const settings = auditSettingsFor(SECRET, path.join(dir, 'verify'));
      const writers = [0, 1].map(() => new AuditWriter(url, { keys: settings.keys, checkpoints: settings.checkpoints, maxBatch: 1000 }));
      const t0 = performance.now();
      const chunk = 20_000;
      for (let done = 0; done < verifyRecords; done += chunk) {
        const n = Math.min(chunk, verifyRecords - done);
        await Promise.all(Array.from({ length: n }, (_, i) => writers[i % 2]!.append(record(done + i))));
      }
      await Promise.all(writers.map((w) => w.close()));
      out(`filled ${verifyRecords} records in ${((performance.now() - t0) / 1000).toFixed(1)} s (2 writers, batches of up to 1000)`);
      const rssBefore = process.memoryUsage().rss;
      let peak = rssBefore;
      const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 100);
      const v0 = performance.now();
      const report = await verifyAuditLog(url, { keys: settings.keys, checkpointDir: settings.checkpointDir });
      const seconds = (performance.now() - v0) / 1000;
      clearInterval(sampler);
      out(
        `verify ${report.records} records (${report.chains} chains): ${seconds.toFixed(1)} s, ${Math.round(report.records / seconds)} records/s, ${report.problems.length} problems; memory +${Math.round((peak - rssBefore) / 1e6)} MB (streamed through a cursor)`,
      );
      await bench.drop('passerelle_bench_audit');
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await bench.server.stop();
  }
});
