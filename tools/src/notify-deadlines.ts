import { createLog, parseCommand, readConfig, runMain, todayInFrance, UsageError } from '@passerelle/common';
import { scanCasesDeadlines } from '@passerelle/cases';
import { scanPlacementsDeadlines } from '@passerelle/placements';
import { Pool } from 'pg';
import { openDatabaseServer } from './database';

/**
 * `npm run notify:deadlines [-- --days N]`: one deadline scan of the cases and placements
 * outboxes, as each replica of those subgraphs runs every NOTIFY_SCAN_INTERVAL_MS. Idempotent:
 * a deadline notifies each recipient once, however often this runs; the services' dispatchers
 * deliver what it wrote to the webhooks.
 */
runMain(async () => {
  const { flags } = parseCommand({ command: 'npm run notify:deadlines', usage: '[--days N]', flags: { days: 'string' } }, process.argv.slice(2));
  const { NOTIFY_DEADLINE_DAYS: days } = readConfig(['NOTIFY_DEADLINE_DAYS'], {
    ...process.env,
    ...(flags.days !== undefined ? { NOTIFY_DEADLINE_DAYS: flags.days } : {}),
  });
  const server = await openDatabaseServer(createLog('notify', 'error'));
  const pool = new Pool({ connectionString: server.url, max: 1, application_name: 'passerelle-notify-deadlines' });
  try {
    const on = todayInFrance();
    const cases = await scanCasesDeadlines(pool, days, on);
    const placements = await scanPlacementsDeadlines(pool, days, on);
    process.stdout.write(`deadline scan on ${on}, ${days} days ahead: ${cases} new notification(s) in cases, ${placements} in placements\n`);
  } catch (error) {
    if ((error as { code?: string }).code === '42P01') throw new UsageError('npm run notify:deadlines: the outboxes do not exist yet: start the platform once (npm start) so that it migrates the database');
    throw error;
  } finally {
    await pool.end();
    await server.stop();
  }
});
