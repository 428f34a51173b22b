import { createLog, runMain, verifyAuditChain } from '@passerelle/common';
import { openDatabaseServer } from './database';

/**
 * `npm run audit:verify`: walks the audit log's hash chain and reports the first broken link
 * (exit 1), or that the chain is whole (exit 0).
 */
runMain(async () => {
  const server = await openDatabaseServer(createLog('audit'));
  try {
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
