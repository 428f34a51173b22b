import { createLog, parseCommand, readAuditSettings, readConfig, runMain, todayInFrance, UsageError } from '@passerelle/common';
import { openDatabaseServer } from './database';
import { formatRetentionReport, runRetention } from './retention-job';

/**
 * `npm run retention -- [--dry-run] [--today YYYY-MM-DD] [--batch N] [--access-log]`: archives the
 * case files past their active term and eliminates those past their final term, by the retention
 * rules (`subgraphs/common/src/retention/rules.ts`); `--dry-run` prints what it would do and
 * changes nothing. A command for the operator's daily scheduler, like `audit:purge`: it needs the
 * tables' owner, which the services never hold. `--access-log` also applies the access log's term
 * (AUDIT_RETENTION_DAYS) with the audit purge's own code.
 */
runMain(async () => {
  const { flags } = parseCommand(
    {
      command: 'npm run retention',
      usage: '[--dry-run] [--today YYYY-MM-DD] [--batch N] [--access-log]',
      flags: { 'dry-run': 'boolean', today: 'string', batch: 'string', 'access-log': 'boolean' },
    },
    process.argv.slice(2),
  );
  const today = flags.today ?? todayInFrance();
  if (!/^\d{4}-\d{2}-\d{2}$/.test(today) || Number.isNaN(Date.parse(today))) throw new UsageError(`npm run retention: --today ${today} is not a date (YYYY-MM-DD)`);
  const batchSize = flags.batch === undefined ? 1000 : Number(flags.batch);
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 50_000) throw new UsageError(`npm run retention: --batch ${flags.batch} is not a number of children from 1 to 50000`);
  const dryRun = flags['dry-run'] === true;
  const { AUDIT_RETENTION_DAYS } = readConfig(['AUDIT_RETENTION_DAYS']);
  if (!dryRun) readAuditSettings(); // a configuration error stops here, before any database is opened
  const server = await openDatabaseServer(createLog('retention', 'error'));
  try {
    const exists = await import('pg').then(async ({ Client }) => {
      const client = new Client({ connectionString: server.url });
      await client.connect();
      try {
        return (await client.query<{ ok: boolean }>(`SELECT to_regclass('cases.archived_child') IS NOT NULL AS ok`)).rows[0]!.ok;
      } finally {
        await client.end();
      }
    });
    if (!exists) throw new UsageError('npm run retention: no case data yet (or migrations not run): start the platform once with `npm start`');
    const report = await runRetention({
      url: server.url,
      today,
      dryRun,
      batchSize,
      audit: dryRun ? undefined : readAuditSettings(process.env, undefined, server.url),
      accessLogDays: flags['access-log'] ? AUDIT_RETENTION_DAYS : undefined,
      log: createLog('retention'),
    });
    process.stdout.write(formatRetentionReport(report, dryRun));
  } finally {
    await server.stop();
  }
});
