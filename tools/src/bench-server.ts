import { dropDatabase, ensureDatabase, type Log } from '@passerelle/common';
import { openDatabaseServer, type DatabaseServer } from './database';

/*
 * The databases of the benchmarks' own: on their server, made empty, dropped. Apart from
 * bench-world.ts (which starts the platform too), so that a bench of one part of it does not load
 * the whole platform.
 */

/** The PostgreSQL server a benchmark runs on, and the databases of its own it makes there. */
export interface BenchServer {
  server: DatabaseServer;
  /** The server's maintenance database (to create and drop the benchmark's). */
  admin: URL;
  /** Database `name` on this server. */
  url(name: string): URL;
  /** Database `name` dropped if it was there and created empty: its URL. */
  fresh(name: string): Promise<URL>;
  /** Drops database `name`, if it is there. */
  drop(name: string): Promise<void>;
}

/** The server (DATABASE_URL's, or the embedded one started), for a benchmark that makes its own databases. */
export async function openBenchServer(log: Log): Promise<BenchServer> {
  const server = await openDatabaseServer(log);
  const admin = new URL(server.url);
  admin.pathname = '/postgres';
  const url = (name: string) => {
    const database = new URL(server.url);
    database.pathname = `/${name}`;
    return database;
  };
  return {
    server,
    admin,
    url,
    fresh: async (name) => {
      await dropDatabase(admin.toString(), name);
      await ensureDatabase(admin.toString(), name);
      return url(name);
    },
    drop: (name) => dropDatabase(admin.toString(), name),
  };
}
