import { createLog, dropDatabase, integerFlag, parseCommand, runMain, today } from '@passerelle/common';
import { Client } from 'pg';
import { openBenchWorld } from './bench-world';
import { formatRetentionReport, runRetention, type RetentionReport } from './retention-job';
import { spreadOver25Years } from './retention-world';

/**
 * `npm run bench:retention -- [--children N] [--batch N] [--keep]`: the retention job's running
 * time on a world of N children (100 000 by default) whose files are spread over 25 years: the
 * dry run, the run that archives and eliminates, and the next run that finds nothing left to do.
 * The world is seeded once into `passerelle_bench_retention_seed` (`--keep` reuses it), and each
 * measure runs on a fresh copy of it (`CREATE DATABASE … TEMPLATE`), since the run changes it.
 * Prints figures; asserts nothing. Run it with `nice`: it keeps a core busy for minutes.
 */

const SEED_DB = 'passerelle_bench_retention_seed';
const RUN_DB = 'passerelle_bench_retention';

const seconds = (t0: number) => ((Date.now() - t0) / 1000).toFixed(1);

runMain(async () => {
  const spec = { command: 'npm run bench:retention', usage: '[--children N] [--batch N] [--keep]', flags: { children: 'string', batch: 'string', keep: 'boolean' } } as const;
  const { flags } = parseCommand(spec, process.argv.slice(2));
  const children = integerFlag(spec, 'children', flags.children, 100_000, 1);
  const batchSize = integerFlag(spec, 'batch', flags.batch, 1000, 1);
  const log = createLog('bench', 'error');
  const day = today();
  const world = await openBenchWorld({ database: SEED_DB, children, keep: flags.keep === true, today: day, log });
  const audit = world.stack.audit;
  await world.stack.stop();
  const seed = new Client({ connectionString: world.url.toString() });
  await seed.connect();
  try {
    await seed.query('CREATE TABLE IF NOT EXISTS public.bench_spread (done boolean)');
    if ((await seed.query('SELECT 1 FROM public.bench_spread')).rowCount === 0) {
      const t0 = Date.now();
      await spreadOver25Years(world.url.toString());
      await seed.query('INSERT INTO public.bench_spread VALUES (true)');
      process.stdout.write(`spread the files over 25 years in ${seconds(t0)} s\n`);
    }
    const counts = (
      await seed.query<Record<string, string>>(`SELECT (SELECT count(*) FROM cases.child) AS children, (SELECT count(*) FROM cases.concern) AS concerns,
        (SELECT count(*) FROM cases.measure) AS measures, (SELECT count(*) FROM placements.placement) AS placements,
        (SELECT count(*) FROM partners.enrollment) AS enrollments`)
    ).rows[0]!;
    process.stdout.write(`world: ${Object.entries(counts).map(([k, v]) => `${v} ${k}`).join(', ')}\n`);
  } finally {
    await seed.end();
  }

  const admin = world.admin.toString();
  const url = new URL(world.url.toString());
  url.pathname = `/${RUN_DB}`;
  const fresh = async () => {
    await dropDatabase(admin, RUN_DB);
    const client = new Client({ connectionString: admin });
    await client.connect();
    try {
      await client.query(`CREATE DATABASE ${RUN_DB} TEMPLATE ${SEED_DB}`);
    } finally {
      await client.end();
    }
  };
  const timed = async (label: string, dryRun: boolean): Promise<RetentionReport> => {
    const t0 = Date.now();
    const report = await runRetention({ url: url.toString(), today: day, dryRun, batchSize, audit });
    const s = (Date.now() - t0) / 1000;
    process.stdout.write(`${label}: ${s.toFixed(1)} s (${Math.round(report.children / s)} children/s, ${report.batches} batches of ${batchSize})\n`);
    return report;
  };
  try {
    await fresh();
    const dry = await timed('dry run', true);
    process.stdout.write(formatRetentionReport(dry, true).replace(/ \(CNIL[^\n]*\)/g, ''));
    const run = await timed('run (archive + eliminate)', false);
    process.stdout.write(formatRetentionReport(run, false).replace(/ \(CNIL[^\n]*\)/g, ''));
    await timed('next run (nothing left to do)', false);
  } finally {
    await dropDatabase(admin, RUN_DB).catch(() => undefined);
    await world.server.stop();
  }
});
