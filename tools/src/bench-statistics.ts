import { addDays, createLog, dropDatabase, forgetSuppressions, partnerId, partnerMemberId, repoPath, runMain, today } from '@passerelle/common';
import { spawn } from 'node:child_process';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { parseBenchCommand } from './bench-harness';
import { benchToken, openBenchWorld } from './bench-world';

/**
 * `npm run bench:statistics -- [--children N] [--runs N] [--keep]`: the time of each statistics
 * query through the gateway as an analyst, and the observatory export's time and peak memory,
 * on a world of N children (100 000 by default) seeded into a database of its own
 * (`passerelle_bench_statistics`, on DATABASE_URL's server or the embedded one; `--keep` reuses
 * it when already seeded with N children). Prints figures; asserts nothing (machines are noisy).
 */

const DB = 'passerelle_bench_statistics';

/** The first day of the month `k` months after (before, when negative) the month of `firstOfMonth`. */
function addMonths(firstOfMonth: string, k: number): string {
  const index = Number(firstOfMonth.slice(0, 4)) * 12 + Number(firstOfMonth.slice(5, 7)) - 1 + k;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}-01`;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

runMain(async () => {
  const { children, runs, keep } = parseBenchCommand(
    { command: 'npm run bench:statistics', usage: '[--children N] [--runs N] [--keep]', flags: {}, children: 100_000, runs: 5 },
    process.argv.slice(2),
  );
  const log = createLog('bench', 'error');
  const day = today();
  const { server, url, admin, stack } = await openBenchWorld({ database: DB, children, keep, today: day, log });

  const client = new Client({ connectionString: url.toString() });
  await client.connect();
  try {
    const counts = await client.query<{ concerns: string; evaluations: string; measures: string; placements: string; plans: string }>(`SELECT
      (SELECT count(*) FROM cases.concern) AS concerns, (SELECT count(*) FROM cases.evaluation) AS evaluations,
      (SELECT count(*) FROM cases.measure) AS measures, (SELECT count(*) FROM placements.placement) AS placements,
      (SELECT count(*) FROM placements.return_home_plan) AS plans`);
    const c = counts.rows[0]!;
    process.stdout.write(`rows: ${c.concerns} concerns, ${c.evaluations} evaluations, ${c.measures} measures, ${c.placements} placements, ${c.plans} return-home plans\n`);

    const token = await benchToken({
      audience: 'analyst',
      partnerId: partnerId('OBSERVATORY', 0),
      sub: partnerMemberId('OBSERVATORY', 0, 0),
    });
    // Statistics cover whole quarters: the 4 (or 20) quarters up to the end of the last full one;
    // measures in force at the end of the last full month.
    const monthEnd = addDays(`${day.slice(0, 7)}-01`, -1);
    const quarterStart = addMonths(`${day.slice(0, 4)}-01-01`, Math.floor((Number(day.slice(5, 7)) - 1) / 3) * 3);
    const quarterEnd = addDays(quarterStart, -1);
    const year = { from: addMonths(quarterStart, -12), to: quarterEnd };
    const fiveYears = { from: addMonths(quarterStart, -60), to: quarterEnd, granularity: 'QUARTER' };
    const TABLE = '{ rows { label cells { value suppressed } total { value } } columnTotals { value } total { value suppressed } }';
    const DURATION = '{ label medianDays { value suppressed } p90Days { value } }';
    const queries: [string, string, Record<string, unknown>][] = [
      ['concerns by source, channel, outcome · 12 months', `query($p: CasesStatisticsPeriod!) { concernStatistics(period: $p) { bySourceKind ${TABLE} byChannel ${TABLE} byOutcome ${TABLE} } }`, { p: year }],
      ['concerns by source, channel, outcome · 5 years by quarter', `query($p: CasesStatisticsPeriod!) { concernStatistics(period: $p) { bySourceKind ${TABLE} byChannel ${TABLE} byOutcome ${TABLE} } }`, { p: fiveYears }],
      ['concerns · 12 months, arrondissement of Saint-Nazaire', `query($p: CasesStatisticsPeriod!, $t: CasesStatisticsTerritory) { concernStatistics(period: $p, territory: $t) { bySourceKind ${TABLE} byChannel ${TABLE} byOutcome ${TABLE} } }`, { p: year, t: { code: 'ARR_SAINT_NAZAIRE' } }],
      ['evaluation delays · 12 months, arrondissement of Saint-Nazaire', `query($p: CasesStatisticsPeriod!, $t: CasesStatisticsTerritory) { evaluationDelayStatistics(period: $p, territory: $t) { counts ${TABLE} delays { label medianDays { value } } } }`, { p: year, t: { code: 'ARR_SAINT_NAZAIRE' } }],
      ['measure entries and exits · 12 months, arrondissement of Nantes', `query($p: CasesStatisticsPeriod!, $t: CasesStatisticsTerritory) { measureFlowStatistics(period: $p, territory: $t) { entries ${TABLE} exits ${TABLE} } }`, { p: year, t: { code: 'ARR_NANTES' } }],
      ['evaluation delays · 12 months', `query($p: CasesStatisticsPeriod!) { evaluationDelayStatistics(period: $p) { counts ${TABLE} delays { label medianDays { value } p90Days { value } overdueShare { value } } } }`, { p: year }],
      ['measures in force at the last month end', `query($at: LocalDate!) { activeMeasureStatistics(at: $at) ${TABLE} }`, { at: monthEnd }],
      ['measure entries and exits · 12 months', `query($p: CasesStatisticsPeriod!) { measureFlowStatistics(period: $p) { entries ${TABLE} exits ${TABLE} } }`, { p: year }],
      ['placements · 12 months, département', `query($p: PlacementsStatisticsPeriod!) { placementStatistics(period: $p) { entries ${TABLE} inProgressAtEnd ${TABLE} durations ${DURATION} } }`, { p: year }],
      ['placements · 12 months, arrondissement of Nantes', `query($p: PlacementsStatisticsPeriod!, $t: PlacementsStatisticsTerritory) { placementStatistics(period: $p, territory: $t) { entries ${TABLE} inProgressAtEnd ${TABLE} durations ${DURATION} } }`, { p: year, t: { code: 'ARR_NANTES' } }],
      ['return-home plans · 5 years by quarter', `query($p: PlacementsStatisticsPeriod!) { returnHomeStatistics(period: $p) { outcomes ${TABLE} timeToLifting ${DURATION} } }`, { p: fiveYears }],
    ];
    process.stdout.write(
      `\nstatistics through the gateway as an analyst: the first run with no suppression pattern remembered (cold: SQL + linked suppression), then ${runs} runs (median / max; the patterns of the quarters are remembered):\n`,
    );
    for (const [title, query, variables] of queries) {
      const times: number[] = [];
      let cold = 0;
      for (let k = 0; k <= runs; k++) {
        if (k === 0) forgetSuppressions();
        const started = performance.now();
        const response = await fetch(stack.gateway.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({ query, variables }),
        });
        const body = (await response.json()) as { errors?: unknown[] };
        if (body.errors) throw new Error(`${title}: ${JSON.stringify(body.errors)}`);
        if (k > 0) times.push(performance.now() - started);
        else cold = performance.now() - started;
      }
      process.stdout.write(`  ${title.padEnd(58)} cold ${cold.toFixed(1).padStart(8)} ms ${median(times).toFixed(1).padStart(8)} ms ${Math.max(...times).toFixed(1).padStart(8)} ms\n`);
    }
  } finally {
    await client.end();
    await stack.stop();
  }

  // The export in a process of its own, so that its peak resident memory is its own.
  const dir = await mkdtemp(path.join(tmpdir(), 'bench-observatory-'));
  try {
    const reporter = path.join(dir, 'rss.js');
    await writeFile(reporter, `process.on('exit', () => process.stderr.write('maxrss_kb ' + process.resourceUsage().maxRSS + '\\n'));\n`);
    process.stdout.write('\nobservatory export (separate process; peak RSS from getrusage):\n');
    // The third run caps V8's old space at 48 MB: without a cap V8 lets the heap grow lazily
    // while garbage is cheap to keep, so the peak RSS alone does not show that memory is bounded.
    for (const [title, from, flags] of [
      ['1 year', addDays(day, -365), []],
      ['all time', '1990-01-01', []],
      ['all time, heap capped at 48 MB', '1990-01-01', ['--max-old-space-size=48']],
    ] as const) {
      const out = path.join(dir, 'export.csv');
      const started = performance.now();
      const stderr = await new Promise<string>((resolve, reject) => {
        const child = spawn(process.execPath, [...flags, '-r', reporter, repoPath('subgraphs/cases/dist/observatory/cli.js'), '--from', from, '--to', day, '--out', out], {
          env: { ...process.env, DATABASE_URL: url.toString() },
          stdio: ['ignore', 'ignore', 'pipe'],
        });
        let text = '';
        child.stderr.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
        child.on('error', reject);
        child.on('close', (code) => (code === 0 ? resolve(text) : reject(new Error(`export exited with ${code}: ${text}`))));
      });
      const seconds = (performance.now() - started) / 1000;
      const rss = Number(/maxrss_kb (\d+)/.exec(stderr)?.[1] ?? NaN) / 1024;
      const size = (await stat(out)).size / 1024 / 1024;
      const summary = /(\d+) rows for (\d+) children/.exec(stderr);
      process.stdout.write(`  ${title.padEnd(32)} ${summary?.[1]} rows, ${summary?.[2]} children, ${size.toFixed(1)} MB: ${seconds.toFixed(1)} s, peak RSS ${rss.toFixed(0)} MB\n`);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
    if (!keep) await dropDatabase(admin.toString(), DB);
    await server.stop();
  }
});
