import { createLog, dropDatabase, forgetSuppressions, integerFlag, partnerId, partnerMemberId, repoPath, runMain, today } from '@passerelle/common';
import { spawn } from 'node:child_process';
import { Client } from 'pg';
import { parseBenchCommand, recordStatements, statementsPerSubgraph } from './bench-harness';
import { benchToken, openBenchWorld } from './bench-world';

/**
 * `npm run bench:activity -- [--children N] [--runs N] [--year YYYY] [--keep]`: the time of the
 * annual activity report (`Query.activityReport`, the whole report in one query) through the
 * gateway, for the département (exact) and the observatory (suppressed), and of
 * `npm run report:activity` (CSV), on a world of N children (1 000 by default) seeded into a
 * database of its own (`passerelle_bench_activity`, on DATABASE_URL's server or the embedded one;
 * `--keep` reuses it when already seeded with N children). Prints figures and the SQL statements
 * each subgraph ran; asserts nothing (machines are noisy).
 */

const DB = 'passerelle_bench_activity';
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const TABLE = '{ columns rows { label cells { value suppressed } total { value suppressed } } columnTotals { value suppressed } total { value suppressed } }';
const NUMBER = '{ value suppressed }';
const DURATIONS = `{ label medianDays ${NUMBER} p90Days ${NUMBER} }`;
const REPORT = `query Activity($year: Int!) { activityReport(year: $year) {
  year exact threshold
  concerns { bySourceKind ${TABLE} byOutcome ${TABLE} }
  evaluations { counts ${TABLE} delays { label medianDays ${NUMBER} p90Days ${NUMBER} overdueShare ${NUMBER} } concludedOnTimeShare ${NUMBER} }
  measures { inForceAtStart ${TABLE} inForceAtEnd ${TABLE} started ${TABLE} ended ${TABLE} endedByReason ${TABLE} }
  childPlans { byMeasureKind ${TABLE} onTimeShare ${NUMBER} }
  situationReports { byMeasureKind ${TABLE} onTimeShare ${NUMBER} }
  placements { started ${TABLE} inProgressAtStart ${TABLE} inProgressAtEnd ${TABLE} durations ${DURATIONS} }
  returnHomes { outcomes ${TABLE} timeToLifting ${DURATIONS} }
  caseFigures { section table row column value suppressed }
  placementFigures { section table row column value suppressed } } }`;

runMain(async () => {
  const spec = {
    command: 'npm run bench:activity',
    usage: '[--children N] [--runs N] [--year YYYY] [--keep]',
    flags: { year: 'string' },
    children: 1_000,
    runs: 5,
  } as const;
  const { children, runs, keep, flags: args } = parseBenchCommand(spec, process.argv.slice(2));
  const day = today();
  const year = integerFlag(spec, 'year', args.year, Number(day.slice(0, 4)) - 1, 1990);
  const log = createLog('bench', 'error');
  const { server, url, admin, stack } = await openBenchWorld({ database: DB, children, keep, today: day, log });
  const recording = recordStatements(stack.subgraphs);
  try {
    const client = new Client({ connectionString: url.toString() });
    await client.connect();
    const c = (
      await client.query<Record<string, string>>(`SELECT
        (SELECT count(*) FROM cases.concern) AS concerns, (SELECT count(*) FROM cases.measure) AS measures,
        (SELECT count(*) FROM cases.child_plan) AS plans, (SELECT count(*) FROM cases.situation_report) AS reports,
        (SELECT count(*) FROM placements.placement) AS placements, (SELECT count(*) FROM placements.return_home_plan) AS homes`)
    ).rows[0]!;
    await client.end();
    process.stdout.write(`rows: ${c.concerns} concerns, ${c.measures} measures, ${c.plans} PPE, ${c.reports} situation reports, ${c.placements} placements, ${c.homes} return-home plans\n`);

    const token = (audience: 'department' | 'analyst', kind: 'DEPARTMENT' | 'OBSERVATORY') =>
      benchToken({ audience, partnerId: partnerId(kind, 0), sub: partnerMemberId(kind, 0, 0) });
    process.stdout.write(`\nactivity report ${year}, the whole report in one query through the gateway: cold (no suppression pattern remembered), then ${runs} runs (median / max):\n`);
    for (const [title, bearer] of [
      ['département (exact)', await token('department', 'DEPARTMENT')],
      ['observatory (suppressed)', await token('analyst', 'OBSERVATORY')],
    ] as const) {
      const times: number[] = [];
      let cold = 0;
      let statements = '';
      for (let k = 0; k <= runs; k++) {
        if (k === 0) forgetSuppressions();
        const started = performance.now();
        const { result: body, statements: ran } = await recording(async () => {
          const response = await fetch(stack.gateway.url, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` },
            body: JSON.stringify({ query: REPORT, variables: { year } }),
          });
          return (await response.json()) as { errors?: unknown[] };
        });
        if (body.errors) throw new Error(`${title}: ${JSON.stringify(body.errors)}`);
        if (k > 0) times.push(performance.now() - started);
        else cold = performance.now() - started;
        if (k === runs) statements = statementsPerSubgraph(ran, Object.keys(stack.subgraphs));
      }
      process.stdout.write(`  ${title.padEnd(28)} cold ${cold.toFixed(1).padStart(8)} ms ${median(times).toFixed(1).padStart(8)} ms ${Math.max(...times).toFixed(1).padStart(8)} ms   SQL statements: ${statements}\n`);
    }
  } finally {
    await stack.stop();
  }
  process.stdout.write('\nnpm run report:activity (separate process, CSV to /dev/null):\n');
  for (const audience of ['department', 'analyst']) {
    const started = performance.now();
    const stderr = await new Promise<string>((resolve, reject) => {
      const child = spawn(process.execPath, [repoPath('tools/dist/report-activity.js'), '--year', String(year), '--audience', audience], {
        env: { ...process.env, DATABASE_URL: url.toString() },
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let text = '';
      child.stderr.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
      child.on('error', reject);
      child.on('close', (code) => (code === 0 ? resolve(text) : reject(new Error(`report:activity exited with ${code}: ${text}`))));
    });
    process.stdout.write(`  ${audience.padEnd(12)} ${((performance.now() - started) / 1000).toFixed(1)} s (process start included): ${stderr.trim()}\n`);
  }
  if (!keep) await dropDatabase(admin.toString(), DB);
  await server.stop();
});
