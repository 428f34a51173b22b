import { createHash } from 'node:crypto';
import { Pool } from 'pg';
import { inTransaction } from '../database';
import type { Log } from '../log';

/**
 * Large slices known by their ids, stored once in PostgreSQL, so that a statement names its slice
 * by one key instead of carrying every id (issue 14, flat with size).
 *
 * A subgraph that does not hold the facts of a slice knows it as a list of children's ids (a
 * court's, a caseworker's team, asked of a peer and cached). Sent with a statement as
 * `child_id = ANY($ids)`, a list of 50 000 ids (the largest team of the 100 000-children world)
 * cost a caseworker's week of visits 81 ms of planning (the planner estimates each element) and
 * 125 ms of execution (the list copied to each parallel worker and hashed there), for 21 rows;
 * named by its key, `child_id IN (SELECT child_id FROM passerelle_slices.slice_child WHERE slice =
 * $key)`, the same statement is planned in 0.9 ms and runs in 1.1 ms (an index probe per row).
 *
 * A slice is addressed by its content: the key is the SHA-256 of its sorted ids, so a key can only
 * ever name those ids, replicas storing the same slice store it once, and a slice that changes is
 * a new key (the cache that held the old list drops it, and with it the old key). Its rows are
 * written in the same transaction as its `slice` row, which is written only once: a key that is
 * present names the whole slice. Slices no process has stored or used for two minutes are purged
 * (a process uses a key no longer than its scope cache keeps the list, 30 s at most, and a
 * statement that started before the purge still reads the rows its snapshot saw): each version of
 * a changing team's slice would otherwise stay ten minutes, and `ANALYZE` after each new one read
 * them all (276 ms over 37 versions of 50 000 rows, 35–46 ms over six; `npm run bench:writes`). A slice
 * whose content changes is stored anew, its 50 000 rows included: the price of naming it by one
 * key, paid once per change of its content rather than per statement — except a caseworker's team
 * part, which a few children joining or leaving leave named by its last stored key, with the
 * difference beside it (`touch`, and scope.ts's `storeTeam`).
 *
 * Ordinary (logged) tables: a read replica serves them too, and nothing is lost with a crash. In a
 * schema of its own, like the nonces: never among a subgraph's rows.
 */

export const SLICE_SCHEMA = 'passerelle_slices';
const SLICES = `${SLICE_SCHEMA}.slice`;
const MEMBERS = `${SLICE_SCHEMA}.slice_child`;
/** The table of the stored slices' rows (slice, child_id). */
export const SLICE_MEMBERS = MEMBERS;
const CREATE_LOCK = 0x736c6963; // serialises the creation by subgraphs starting together
/** The fewest ids for which a slice is stored rather than sent (below, `= ANY(ids)` plans and runs well). */
export const STORED_SLICE_MIN = 1000;

/** The rows of the stored slice `:<param>` (its children's ids), for `<expr> IN (…)`. */
export function storedSliceRows(param: string): string {
  return `SELECT s.child_id FROM ${MEMBERS} s WHERE s.slice = :${param}`;
}

/** What stores a slice and answers its key. */
export interface SliceStore {
  store(ids: readonly string[]): Promise<string>;
  /** Marks a stored slice used again; false when it is not stored (purged) or not of `size` ids. */
  touch?(key: string, size: number): Promise<boolean>;
}

/** The key of a slice: its sorted, distinct ids (as PostgreSQL writes them: lower case), hashed. */
export function sliceKey(ids: readonly string[]): { key: string; ids: string[] } {
  const sorted = [...new Set(ids.map((id) => id.toLowerCase()))].sort();
  return { key: createHash('sha256').update(sorted.join(',')).digest('base64url'), ids: sorted };
}

export interface PgSliceStoreOptions {
  log?: Log;
  application?: string;
  /** How often, at most, slices unused for `purgeAfterMs` are deleted. */
  purgeEveryMs?: number;
  purgeAfterMs?: number;
}

export class PgSliceStore implements SliceStore {
  private readonly pool: Pool;
  private created: Promise<void> | null = null;
  private lastPurge = 0;
  private readonly keys = new Map<string, { key: string; size: number }>();

  constructor(
    url: string,
    private readonly options: PgSliceStoreOptions = {},
  ) {
    this.pool = new Pool({ connectionString: url, max: 2, connectionTimeoutMillis: 10_000, idleTimeoutMillis: 60_000, application_name: options.application ?? 'passerelle-slices' });
    this.pool.on('error', (error) => options.log?.error(`slice store connection: ${error.message}`));
  }

