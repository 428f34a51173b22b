import type { RecordedStatement } from './bench-harness';
import type { Queryable } from './workloads';

/**
 * The plan of what made a request slow, for the benches that compare two sizes of the world
 * (`npm run bench:sweep`, `npm run bench:writes`): each read statement a request ran is run
 * again under EXPLAIN ANALYZE, and the slowest one's plan (ANALYZE, BUFFERS) printed.
 */

/**
 * The slowest of `ran`'s reads (planning + execution, each run again under EXPLAIN ANALYZE on
 * `db`) and its plan (EXPLAIN ANALYZE, BUFFERS), as lines to print; null when none is a read.
 * Only SELECT/WITH statements are run again (a write's statements would write twice): a write's
 * own INSERT/UPDATE/DELETE is planned with EXPLAIN without ANALYZE (`writesToo`), and shown when
 * its plan has a sequential scan.
 */
export async function explainSlowest(db: Queryable, ran: readonly RecordedStatement[], options: { writesToo?: boolean } = {}): Promise<string[] | null> {
  let slowest: { ms: number; sql: string; params: unknown[]; subgraph: string } | null = null;
  for (const s of ran) {
    if (!/^\s*(SELECT|WITH)/i.test(s.sql)) continue;
    if (/\bFOR (UPDATE|SHARE|NO KEY UPDATE|KEY SHARE)\b/i.test(s.sql)) continue;
    let plan: { 'Planning Time': number; 'Execution Time': number };
    try {
      plan = (await db.query<{ 'QUERY PLAN': [{ 'Planning Time': number; 'Execution Time': number }] }>(`EXPLAIN (ANALYZE, TIMING OFF, SUMMARY ON, FORMAT JSON) ${s.sql}`, s.params)).rows[0]!['QUERY PLAN'][0];
    } catch {
      continue; // a statement naming a temporary table or a transaction's own state
    }
    const ms = plan['Planning Time'] + plan['Execution Time'];
    if (!slowest || ms > slowest.ms) slowest = { ms, ...s };
  }
  const lines: string[] = [];
  if (options.writesToo) {
    for (const s of ran) {
      if (!/^\s*(UPDATE|DELETE|INSERT)/i.test(s.sql)) continue;
      const plan = await db.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${s.sql}`, s.params).catch(() => null);
      if (plan && plan.rows.some((r) => /Seq Scan/.test(r['QUERY PLAN']))) {
        lines.push(`   -- ${s.subgraph}, a write with a sequential scan: ${s.sql.replace(/\s+/g, ' ').slice(0, 300)}`, ...plan.rows.map((r) => `      ${r['QUERY PLAN'].slice(0, 400)}`));
      }
    }
  }
  if (!slowest) return lines.length > 0 ? lines : null;
  const plan = (await db.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${slowest.sql}`, slowest.params)).rows.map((row) => row['QUERY PLAN']);
  const params = JSON.stringify(slowest.params, (_k, v: unknown) => (Array.isArray(v) && v.length > 5 ? `[${v.length} values]` : v));
  // A slice's ids inlined in the plan (thousands of them) cut short.
  const short = (l: string) => (l.length > 400 ? `${l.slice(0, 400)}…` : l);
  lines.push(`   -- ${slowest.subgraph}, ${slowest.ms.toFixed(2)} ms: ${slowest.sql.replace(/\s+/g, ' ')}`, `   -- params ${params.slice(0, 400)}`, ...plan.map((l) => `      ${short(l)}`));
  return lines;
}
