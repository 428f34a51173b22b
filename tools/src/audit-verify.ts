import { createLog, parseCommand, readAuditSettings, runMain, UsageError, verifyAuditLog } from '@passerelle/common';
import { Client } from 'pg';
import { openDatabaseServer } from './database';

/**
 * `npm run audit:verify`: checks every audit chain against the key (AUDIT_CHAIN_KEY, or derived
 * from PRINCIPAL_SIGNING_KEY) and the signed checkpoints of AUDIT_CHECKPOINT_DIR; prints each
 * problem (deleted tail, rewritten or altered record, gap, removed head, forged checkpoint) and
 * exits 1 when there is any, 0 when everything holds. No audit log yet (the platform never
 * started on this database): one line, exit 2.
 */
runMain(async () => {
  parseCommand({ command: 'npm run audit:verify', usage: '', flags: {} }, process.argv.slice(2));
  readAuditSettings(); // a configuration error stops here, before any database is opened
  const server = await openDatabaseServer(createLog('audit', 'error'));
  try {
    const settings = readAuditSettings(process.env, undefined, server.url);
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
    const t0 = Date.now();
    const report = await verifyAuditLog(server.url, { keys: settings.keys, checkpointDir: settings.checkpointDir });
    const seconds = ((Date.now() - t0) / 1000).toFixed(1);
    const out = process.stdout;
    out.write(`audit log: ${report.records} records in ${report.chains} chains, ${report.checkpoints} signed checkpoints (${settings.checkpointDir}), key from ${settings.keySource}; ${seconds} s\n`);
    for (const warning of report.warnings) out.write(`  note: ${warning}\n`);
    if (report.problems.length > 0) {
      out.write(`audit log TAMPERED: ${report.problems.length} problem${report.problems.length > 1 ? 's' : ''}\n`);
      for (const p of report.problems) out.write(`  ${p.kind}: ${p.message}\n`);
      process.exitCode = 1;
    } else {
      out.write('audit log whole: every record carries its MAC, every chain reaches its last checkpoint\n');
    }
  } finally {
    await server.stop();
  }
});
