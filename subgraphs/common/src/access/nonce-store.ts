import { GraphQLError } from 'graphql';
import { Pool } from 'pg';
import { inTransaction } from '../database';
import { ErrorCode } from '../errors';
import type { Log } from '../log';
import { ReplayGuard, type NonceStore } from './principal';

/**
 * Single use of a principal header across every replica of every subgraph: the nonces accepted
 * are recorded in PostgreSQL, which all replicas share. `INSERT … ON CONFLICT DO NOTHING` is
 * atomic, so of two replicas receiving the same header at the same instant exactly one accepts it.
 * Under load the nonces of concurrent requests go in one statement (`record`): a round trip and a
 * statement for many requests, not one each.
 *
 * One table for all subgraphs (the header also names its subgraph, so a nonce is single use
 * anywhere), in a schema of its own so that it never counts among a subgraph's rows. The table
 * is UNLOGGED: no WAL per request; after a PostgreSQL crash (not a clean restart) it comes back
 * empty, which reopens a header captured in the 30 seconds before the crash to one replay —
 * accepted, because a header is already bound to one subgraph, one request body and 30 seconds.
 *
 * When the database cannot be reached, a header cannot be proven fresh: the request is refused
 * with SERVICE_UNAVAILABLE (HTTP 503), never served on the word of the local memory alone.
 */

export const NONCE_SCHEMA = 'principal_nonces';
const TABLE = `${NONCE_SCHEMA}.nonce`;
/** One statement text for any number of nonces (prepared once per connection). */
const INSERT = `INSERT INTO ${TABLE} (nonce, expires_at) SELECT * FROM unnest($1::text[], $2::bigint[]) ON CONFLICT DO NOTHING RETURNING nonce`;
/** Statements out at once (the pool's other connections serve the purge); more nonces wait and go together. */
const MAX_IN_FLIGHT = 2;
const MAX_BATCH = 500;
const CREATE_LOCK = 0x6e6f6e63; // serialises the creation by subgraphs starting together
/** Rows are kept this long past their expiry: a replica whose clock lags by less still refuses a replay. */
const PURGE_MARGIN_MS = 60_000;

export function nonceStoreUnavailable(): GraphQLError {
  return new GraphQLError('cannot verify that the principal header is fresh now; try again', {
    extensions: { code: ErrorCode.SERVICE_UNAVAILABLE, http: { status: 503 } },
  });
}

export interface PgNonceStoreOptions {
  /** How often, at most, expired nonces are purged (opportunistically, on an accepted header). */
  purgeEveryMs?: number;
  /** UNLOGGED (default) or an ordinary table (for the measure of what WAL costs). */
  logged?: boolean;
  log?: Log;
  application?: string;
}

export class PgNonceStore implements NonceStore {
  private readonly pool: Pool;
  /** The fast first check: a replay to the same replica never reaches the database. */
  private readonly local = new ReplayGuard();
  private readonly purgeEveryMs: number;
  private lastPurge = 0;
  private created: Promise<void> | null = null;
  /** Nonces waiting for a statement, and those waiting or in one (a replay meanwhile is refused). */
  private waiting: { nonce: string; exp: number; resolve(inserted: boolean): void; reject(error: unknown): void }[] = [];
  private readonly pending = new Set<string>();
  private inFlight = 0;

  constructor(
    url: string,
    private readonly options: PgNonceStoreOptions = {},
  ) {
    this.purgeEveryMs = options.purgeEveryMs ?? 10_000;
    this.pool = new Pool({
      connectionString: url,
      max: 4,
      // A database that is down refuses at once (the request gets SERVICE_UNAVAILABLE then); this
      // bound is for one that is up but slow to hand out a connection, as on a loaded machine,
      // where 2 s refused sound requests. Idle connections are kept a minute, so that a quiet
      // spell does not make the next requests pay a new backend each.
      connectionTimeoutMillis: 10_000,
      idleTimeoutMillis: 60_000,
      application_name: options.application ?? 'passerelle-nonces',
    });
    this.pool.on('error', (error) => options.log?.error(`nonce store connection: ${error.message}`));
  }

  /** Creates the schema and table when absent (idempotent, safe with replicas starting together). */
  ensureTable(): Promise<void> {
    this.created ??= inTransaction(this.pool, async (client) => {
      await client.query('SELECT pg_advisory_xact_lock($1)', [CREATE_LOCK]);
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${NONCE_SCHEMA}`);
      await client.query(
        `CREATE ${this.options.logged ? '' : 'UNLOGGED '}TABLE IF NOT EXISTS ${TABLE} (nonce text PRIMARY KEY, expires_at bigint NOT NULL)`,
      );
    });
    this.created.catch(() => {
      this.created = null; // try again with the next request
    });
    return this.created;
  }

  async accept(nonce: string, exp: number, now: number): Promise<boolean> {
    if (this.local.has(nonce, now)) return false;
    // The same header twice at the same instant: one of them only, the first.
    // (Claimed before any await: a statement that carried it twice would answer "new" to both.)
    if (this.pending.has(nonce)) return false;
    this.pending.add(nonce);
    let inserted: boolean;
    try {
      await this.ensureTable();
      inserted = await this.record(nonce, exp);
    } catch (error) {
      this.options.log?.error(`nonce store unavailable: ${(error as Error).message}`);
      throw nonceStoreUnavailable();
    } finally {
      this.pending.delete(nonce);
    }
    if (!inserted) return false;
    this.local.accept(nonce, exp, now);
    if (now - this.lastPurge >= this.purgeEveryMs) {
      this.lastPurge = now;
      this.pool
        .query(`DELETE FROM ${TABLE} WHERE expires_at < $1`, [now - PURGE_MARGIN_MS])
        .catch((error: Error) => this.options.log?.error(`nonce purge: ${error.message}`));
    }
    return true;
  }

  /**
   * Inserts the nonce, resolving whether it was new. Group insert: while `MAX_IN_FLIGHT`
   * statements are out, the nonces that arrive wait, and the next statement takes them all (one
   * round trip and one statement for many requests under load; alone, a nonce goes at once).
   */
  private record(nonce: string, exp: number): Promise<boolean> {
    return new Promise<boolean>((resolve, reject) => {
      this.waiting.push({ nonce, exp, resolve, reject });
      this.launch();
    });
  }

  private launch(): void {
    while (this.waiting.length > 0 && this.inFlight < MAX_IN_FLIGHT) {
      const batch = this.waiting.splice(0, MAX_BATCH);
      this.inFlight++;
      this.pool
        .query<{ nonce: string }>({ name: 'passerelle-nonce-insert', text: INSERT, values: [batch.map((w) => w.nonce), batch.map((w) => w.exp)] })
        .then(
          (result) => {
            const inserted = new Set(result.rows.map((row) => row.nonce));
            for (const w of batch) w.resolve(inserted.has(w.nonce));
          },
          (error: unknown) => {
            for (const w of batch) w.reject(error);
          },
        )
        .finally(() => {
          this.inFlight--;
          this.launch();
        });
    }
  }

  close(): Promise<void> {
    return this.pool.end();
  }
}
