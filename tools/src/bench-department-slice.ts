import {
  createLog,
  departmentCaseworker,
  partnerId,
  partnerMemberId,
  runMain,
  today,
} from '@passerelle/common';
import { Client } from 'pg';
import { parseBenchCommand, recordStatements, statementsPerSubgraph, type RecordedStatement } from './bench-harness';
import { benchToken, openBenchWorld } from './bench-world';

/**
 * `npm run bench:slice -- [--children N] [--runs N] [--keep]`: what the département's
 * own slice (issue 13) costs, through the gateway, on a world of N children (2 000 by default)
 * seeded into a database of its own (`passerelle_bench_slice`; `--keep` reuses it when already
 * seeded with N children): the same reads as a manager (whole département) and as a caseworker
 * of the largest team (team's communes + caseload, as a SQL predicate in cases and as cached ids
 * in placements and partners), p50/p95 and SQL statements per subgraph; and PostgreSQL's plan of
 * the caseworker's children count. Prints figures; asserts nothing (machines are noisy).
 */

const DB = 'passerelle_bench_slice';

const READS: Record<string, string> = {
  'children page': `{ children(first: 50) { nodes { id lastName birthDate } } }`,
  'children + placements + schools': `{ children(first: 50) { nodes { id lastName placements(first: 3) { nodes { id startDate } } enrollments(first: 3) { nodes { id classLevel } } } } }`,
  'facilities + placements': `{ facilities(first: 50) { nodes { id placements(first: 20) { nodes { id child { id } } } } } }`,
};

const percentile = (xs: number[], p: number) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
};

runMain(async () => {
  const { children, runs, keep } = parseBenchCommand(
    { command: 'npm run bench:slice', usage: '[--children N] [--runs N] [--keep]', flags: {}, children: 2000, runs: 30 },
    process.argv.slice(2),
  );
  const log = createLog('bench', 'error');
  const { server, url, stack } = await openBenchWorld({ database: DB, children, keep, today: today(), log });
  const recording = recordStatements(stack.subgraphs);

  const client = new Client({ connectionString: url.toString() });
  await client.connect();
  try {
    // Fresh bulk inserts have no planner statistics yet.
    await client.query('ANALYZE');
    // A caseworker of the largest team (the one whose communes hold the most children).
    const caseworkerIndex = departmentCaseworker(0);
    const caseworkerId = (await client.query<{ id: string; n: number }>(
      `SELECT m.id, (SELECT count(*)::int FROM cases.child c WHERE c.commune_code = ANY(t.communes)) AS n
         FROM partners.partner_member m JOIN partners.team t ON t.id = m.team_id
        WHERE m.access_role = 'CASEWORKER' ORDER BY n DESC, m.id LIMIT 1`,
    )).rows[0]?.id ?? partnerMemberId('DEPARTMENT', 0, caseworkerIndex);
    const slice = (await client.query<{ team: number; caseload: number }>(
      `SELECT (SELECT count(*)::int FROM cases.child c JOIN partners.team t ON c.commune_code = ANY(t.communes)
                 JOIN partners.partner_member m ON m.team_id = t.id WHERE m.id = $1) AS team,
              (SELECT count(*)::int FROM cases.child_referent WHERE member_id = $1 AND until IS NULL) AS caseload`,
      [caseworkerId],
    )).rows[0]!;
    process.stdout.write(`caseworker ${caseworkerId}: ${slice.team} children in the team's communes, ${slice.caseload} in the caseload (of ${children})\n`);
    const communes = (await client.query<{ communes: string[] }>(
      `SELECT t.communes FROM partners.team t JOIN partners.partner_member m ON m.team_id = t.id WHERE m.id = $1`,
      [caseworkerId],
    )).rows[0]?.communes ?? [];
    // The predicate cases applies to the children (row-policy.ts, caseworkerChildren), with this caseworker's values.
    const plan = (await client.query<{ 'QUERY PLAN': string }>(
      `EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY ON)
       SELECT w.id, w.last_name FROM cases.child w WHERE (w.commune_code = ANY($2) OR w.id IN (
         SELECT sr.child_id FROM cases.child_referent sr WHERE sr.member_id = $1 AND sr.until IS NULL
         UNION ALL SELECT sg.child_id FROM cases.break_glass sg WHERE sg.member_id = $1 AND sg.expires_at > now()))
       ORDER BY w.last_name, w.id LIMIT 51`,
      [caseworkerId, communes],
    )).rows.map((r) => r['QUERY PLAN']);
    process.stdout.write(`plan of a caseworker's first page of children:\n${plan.map((l) => `  ${l}`).join('\n')}\n`);

    const tokenOf = (sub: string) =>
      benchToken({ audience: 'department', partnerId: partnerId('DEPARTMENT', 0), sub });
    const who = [
      ['manager', await tokenOf(partnerMemberId('DEPARTMENT', 0, 0))],
      ['caseworker', await tokenOf(caseworkerId)],
    ] as const;
    process.stdout.write(`\nthrough the gateway, ${runs} runs after 3 warm-up ones:\n`);
    for (const [title, query] of Object.entries(READS)) {
      for (const [as, token] of who) {
        const times: number[] = [];
        /** The statements of the last run. */
        let last: RecordedStatement[] = [];
        for (let k = 0; k < runs + 3; k++) {
          const started = performance.now();
          const { result: body, statements: ran } = await recording(async () => {
            const response = await fetch(stack.gateway.url, {
              method: 'POST',
              headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
              body: JSON.stringify({ query }),
            });
            return (await response.json()) as { errors?: unknown[] };
          });
          if (body.errors) throw new Error(`${title} as ${as}: ${JSON.stringify(body.errors)}`);
          if (k < 3) continue;
          times.push(performance.now() - started);
          last = ran;
        }
        process.stdout.write(
          `  ${title.padEnd(32)} ${as.padEnd(11)} p50 ${percentile(times, 50).toFixed(1).padStart(7)} ms  p95 ${percentile(times, 95).toFixed(1).padStart(7)} ms  SQL ${last.length} (${statementsPerSubgraph(last, Object.keys(stack.subgraphs))})\n`,
        );
      }
    }
  } finally {
    await client.end();
    await stack.stop();
    await server.stop();
  }
});
