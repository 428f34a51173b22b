import { createLog, parseCommand, runMain, UsageError, verifyAuditChain } from '@passerelle/common';
import { Client } from 'pg';
import { openDatabaseServer } from './database';

/**
 * `npm run audit:verify`: walks the audit log's hash chain and reports the first broken link
 * (exit 1), or that the chain is whole (exit 0). No audit log yet (the platform never started on
 * this database): one line, exit 2.
 */
runMain(async () => {
  parseCommand({ command: 'npm run audit:verify', usage: '', flags: {} }, process.argv.slice(2));
  const server = await openDatabaseServer(createLog('audit'));
  try {
    const probe = new Client({ connectionString: server.url });
    await probe.connect();
    try {
      const found = await probe.query<{ log: string | null }>(`SELECT to_regclass('audit.access_log')::text AS log`);
      if (!found.rows[0]?.log) {
        throw new UsageError(`npm run audit:verify: no audit log yet in database ${new URL(server.url).pathname.slice(1)}: start the platform first (npm start)`);
      }
    } finally {
      await probe.end();
    }
    const report = await verifyAuditChain(server.url);
    if (report.broken) {
      process.stdout.write(`audit log BROKEN at record ${report.broken.seq}: ${report.broken.reason} (${report.records} records read)\n`);
      process.exitCode = 1;
    } else {
      process.stdout.write(`audit log whole: ${report.records} records, every link holds\n`);
    }
  } finally {
    await server.stop();
  }
});
