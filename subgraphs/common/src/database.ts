import { types as pgTypes, type Pool, type PoolClient } from 'pg';
import { DataSource, type EntitySchema, type MixedList } from 'typeorm';
import type { Log } from './log';
import { StatementCounter } from './statements';

/** What a subgraph needs to own its PostgreSQL schema. */
export interface DatabaseOptions {
  url: string;
  /** The PostgreSQL schema the subgraph owns (`cases`, `placements`, `partners`). */
  schema: string;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: MixedList<Function | string | EntitySchema>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: MixedList<Function | string>;
  poolSize?: number;
  echoSql?: boolean;
  log?: Log;
}

export interface Database {
  readonly dataSource: DataSource;
  readonly statements: StatementCounter;
  readonly schema: string;
}

/**
 * Planner settings for the subgraphs' connections. `random_page_cost` 1.1 instead of 4: the
 * default models a spinning disk, on which a random read costs four sequential ones; on SSDs and
 * with the working set cached (any server Passerelle runs on) both cost about the same, as
 * PostgreSQL's documentation says. With 4, a loader's `id = ANY($1)` over a table of a few
 * thousand rows (facilities, institutions) is planned as a sequential scan comparing every row
 * with every id, which grows with the world (issue 14: 0.2 ms at 1 000 children, 1.3 ms at
 * 100 000); with 1.1 it probes the primary key. The operator's own PGOPTIONS come after, and win.
 */
export function connectionOptions(env: NodeJS.ProcessEnv = process.env): string {
  return ['-c random_page_cost=1.1', env.PGOPTIONS?.trim()].filter(Boolean).join(' ');
}

/** PostgreSQL's `date` type. */
const DATE_OID = 1082;

/**
 * How the subgraphs' connections read values: as pg does, except a `date`, kept as the text
 * PostgreSQL sends (`2025-01-31`). Passerelle's days are days — an entity's `date` column is a
 * `YYYY-MM-DD` string, the LocalDate scalar serialises strings — and pg's default turns each one
 * into a Date at local midnight, which TypeORM then formats back into the same text: twice the
 * work on every row of every list (3 % of a subgraph's CPU under load, issue 14), and a time
 * zone to get wrong for a raw query that reads a day. Only these connections: pg's global
 * parsers, used by every other pool of the process, are left alone.
 */
export const SUBGRAPH_TYPES = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === DATE_OID && format !== 'binary' ? (value: string) => value : pgTypes.getTypeParser(oid, format as 'text')) as typeof pgTypes.getTypeParser,
};

export function createDatabase(options: DatabaseOptions): Database {
  const statements = new StatementCounter(options.echoSql);
  const dataSource = new DataSource({
    type: 'postgres',
    url: options.url,
    schema: options.schema,
    entities: options.entities,
    migrations: options.migrations,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    logging: true,
    logger: statements,
    extra: { max: options.poolSize ?? 10, application_name: `passerelle-${options.schema}`, options: connectionOptions(), types: SUBGRAPH_TYPES },
    // An idle pooled connection that drops (a database restart) emits 'error' on the pool; pg
    // removes it from the pool, and the next query opens a new one once the database is back.
    poolErrorHandler: (error: Error) => options.log?.error(`database connection lost: ${error.message}`),
  });
  return { dataSource, statements, schema: options.schema };
}

/** Waits `ms`, or less when `signal` aborts (a stopped service must not keep a timer alive). */
function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

function describe(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || 5432}/${u.pathname.slice(1)}`;
  } catch {
    return 'DATABASE_URL';
  }
}

/**
 * Connects, retrying with a log line each time (a database that is down at start must not
 * crash-loop silently), then creates the owned schema and runs pending migrations.
 * `attempts` 0 retries forever.
 */
export async function connectAndMigrate(
  db: Database,
  url: string,
  log: Log,
  options: { attempts?: number; delayMs?: number; signal?: AbortSignal } = {},
): Promise<void> {
  const { attempts = 0, delayMs = 2000 } = options;
  for (let attempt = 1; ; attempt++) {
    try {
      await db.dataSource.initialize();
      break;
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      if (options.signal?.aborted) throw new Error('stopped before the database was reached');
      if (attempts > 0 && attempt >= attempts) {
        throw new Error(`database ${describe(url)} not reachable after ${attempt} attempts: ${reason}`);
      }
      log.error(`database ${describe(url)} not reachable (${reason}); retry ${attempt} in ${delayMs / 1000}s`);
      await sleep(delayMs, options.signal);
      if (options.signal?.aborted) throw new Error('stopped before the database was reached');
    }
  }
  // Replicas of one subgraph start together (docker compose --scale, a rolling deploy): one of
  // them migrates while the others wait, then finds nothing pending. Without the lock, two
  // replicas race on CREATE SCHEMA and on each migration's DDL, and the loser crashes. The lock is
  // session-level on a connection of its own, so it is released when that connection closes,
  // should the process die mid-migration.
  const holder = db.dataSource.createQueryRunner();
  await holder.connect();
  try {
    await holder.query('SELECT pg_advisory_lock(hashtext($1))', [`passerelle:migrate:${db.schema}`]);
    await db.dataSource.query(`CREATE SCHEMA IF NOT EXISTS "${db.schema}"`);
    const applied = await db.dataSource.runMigrations({ transaction: 'each' });
    if (applied.length > 0) log.info(`applied ${applied.length} migration(s) to schema ${db.schema}`);
  } finally {
    await holder.query('SELECT pg_advisory_unlock(hashtext($1))', [`passerelle:migrate:${db.schema}`]).catch(() => undefined);
    await holder.release();
  }
}

export interface Readiness {
  ready: boolean;
  checks: Record<string, string>;
}

/** Database reachable and no migration pending. */
export async function databaseReadiness(db: Database): Promise<Readiness> {
  if (!db.dataSource.isInitialized) return { ready: false, checks: { database: 'not connected' } };
  try {
    await db.dataSource.query('SELECT 1');
  } catch (error) {
    return { ready: false, checks: { database: `unreachable: ${(error as Error).message}` } };
  }
  let pending: boolean;
  try {
    // showMigrations() creates the migrations table when it is missing: a replica answering /ready
    // while another replica migrates under the lock would race it on that CREATE TABLE ("relation
    // migrations already exists"). A readiness probe reads only.
    const [{ table }] = await db.dataSource.query(`SELECT to_regclass($1)::text AS "table"`, [`"${db.schema}".migrations`]);
    pending = table === null || (await db.dataSource.showMigrations());
  } catch (error) {
    return { ready: false, checks: { database: `unreachable: ${(error as Error).message}` } };
  }
  return {
    ready: !pending,
    checks: { database: 'ok', migrations: pending ? 'pending' : 'applied' },
  };
}

/** `work` on one of the pool's connections in a transaction: committed when it resolves, rolled back when it throws. */
export async function inTransaction(pool: Pool, work: (client: PoolClient) => Promise<void>): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await work(client);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
