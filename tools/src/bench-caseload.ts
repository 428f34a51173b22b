import { createLog, integerFlag, partnerId, runMain, today } from '@passerelle/common';
import { Client } from 'pg';
import { parseBenchCommand, recordStatements, statementsPerSubgraph, type RecordedStatement } from './bench-harness';
import { benchToken, openBenchWorld } from './bench-world';

/**
 * `npm run bench:caseload -- [--children N] [--runs N] [--within DAYS] [--keep]`: the time of a
 * caseworker's day (`myCaseload`: children, deadlines, counts, visits) through the gateway, as
 * the département's référent with the median caseload and as the one with the largest, and the
 * SQL statements each subgraph sends for it, on a world of N children (1 000 by default) seeded
 * into a database of its own (`passerelle_bench_caseload`, on DATABASE_URL's server or the
 * embedded one; `--keep` reuses it when already seeded with N children). Prints figures;
 * asserts nothing (machines are noisy).
 */

const DB = 'passerelle_bench_caseload';

const MY_DAY = /* GraphQL */ `
  query MyDay($within: Int!) {
    myCaseload(withinDays: $within) {
      childCount dueBy
      children(first: 50) { nodes { id lastName firstNames referents { since member { lastName phone } } } }
      deadlines(first: 100) { nodes { id kind dueOn overdue daysLeft child { id lastName } measure { id kind } } pageInfo { hasNextPage } }
      counts { kind total overdue }
      visits(first: 50) { nodes { id plannedOn status } }
      visitCounts { total overdue }
    }
  }
`;

const percentile = (xs: number[], p: number) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
};

runMain(async () => {
  const spec = {
    command: 'npm run bench:caseload',
    usage: '[--children N] [--runs N] [--within DAYS] [--keep]',
    flags: { within: 'string' },
    children: 1000,
    runs: 50,
  } as const;
  const { children, runs, keep, flags: args } = parseBenchCommand(spec, process.argv.slice(2));
  const within = integerFlag(spec, 'within', args.within, 30, 0);
  const log = createLog('bench', 'error');
  const { server, url, stack } = await openBenchWorld({ database: DB, children, keep, today: today(), log });
  const recording = recordStatements(stack.subgraphs);

  const client = new Client({ connectionString: url.toString() });
  await client.connect();
  try {
    // Fresh bulk inserts have no planner statistics until autovacuum gets to them: without them
    // PostgreSQL scans whole tables for a caseload's 25 children. A production database has them.
    const analyzed = Date.now();
    await client.query('ANALYZE');
    process.stdout.write(`analyzed in ${((Date.now() - analyzed) / 1000).toFixed(1)} s\n`);
    // Référents by current caseload size: the median one and the busiest one.
    const sizes = (
      await client.query<{ member_id: string; n: number }>(
        `SELECT member_id, count(*)::int AS n FROM cases.child_referent WHERE until IS NULL GROUP BY member_id ORDER BY n, member_id`,
      )
    ).rows;
    const rows = await client.query<{ referents: string; assignments: string; deadlines: string }>(`SELECT
      (SELECT count(DISTINCT member_id) FROM cases.child_referent WHERE until IS NULL) AS referents,
      (SELECT count(*) FROM cases.child_referent WHERE until IS NULL) AS assignments,
      (SELECT count(*) FROM cases.measure WHERE status IN ('ACTIVE', 'RENEWED')) AS deadlines`);
    const r = rows.rows[0]!;
    process.stdout.write(`${r.referents} référents, ${r.assignments} current assignments, ${r.deadlines} measures in force\n`);
    const members = [
      ['median caseload', sizes[Math.floor(sizes.length / 2)]!],
      ['largest caseload', sizes.at(-1)!],
    ] as const;
    process.stdout.write(`\nmyCaseload(withinDays: ${within}) through the gateway as a département référent, ${runs} runs after 3 warm-up ones:\n`);
    for (const [title, member] of members) {
      const token = await benchToken({
        audience: 'department',
        partnerId: partnerId('DEPARTMENT', 0),
        sub: member.member_id,
      });
      const times: number[] = [];
      const baseline: number[] = [];
      /** The statements of the last run. */
      let last: RecordedStatement[] = [];
      let summary = '';
      for (let k = 0; k < runs + 3; k++) {
        // The same request path for the smallest read, for scale: what the gateway, the audit
        // record and a subgraph hop cost on this machine right now.
        const before = performance.now();
        await fetch(stack.gateway.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({ query: '{ children(first: 1) { nodes { id } } }' }),
        });
        if (k >= 3) baseline.push(performance.now() - before);
        const started = performance.now();
        const { result: body, statements: ran } = await recording(async () => {
          const response = await fetch(stack.gateway.url, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
            body: JSON.stringify({ query: MY_DAY, variables: { within } }),
          });
          return (await response.json()) as { data?: any; errors?: unknown[] };
        });
        if (body.errors) throw new Error(`${title}: ${JSON.stringify(body.errors)}`);
        if (k < 3) continue;
        times.push(performance.now() - started);
        last = ran;
        const day = body.data.myCaseload;
        const overdue = day.counts.reduce((n: number, c: any) => n + c.overdue, 0);
        summary = `${day.childCount} children, ${day.deadlines.nodes.length}${day.deadlines.pageInfo.hasNextPage ? '+' : ''} deadlines (${overdue} overdue), ${day.visitCounts.total} visits`;
      }
      process.stdout.write(
        `  ${title.padEnd(17)} ${summary.padEnd(60)} p50 ${percentile(times, 50).toFixed(1).padStart(7)} ms  p95 ${percentile(times, 95).toFixed(1).padStart(7)} ms  SQL ${last.length} (${statementsPerSubgraph(last, Object.keys(stack.subgraphs))})  [one-child read: p50 ${percentile(baseline, 50).toFixed(1)} ms]\n`,
      );
    }
  } finally {
    await client.end();
    await stack.stop();
    await server.stop();
  }
});
