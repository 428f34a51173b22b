import { checkpointDirFor, embeddedDataLocation, embeddedUrl, parseCommand, readConfig, removeEmbeddedData, repoPath, runMain, runningPostmaster, UsageError } from '@passerelle/common';
import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { SUBGRAPHS } from './subgraphs';

const COMMAND = 'npm run db:reset';

/**
 * `npm run db:reset`: wipes the embedded PostgreSQL's data folder, so the next `npm start`
 * initialises, migrates and seeds afresh. With DATABASE_URL it drops the three subgraph schemas
 * instead, and only when asked twice (`-- --yes`): that server may hold more than demo data.
 * Never under a running platform: while a server runs on the folder (or, with DATABASE_URL, while
 * other sessions use the database) it refuses with one line, exit 2.
 */
runMain(async () => {
  const { flags } = parseCommand({ command: COMMAND, usage: '[--yes]', flags: { yes: 'boolean' } }, process.argv.slice(2));
  const config = readConfig(['DATABASE_URL', 'EMBEDDED_PG_DIR', 'EMBEDDED_PG_PORT', 'AUDIT_CHECKPOINT_DIR']);
  if (!config.DATABASE_URL) {
    const dir = repoPath(config.EMBEDDED_PG_DIR);
    const data = embeddedDataLocation(dir);
    const pid = runningPostmaster(data);
    if (pid !== null) {
      throw new UsageError(
        `${COMMAND}: the embedded PostgreSQL is running on ${config.EMBEDDED_PG_DIR} (process ${pid}, port ${config.EMBEDDED_PG_PORT}): stop the platform first (Ctrl-C in the terminal of npm start), then run it again`,
      );
    }
    for (const removed of await removeEmbeddedData(dir)) process.stdout.write(`removed ${removed}\n`);
    // The audit log went with the data: its checkpoints would read as a deleted log.
    const base = path.isAbsolute(config.AUDIT_CHECKPOINT_DIR) ? config.AUDIT_CHECKPOINT_DIR : repoPath(config.AUDIT_CHECKPOINT_DIR);
    const checkpoints = checkpointDirFor(base, embeddedUrl(config.EMBEDDED_PG_PORT, 'passerelle'));
    if (existsSync(checkpoints)) {
      rmSync(checkpoints, { recursive: true, force: true });
      process.stdout.write(`removed ${checkpoints}\n`);
    }
    return;
  }
  if (flags.yes !== true) {
    throw new UsageError(`${COMMAND}: DATABASE_URL is set: add \`-- --yes\` to drop the cases, placements and partners schemas there`);
  }
  const client = new Client({ connectionString: config.DATABASE_URL, application_name: 'passerelle-db-reset' });
  try {
    await client.connect();
  } catch (error) {
    throw new UsageError(`${COMMAND}: cannot reach the database at ${new URL(config.DATABASE_URL).host} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  try {
    const others = await client.query<{ n: string }>(
      'SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = $1',
      ['client backend'],
    );
    const n = Number(others.rows[0]!.n);
    if (n > 0) {
      throw new UsageError(`${COMMAND}: ${n} other session(s) use database ${new URL(config.DATABASE_URL).pathname.slice(1)} (is the platform running?): stop it first, then run it again`);
    }
    for (const { definition } of SUBGRAPHS) {
      await client.query(`DROP SCHEMA IF EXISTS "${definition.name}" CASCADE`);
      process.stdout.write(`dropped schema ${definition.name}\n`);
    }
  } finally {
    await client.end();
  }
});