  /** Creates the schema and tables when absent (idempotent, safe with replicas starting together). */
  ensureTables(): Promise<void> {
    this.created ??= inTransaction(this.pool, async (client) => {
      await client.query('SELECT pg_advisory_xact_lock($1)', [CREATE_LOCK]);
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${SLICE_SCHEMA}`);
      await client.query(`CREATE TABLE IF NOT EXISTS ${SLICES} (slice text PRIMARY KEY, size integer NOT NULL, used_at timestamptz NOT NULL)`);
      // No foreign key to `slice` and no index on `child_id`: storing the largest team's 50 000
      // rows again after a change cost 757 ms, 240 of them checking the key and 310 maintaining
      // that index (`npm run bench:writes`: a caseworker's first read after a child joined the
      // team). A slice's rows go and come with its `slice` row in one statement or transaction
      // (`store`, `purgeNow`, `dropStoredSlicesOf`); the retention job, once a night, scans for
      // the slices holding an erased child rather than keep an index for it on every store.
      await client.query(`CREATE TABLE IF NOT EXISTS ${MEMBERS} (slice text NOT NULL, child_id uuid NOT NULL, PRIMARY KEY (slice, child_id))`);
      // Tables created by earlier versions: the same, without the key and the index.
      await client.query(`ALTER TABLE ${MEMBERS} DROP CONSTRAINT IF EXISTS slice_child_slice_fkey`);
      await client.query(`DROP INDEX IF EXISTS ${SLICE_SCHEMA}.slice_child_child_idx`);
    });
    this.created.catch(() => {
      this.created = null; // tried again with the next slice
    });
    return this.created;
  }

  /**
   * Stores the slice (once: a key already present is only marked used) and answers its key once
   * committed. A key present with another size than these ids is refused (it cannot happen short
   * of a SHA-256 collision or a table changed by hand; the caller then sends the ids).
   */
  async store(given: readonly string[]): Promise<string> {
    const { key, size } = this.keyOf(given);
    await this.ensureTables();
    let inserted = false;
    await inTransaction(this.pool, async (client) => {
      const { rows } = await client.query<{ size: number; inserted: boolean }>(
        `INSERT INTO ${SLICES} (slice, size, used_at) VALUES ($1, $2, now())
           ON CONFLICT (slice) DO UPDATE SET used_at = now()
         RETURNING size, (xmax = 0) AS inserted`,
        [key, size],
      );
      const row = rows[0]!;
      inserted = row.inserted;
      if (row.inserted) await client.query(`INSERT INTO ${MEMBERS} (slice, child_id) SELECT DISTINCT $1::text, unnest($2::uuid[])`, [key, given]);
      else if (row.size !== size) throw new Error(`stored slice ${key} holds ${row.size} children, not ${size}`);
    });
    // Before the key is used: until its statistics know the new slice, PostgreSQL estimates it at
    // one child and drives a list from it (a judge's 21 782 children probed one by one: 110–335 ms
    // for a week of visits, `npm run bench:sweep`); known, at its true size. 30–40 ms, once per new
    // slice (a change of its content), on the request that fills the cache or beside requests.
    if (inserted) await this.pool.query(`ANALYZE ${MEMBERS} (slice)`);
    this.purgeNow();
    return key;
  }

  /**
   * Marks the stored slice `key` used (the purge keeps it two minutes more) and answers whether it
   * is there with `size` ids: a team's part is named again by the key it was stored under, with
   * the children who joined or left since beside it (scope.ts), rather than stored anew.
   */
  async touch(key: string, size: number): Promise<boolean> {
    await this.ensureTables();
    const { rows } = await this.pool.query<{ size: number }>(`UPDATE ${SLICES} SET used_at = now() WHERE slice = $1 RETURNING size`, [key]);
    this.purgeNow();
    return rows.length === 1 && rows[0]!.size === size;
  }

  /**
   * `sliceKey`, remembered by a hash of the ids as given: a cache refreshing a slice every few
   * seconds gets the same list in the same order, and sorting 50 000 ids costs 30–120 ms where
   * hashing them costs 5.
   */
  private keyOf(given: readonly string[]): { key: string; size: number } {
    const asGiven = createHash('sha256').update(given.join(',')).digest('base64url');
    let known = this.keys.get(asGiven);
    if (!known) {
      if (this.keys.size >= 256) this.keys.clear();
      const { key, ids } = sliceKey(given);
      this.keys.set(asGiven, (known = { key, size: ids.length }));
    }
    return known;
  }

  private purgeNow(): void {
    const now = Date.now();
    if (now - this.lastPurge < (this.options.purgeEveryMs ?? 30_000)) return;
    this.lastPurge = now;
    const after = this.options.purgeAfterMs ?? 120_000;
    this.pool
      .query(
        `WITH gone AS (DELETE FROM ${SLICES} WHERE used_at < now() - make_interval(secs => $1) RETURNING slice)
         DELETE FROM ${MEMBERS} WHERE slice IN (SELECT slice FROM gone)`,
        [after / 1000],
      )
      .catch((error: Error) => this.options.log?.error(`slice purge: ${error.message}`));
  }

  close(): Promise<void> {
    return this.pool.end();
  }
}

/**
 * Drops every stored slice that holds one of these children, with its rows (the retention job, in
 * the transaction that erases them: an erased child's id is kept nowhere). A process still naming
 * such a slice reads it empty until its cache recomputes the slice (the erasure notifies the
 * change): it shows less meanwhile, never more.
 */
export async function dropStoredSlicesOf(db: { query(sql: string, params?: unknown[]): Promise<{ rows: unknown[] }> }, childIds: readonly string[]): Promise<void> {
  if (childIds.length === 0) return;
  const { rows } = await db.query(`SELECT to_regclass('${MEMBERS}') IS NOT NULL AS present`);
  if (!(rows[0] as { present: boolean }).present) return;
  await db.query(
    `WITH holding AS (SELECT DISTINCT slice FROM ${MEMBERS} WHERE child_id IN (SELECT unnest($1::uuid[]))),
          gone AS (DELETE FROM ${SLICES} WHERE slice IN (SELECT slice FROM holding))
     DELETE FROM ${MEMBERS} WHERE slice IN (SELECT slice FROM holding)`,
    [childIds],
  );
}
