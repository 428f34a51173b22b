import {
  activityCsv,
  checkReportYear,
  createLog,
  disclosureFor,
  FIRST_REPORT_YEAR,
  parseCommand,
  runMain,
  UsageError,
  type ActivityFigureValue,
  type Audience,
} from '@passerelle/common';
import { CasesActivity } from '@passerelle/cases';
import { placementsActivity } from '@passerelle/placements';
import { stat, writeFile, rename } from 'node:fs/promises';
import path from 'node:path';
import { Pool } from 'pg';
import { openDatabaseServer } from './database';

/**
 * `npm run report:activity -- --year 2025 [--format csv|json] [--audience department|analyst] [--out FILE]`:
 * the manager's annual activity report (rapport d'activité) in flat form, one figure per line —
 * the same figures as `Query.activityReport { caseFigures placementFigures }` through the gateway,
 * computed by the same code (each subgraph's part on its own schema). `--audience` chooses the
 * disclosure the access matrix gives that audience: the département's exact figures (default), or
 * the observatory's, small cells suppressed (`suppressed` 1, `value` empty). An operator's
 * command: it reads the database directly, as `export:observatory` does (DATABASE_URL, else the
 * embedded PostgreSQL). Exit codes: 0 done; 2 an expected failure (a bad argument, a missing --out
 * folder, no database or no case data yet), in one line.
 */
const SPEC = {
  command: 'npm run report:activity',
  usage: '--year YYYY [--format csv|json] [--audience department|analyst] [--out FILE]',
  flags: { year: 'string', format: 'string', audience: 'string', out: 'string' },
} as const;

export interface ReportArguments {
  year: number;
  format: 'csv' | 'json';
  audience: Audience;
  out: string | null;
}

export function parseReportArguments(argv: readonly string[]): ReportArguments {
  const { flags } = parseCommand(SPEC, argv);
  const fail = (message: string) => new UsageError(`${SPEC.command}: ${message} (usage: ${SPEC.command} -- ${SPEC.usage})`);
  if (flags.year === undefined) throw fail('--year is required');
  if (!/^\d{4}$/.test(flags.year)) throw fail(`--year must be a year YYYY, got "${flags.year}"`);
  const year = Number(flags.year);
  try {
    checkReportYear(year);
  } catch {
    throw fail(`--year must be from ${FIRST_REPORT_YEAR} to the current year, got ${year}`);
  }
  const format = flags.format ?? 'csv';
  if (format !== 'csv' && format !== 'json') throw fail(`--format must be csv or json, got "${format}"`);
  const audience = flags.audience ?? 'department';
  if (audience !== 'department' && audience !== 'analyst') throw fail(`--audience must be department (exact) or analyst (small cells suppressed), got "${audience}"`);
  return { year, format, audience, out: flags.out ?? null };
}

runMain(async () => {
  const args = parseReportArguments(process.argv.slice(2));
  if (args.out) {
    const folder = await stat(path.dirname(path.resolve(args.out))).catch(() => null);
    if (!folder?.isDirectory()) throw new UsageError(`${SPEC.command}: --out ${args.out}: its folder does not exist (create it first)`);
  }
  const disclosure = disclosureFor(args.audience);
  const server = await openDatabaseServer(createLog('report', 'error'));
  // A few connections: the sections' statements run concurrently, as in the subgraphs.
  const client = new Pool({ connectionString: server.url, application_name: 'passerelle-activity-report', max: 4 });
  try {
    const found = await client.query<{ cases: string | null; placements: string | null }>(`SELECT to_regclass('cases.measure')::text AS cases, to_regclass('placements.placement')::text AS placements`);
    if (!found.rows[0]?.cases || !found.rows[0]?.placements) {
      throw new UsageError(`${SPEC.command}: no case data yet in this database: start the platform first (npm start), which creates and seeds it`);
    }
    // Each part runs its own subgraph's code on its own schema, as the subgraph does.
    const db = { dataSource: { query: async (sql: string, params?: unknown[]) => (await client.query(sql, params)).rows } };
    const ctx = { db } as never;
    const started = Date.now();
    const figures: ActivityFigureValue[] = [
      ...(await new CasesActivity(ctx, args.year, disclosure).figures()),
      ...(await placementsActivity(ctx, args.year, disclosure).figures()),
    ];
    const text =
      args.format === 'csv'
        ? activityCsv(args.year, figures)
        : `${JSON.stringify({ year: args.year, exact: disclosure.exact, threshold: disclosure.threshold, figures }, null, 2)}\n`;
    if (args.out) {
      await writeFile(`${args.out}.partial`, text);
      await rename(`${args.out}.partial`, args.out);
    } else {
      process.stdout.write(text);
    }
    const withheld = figures.filter((f) => f.suppressed).length;
    process.stderr.write(
      `report:activity: ${args.year}, ${args.audience} (${disclosure.exact ? 'exact' : `cells under ${disclosure.threshold} suppressed: ${withheld}`}), ${figures.length} figures in ${((Date.now() - started) / 1000).toFixed(1)} s${args.out ? ` → ${args.out}` : ''}\n`,
    );
  } finally {
    await client.end().catch(() => undefined);
    await server.stop();
  }
});
