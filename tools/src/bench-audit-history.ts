import { auditMigrations, createLog, integerFlag, migrateAudit, parseCommand, runMain } from '@passerelle/common';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { median } from './bench-harness';
import { openBenchServer } from './bench-server';

/**
 * `npm run bench:audit-history -- [--records N,N,…] [--tiers N,N,…] [--background N] [--repeat N]`:
 * what a child's access history costs as the log grows (issue 14, flat with size). For each log
 * size (300 000 and 1 000 000 records), 100 children per tier have about N records each (200,
 * 2 000, 20 000), spread over the whole log; each record also names `background` (3) children
 * seen once, like most. The log is written on the schema of before (the GIN index on
 * `children`), timed, then migrated (the side table `audit.access_log_child` backfilled: timed)
 * and timed again on the same records. Per tier: the first page (20) of one child's history, of
 * the tier's 100 children's at once, of one child's after a cursor half-way down, and of one
 * child's `until` half-way back. Prints medians and spreads (min–max), PostgreSQL's own time
 * (EXPLAIN ANALYZE: planning + execution) and the client's; asserts nothing. A database of its
 * own (`passerelle_bench_audit_history`). The statements are those of access-log.loaders.ts,
 * before and after.
 */
const BEFORE = (children: string) => `SELECT c.child_id, l.*
  FROM unnest(${children}::uuid[]) AS c(child_id)
  CROSS JOIN LATERAL (
    SELECT seq, at, member, partner_id, audience, verified, operation_name, operation_type, document_hash, children, categories, outcome
      FROM audit.access_log
     WHERE children @> ARRAY[c.child_id]
       AND ($2::timestamptz IS NULL OR at >= $2)
       AND ($3::timestamptz IS NULL OR at < $3)
       AND ($4::bigint IS NULL OR seq < $4::bigint)
     ORDER BY seq DESC
     LIMIT $5) l`;
const AFTER = (children: string) => `SELECT c.child_id, l.*
  FROM unnest(${children}::uuid[]) AS c(child_id)
  CROSS JOIN LATERAL (
    SELECT l.*
      FROM audit.access_log_child x
      CROSS JOIN LATERAL (SELECT seq, at, member, partner_id, audience, verified, operation_name, operation_type, document_hash, children, categories, outcome
                            FROM audit.access_log WHERE seq = x.seq OFFSET 0) l
     WHERE x.child_id = c.child_id
       AND ($4::bigint IS NULL OR x.seq < $4::bigint)
       AND ($2::timestamptz IS NULL OR l.at >= $2)
       AND ($3::timestamptz IS NULL OR l.at < $3)
     ORDER BY x.seq DESC
     LIMIT $5) l`;

/** Median (min–max), in ms. */
const range = (xs: number[]) => `${median(xs).toFixed(2)} (${Math.min(...xs).toFixed(2)}–${Math.max(...xs).toFixed(2)})`;
const list = (value: string) => value.split(',').map((n) => Number(n.replace(/_/g, '')));

