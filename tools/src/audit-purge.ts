import { createLog, parseCommand, purgeAuditLog, readAuditSettings, readConfig, runMain } from '@passerelle/common';
import { openDatabaseServer } from './database';

/**
 * `npm run audit:purge [-- --days N]`: removes the audit records older than AUDIT_RETENTION_DAYS
 * (or --days, within the same 180–1095 bounds), keeping the rest verifiable (a signed cut per
 * chain), and records the purge. A command, to be run daily by the operator's scheduler (cron,
 * a systemd timer, a Kubernetes CronJob): it needs the table owner's rights, which the services
 * never hold.
 */
runMain(async () => {
  const { flags } = parseCommand({ command: 'npm run audit:purge', usage: '[--days N]', flags: { days: 'string' } }, process.argv.slice(2));
  const { AUDIT_RETENTION_DAYS: days } = readConfig(['AUDIT_RETENTION_DAYS'], {
    ...process.env,
    ...(flags.days !== undefined ? { AUDIT_RETENTION_DAYS: flags.days } : {}),
  });
  readAuditSettings(); // a configuration error stops here, before any database is opened
  const server = await openDatabaseServer(createLog('audit', 'error'));
  try {
    const settings = readAuditSettings(process.env, undefined, server.url);
    const cutoff = new Date(Date.now() - days * 86_400_000);
    const report = await purgeAuditLog(server.url, settings, cutoff, createLog('audit'));
    process.stdout.write(
      `audit purge: kept ${days} days; removed ${report.removed} records older than ${cutoff.toISOString()} from ${report.cuts.length} chains (signed cuts in ${settings.checkpointDir}); recorded in chain ${report.recordedIn}\n`,
    );
  } finally {
    await server.stop();
  }
});
