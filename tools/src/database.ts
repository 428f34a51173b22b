import { readConfig, repoPath, startEmbeddedPostgres, type Log } from '@passerelle/common';

export interface DatabaseServer {
  url: string;
  embedded: boolean;
  stop(): Promise<void>;
}

/** DATABASE_URL when set; otherwise the embedded PostgreSQL, started on its own port and folder. */
export async function openDatabaseServer(log: Log): Promise<DatabaseServer> {
  const config = readConfig(['DATABASE_URL', 'EMBEDDED_PG_PORT', 'EMBEDDED_PG_DIR']);
  if (config.DATABASE_URL) return { url: config.DATABASE_URL, embedded: false, stop: async () => undefined };
  const embedded = await startEmbeddedPostgres({
    dir: repoPath(config.EMBEDDED_PG_DIR),
    port: config.EMBEDDED_PG_PORT,
    database: 'passerelle',
    log: (line) => log.info(line),
  });
  log.info(`embedded PostgreSQL on port ${config.EMBEDDED_PG_PORT} (data in ${config.EMBEDDED_PG_DIR})`);
  return { url: embedded.url, embedded: true, stop: embedded.stop };
}
