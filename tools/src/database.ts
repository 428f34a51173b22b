import { embeddedUrl, readConfig, repoPath, startEmbeddedPostgres, type Log } from '@passerelle/common';
import { Client } from 'pg';

export interface DatabaseServer {
  url: string;
  embedded: boolean;
  stop(): Promise<void>;
}

/** DATABASE_URL when set; otherwise the embedded PostgreSQL, started on its own port and folder. */
export async function openDatabaseServer(log: Log): Promise<DatabaseServer> {
  const config = readConfig(['DATABASE_URL', 'EMBEDDED_PG_PORT', 'EMBEDDED_PG_DIR']);
  if (config.DATABASE_URL) return { url: config.DATABASE_URL, embedded: false, stop: async () => undefined };
  // Already running (`npm start` in another terminal): use it rather than start a second one.
  const running = embeddedUrl(config.EMBEDDED_PG_PORT, 'passerelle');
  const probe = new Client({ connectionString: running, connectionTimeoutMillis: 1000 });
  try {
    await probe.connect();
    await probe.end();
    return { url: running, embedded: true, stop: async () => undefined };
  } catch {
    // not running: start it below
  }
  const embedded = await startEmbeddedPostgres({
    dir: repoPath(config.EMBEDDED_PG_DIR),
    port: config.EMBEDDED_PG_PORT,
    database: 'passerelle',
    log: (line) => log.info(line),
  });
  log.info(`embedded PostgreSQL on port ${config.EMBEDDED_PG_PORT} (data in ${config.EMBEDDED_PG_DIR})`);
  return { url: embedded.url, embedded: true, stop: embedded.stop };
}