runMain(async () => {
  const spec = {
    command: 'npm run bench:audit-history',
    usage: '[--records N,N,…] [--tiers N,N,…] [--background N] [--repeat N]',
    flags: { records: 'string', tiers: 'string', background: 'string', repeat: 'string' },
  } as const;
  const { flags } = parseCommand(spec, process.argv.slice(2));
  const sizes = list(flags.records ?? '300000,1000000');
  const tiers = list(flags.tiers ?? '200,2000,20000');
  const background = integerFlag(spec, 'background', flags.background, 3, 0);
  const repeat = integerFlag(spec, 'repeat', flags.repeat, 15, 1);
  const log = createLog('bench', 'error');
  const bench = await openBenchServer(log);
  const name = 'passerelle_bench_audit_history';
  const out = (line: string) => process.stdout.write(`${line}\n`);
  try {
    for (const records of sizes) {
      const url = await bench.fresh(name);
      const old = new DataSource({ type: 'postgres', url: url.toString(), schema: 'audit', migrations: auditMigrations.slice(0, 2), migrationsTableName: 'migrations', logging: false });
      await old.initialize();
      await old.query('CREATE SCHEMA IF NOT EXISTS audit');
      await old.runMigrations({ transaction: 'each' });
      await old.destroy();
      const client = new Client({ connectionString: url.toString() });
      await client.connect();
      try {
        const t0 = performance.now();
        await client.query(`SELECT setseed(0.14)`);
        await client.query(
          `CREATE TEMP TABLE hot AS SELECT gen_random_uuid() AS id, t.tier, t.per, n FROM unnest($1::int[]) WITH ORDINALITY AS t(per, tier), generate_series(1, 100) n`,
          [tiers],
        );
        await client.query(
          `CREATE TEMP TABLE hits AS
           SELECT g, array_agg(DISTINCT id) AS ids
             FROM (SELECT 1 + floor(random() * $1)::int AS g, h.id FROM hot h CROSS JOIN LATERAL generate_series(1, h.per) k) r
            GROUP BY g`,
          [records],
        );
        await client.query(`CREATE INDEX ON hits (g)`);
        await client.query(
          `INSERT INTO audit.access_log (at, member, partner_id, audience, operation_type, document_hash, children, categories, outcome, prev_hash, hash)
           SELECT now() - ($1 - s.g) * interval '100 ms', 'member-' || (s.g % 500), 'partner-' || (s.g % 50), 'department', 'query', md5(s.g::text),
                  coalesce(h.ids, '{}') || ARRAY(SELECT gen_random_uuid() FROM generate_series(1, $2) WHERE s.g > 0),
                  '{CHILD_IDENTITY}', 'ok', '', md5(s.g::text)
             FROM generate_series(1, $1) s(g) LEFT JOIN hits h ON h.g = s.g
            ORDER BY s.g`,
          [records, background],
        );
        await client.query('VACUUM ANALYZE audit.access_log');
        const fill = (performance.now() - t0) / 1000;
        const [{ size: logSize }] = (await client.query<{ size: string }>(`SELECT pg_size_pretty(pg_total_relation_size('audit.access_log')) AS size`)).rows as [{ size: string }];
        out(`log of ${records} records (${logSize} with its indexes), filled in ${fill.toFixed(1)} s`);

        interface Tier {
          per: number;
          ids: string[];
          /** Per child measured: the seq and time of its record half-way down (read once, on the GIN index). */
          middle: Map<string, { seq: string; at: Date }>;
          actual: number;
        }
        const measured: Tier[] = [];
        for (const [i, per] of tiers.entries()) {
          const ids = (await client.query<{ id: string }>(`SELECT id::text FROM hot WHERE tier = $1 ORDER BY n`, [i + 1])).rows.map((r) => r.id);
          const middle = new Map<string, { seq: string; at: Date }>();
          let total = 0;
          for (const child of ids.slice(0, repeat)) {
            const { rows } = await client.query<{ seq: string; at: Date; n: string }>(
              `SELECT seq, at, count(*) OVER () AS n FROM audit.access_log WHERE children @> ARRAY[$1::uuid] ORDER BY seq`,
              [child],
            );
            total += rows.length;
            const row = rows[Math.floor(rows.length / 2)];
            if (row) middle.set(child, { seq: row.seq, at: row.at });
          }
          measured.push({ per, ids, middle, actual: Math.round(total / Math.min(repeat, ids.length)) });
        }

        const measure = async (label: string, sql: (children: string) => string) => {
          out(`  ${label}: ms, median (min–max) of ${repeat}, PostgreSQL (EXPLAIN ANALYZE) | client`);
          for (const tier of measured) {
            const series = { one: { wall: [] as number[], server: [] as number[] }, hundred: { wall: [] as number[], server: [] as number[] }, cursor: { wall: [] as number[], server: [] as number[] }, until: { wall: [] as number[], server: [] as number[] } };
            const time = async (into: { wall: number[]; server: number[] }, params: unknown[]) => {
              const t = performance.now();
              await client.query(sql('$1'), params);
              into.wall.push(performance.now() - t);
              const { rows } = await client.query<{ 'QUERY PLAN': [{ 'Planning Time': number; 'Execution Time': number }] }>(`EXPLAIN (ANALYZE, FORMAT JSON) ${sql('$1')}`, params);
              const plan = rows[0]!['QUERY PLAN'][0];
              into.server.push(plan['Planning Time'] + plan['Execution Time']);
            };
            await client.query(sql('$1'), [tier.ids, null, null, null, 21]); // warm-up
            for (let i = 0; i < repeat; i++) {
              const child = tier.ids[i % tier.ids.length]!;
              const middle = tier.middle.get(child) ?? null;
              await time(series.one, [[child], null, null, null, 21]);
              await time(series.hundred, [tier.ids, null, null, null, 21]);
              await time(series.cursor, [[child], null, null, middle?.seq ?? null, 21]);
              await time(series.until, [[child], null, middle?.at ?? null, null, 21]);
            }
            const show = (s: { wall: number[]; server: number[] }) => `${range(s.server)} | ${range(s.wall)}`;
            out(`    ~${tier.actual} records a child: one child ${show(series.one)} · 100 children ${show(series.hundred)} · after a cursor half-way ${show(series.cursor)} · until half-way ${show(series.until)}`);
          }
        };
        await measure('before (GIN on children)', BEFORE);
        const m0 = performance.now();
        await migrateAudit(url.toString());
        const migrated = (performance.now() - m0) / 1000;
        await client.query('VACUUM ANALYZE audit.access_log_child');
        const [{ size, rows }] = (await client.query<{ size: string; rows: string }>(`SELECT pg_size_pretty(pg_total_relation_size('audit.access_log_child')) AS size, (SELECT count(*) FROM audit.access_log_child) AS rows`)).rows as [{ size: string; rows: string }];
        out(`  migration (side table backfilled, its key built, the GIN index dropped): ${migrated.toFixed(1)} s; side table ${rows} rows, ${size}`);
        await measure('after (audit.access_log_child)', AFTER);
      } finally {
        await client.end();
      }
    }
  } finally {
    await bench.drop(name);
    await bench.server.stop();
  }
});
