import { embeddedUrl, readConfig, repoPath, startEmbeddedPostgres, UsageError, type Log } from '@passerelle/common';
import { Client } from 'pg';

export interface DatabaseServer {
  url: string;
  embedded: boolean;
  stop(): Promise<void>;
}

/** Whether a PostgreSQL answers at `url`; the error's code (ECONNREFUSED, 28P01…) when not. */
async function probe(url: string): Promise<string | null> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.end();
    return null;
  } catch (error) {
    await client.end().catch(() => undefined);
    return (error as NodeJS.ErrnoException).code ?? (error as Error).message;
  }
}

/**
 * DATABASE_URL when set; otherwise the embedded PostgreSQL, started on its own port and folder
 * (with `settings` for this start, when this call starts it).
 */
export async function openDatabaseServer(log: Log, settings?: Record<string, string>): Promise<DatabaseServer> {
  const config = readConfig(['DATABASE_URL', 'EMBEDDED_PG_PORT', 'EMBEDDED_PG_DIR']);
  if (config.DATABASE_URL) {
    const problem = await probe(config.DATABASE_URL);
    if (problem) throw new UsageError(`cannot reach the PostgreSQL server of DATABASE_URL at ${new URL(config.DATABASE_URL).host} (${problem}): start it, or unset DATABASE_URL for the embedded one`);
    return { url: config.DATABASE_URL, embedded: false, stop: async () => undefined };
  }
  // Already running (`npm start` in another terminal): use it rather than start a second one.
  const running = embeddedUrl(config.EMBEDDED_PG_PORT, 'passerelle');
  if ((await probe(running)) === null) return { url: running, embedded: true, stop: async () => undefined };
  const embedded = await startEmbeddedPostgres({
    dir: repoPath(config.EMBEDDED_PG_DIR),
    port: config.EMBEDDED_PG_PORT,
    database: 'passerelle',
    log: (line) => log.info(line),
    settings,
  });
  log.info(`embedded PostgreSQL on port ${config.EMBEDDED_PG_PORT} (data in ${config.EMBEDDED_PG_DIR})`);
  return { url: embedded.url, embedded: true, stop: embedded.stop };
}
