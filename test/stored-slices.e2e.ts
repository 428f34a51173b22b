import { createScopeResolver, dropStoredSlicesOf, PgSliceStore, SLICE_SCHEMA, sliceKey, type ChildScope, type Principal, type SliceStore } from '@passerelle/common';
import { Client } from 'pg';
import { createTestDatabase } from './support/database';
import { SETUP_TIMEOUT_MS } from './support/timeouts';

/**
 * Long slices stored once in PostgreSQL and named by their key (subgraphs/common/src/access/
 * slice-store.ts) in place of their ids sent with every statement.
 *
 * 1. The row-scope suites again, every slice known by ids stored (threshold 1 instead of 1 000):
 *    a school's, a PMI centre's, a judge's, a parquet's, an association's and a caseworker's
 *    lists, reads and writes must answer exactly as when the ids are sent.
 * 2. The store itself: a key names exactly its ids, a slice is written whole or not at all,
 *    replicas storing the same slice at once store it once, unused slices are purged.
 * 3. The scope resolver: a slice is stored from the threshold on, and sent as its ids when the
 *    store fails (an optimisation never refuses a request).
 */

process.env.PASSERELLE_TEST_STORED_SLICE_MIN = '1';

// Every call of every subgraph's store during the suites below (the stacks run in this process).
const calls: Promise<string>[] = [];
const store = PgSliceStore.prototype.store;
PgSliceStore.prototype.store = function (this: PgSliceStore, ids: readonly string[]) {
  const call = store.call(this, ids);
  calls.push(call);
  return call;
};

/* eslint-disable @typescript-eslint/no-require-imports */
require('./scope-cases.e2e');
require('./scope-cases-writes.e2e');
require('./scope-partners.e2e');
require('./scope-placements.e2e');
require('./scope-placements-judge.e2e');
require('./placements-caseworker.e2e');
require('./department-slice.e2e');
require('./caseload.e2e');
/* eslint-enable @typescript-eslint/no-require-imports */

describe('the suites above ran on stored slices', () => {
  it('stored slices, every one of them without failing', async () => {
    expect(calls.length).toBeGreaterThan(5);
    const keys = await Promise.all(calls);
    expect(new Set(keys).size).toBeGreaterThan(1);
  });
});

const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

describe('the slice store', () => {
  let url: string;
  let db: Client;
  let slices: PgSliceStore;
  const childrenOf = async (key: string) =>
    (await db.query<{ child_id: string }>(`SELECT child_id FROM ${SLICE_SCHEMA}.slice_child WHERE slice = $1 ORDER BY child_id`, [key])).rows.map((r) => r.child_id);

  beforeAll(async () => {
    url = (await createTestDatabase()).url;
    db = new Client({ connectionString: url });
    await db.connect();
    slices = new PgSliceStore(url, { purgeEveryMs: 0 });
  }, SETUP_TIMEOUT_MS);
  afterAll(async () => {
    await slices?.close();
    await db?.end();
  });

  it('names a slice by its ids alone: order and repeats do not matter, and its rows are its ids', async () => {
    const ids = [uuid(3), uuid(1), uuid(2)];
    const key = await slices.store(ids);
    expect(await slices.store([uuid(2), uuid(1), uuid(3), uuid(1)])).toBe(key);
    const lettered = 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee';
    expect(await slices.store([lettered.toUpperCase(), uuid(1)])).toBe(await slices.store([uuid(1), lettered]));
    expect(key).toBe(sliceKey(ids).key);
    expect(await childrenOf(key)).toEqual([uuid(1), uuid(2), uuid(3)]);
    expect(await slices.store([uuid(1), uuid(2)])).not.toBe(key);
  });

  it('stores a slice once when replicas store it at the same time', async () => {
    const ids = Array.from({ length: 2000 }, (_, i) => uuid(10_000 + i));
    const others = [new PgSliceStore(url), new PgSliceStore(url)];
    try {
      const keys = await Promise.all([slices, ...others, slices, ...others].map((s) => s.store(ids)));
      expect(new Set(keys).size).toBe(1);
      expect((await childrenOf(keys[0]!)).length).toBe(2000);
      expect((await db.query(`SELECT size FROM ${SLICE_SCHEMA}.slice WHERE slice = $1`, [keys[0]])).rows).toEqual([{ size: 2000 }]);
    } finally {
      await Promise.all(others.map((s) => s.close()));
    }
  });

  it('has PostgreSQL know a new slice at its size before its key is used (statistics analysed)', async () => {
    const estimate = async (key: string) => {
      const [{ 'QUERY PLAN': plan }] = (await db.query(`EXPLAIN (FORMAT JSON) SELECT child_id FROM ${SLICE_SCHEMA}.slice_child WHERE slice = '${key}'`)).rows as {
        'QUERY PLAN': { Plan: { 'Plan Rows': number } }[];
      }[];
      return plan[0]!.Plan['Plan Rows'];
    };
    const large = await slices.store(Array.from({ length: 3000 }, (_, i) => uuid(60_000 + i)));
    expect(await estimate(large)).toBeGreaterThan(1000);
    const another = await slices.store(Array.from({ length: 2500 }, (_, i) => uuid(70_000 + i)));
    expect(await estimate(another)).toBeGreaterThan(1000);
  });

  it('writes a slice whole or not at all', async () => {
    const ids = [uuid(20), 'not-a-child', uuid(21)];
    await expect(slices.store(ids)).rejects.toThrow();
    expect((await db.query(`SELECT 1 FROM ${SLICE_SCHEMA}.slice WHERE slice = $1`, [sliceKey(ids).key])).rowCount).toBe(0);
    expect(await childrenOf(sliceKey(ids).key)).toEqual([]);
  });

  it('refuses a key whose stored slice is not of its size', async () => {
    const ids = [uuid(30), uuid(31)];
    const key = await slices.store(ids);
    await db.query(`UPDATE ${SLICE_SCHEMA}.slice SET size = 3 WHERE slice = $1`, [key]);
    await expect(slices.store(ids)).rejects.toThrow(/holds 3 children, not 2/);
  });

  it('drops, for the retention job, every slice holding an erased child, and keeps the others', async () => {
    const holding = await slices.store([uuid(50), uuid(51)]);
    const other = await slices.store([uuid(52), uuid(53)]);
    await dropStoredSlicesOf(db, [uuid(51), uuid(99)]);
    expect(await childrenOf(holding)).toEqual([]);
    expect((await db.query(`SELECT 1 FROM ${SLICE_SCHEMA}.slice WHERE slice = $1`, [holding])).rowCount).toBe(0);
    expect(await childrenOf(other)).toEqual([uuid(52), uuid(53)]);
    // A database where no slice was ever stored: nothing to drop, and no error.
    const bare = new Client({ connectionString: (await createTestDatabase()).url });
    await bare.connect();
    try {
      await expect(dropStoredSlicesOf(bare, [uuid(51)])).resolves.toBeUndefined();
    } finally {
      await bare.end();
    }
  });

  it("keeps neither a foreign key nor an index on child_id, and takes them off an earlier version's tables", async () => {
    // What an earlier version created: the rows of a slice tied to it by a key, an index for the retention job.
    const earlierUrl = (await createTestDatabase()).url;
    const earlier = new Client({ connectionString: earlierUrl });
    await earlier.connect();
    const store = new PgSliceStore(earlierUrl, { purgeEveryMs: 0 });
    try {
      await earlier.query(`CREATE SCHEMA ${SLICE_SCHEMA}`);
      await earlier.query(`CREATE TABLE ${SLICE_SCHEMA}.slice (slice text PRIMARY KEY, size integer NOT NULL, used_at timestamptz NOT NULL)`);
      await earlier.query(
        `CREATE TABLE ${SLICE_SCHEMA}.slice_child (slice text NOT NULL REFERENCES ${SLICE_SCHEMA}.slice ON DELETE CASCADE, child_id uuid NOT NULL, PRIMARY KEY (slice, child_id))`,
      );
      await earlier.query(`CREATE INDEX slice_child_child_idx ON ${SLICE_SCHEMA}.slice_child (child_id)`);
      const key = await store.store([uuid(80), uuid(81)]);
      const shape = async (client: Client) => ({
        constraints: (await client.query(`SELECT contype FROM pg_constraint WHERE conrelid = '${SLICE_SCHEMA}.slice_child'::regclass ORDER BY 1`)).rows.map((r) => r.contype),
        indexes: (await client.query(`SELECT indexname FROM pg_indexes WHERE schemaname = '${SLICE_SCHEMA}' AND tablename = 'slice_child' ORDER BY 1`)).rows.map((r) => r.indexname),
      });
      expect(await shape(earlier)).toEqual({ constraints: ['p'], indexes: ['slice_child_pkey'] });
      expect(await shape(db)).toEqual({ constraints: ['p'], indexes: ['slice_child_pkey'] });
      expect((await earlier.query(`SELECT child_id FROM ${SLICE_SCHEMA}.slice_child WHERE slice = $1 ORDER BY 1`, [key])).rows.map((r) => r.child_id)).toEqual([uuid(80), uuid(81)]);
    } finally {
      await store.close();
      await earlier.end();
    }
  });

  it('purges the slices nobody stored or used for ten minutes, with their rows, and keeps the others', async () => {
    const old = await slices.store([uuid(40), uuid(41)]);
    const used = await slices.store([uuid(42)]);
    await db.query(`UPDATE ${SLICE_SCHEMA}.slice SET used_at = now() - interval '11 minutes' WHERE slice = $1`, [old]);
    await db.query(`UPDATE ${SLICE_SCHEMA}.slice SET used_at = now() - interval '9 minutes' WHERE slice = $1`, [used]);
    await slices.store([uuid(43)]); // purges beside it (purgeEveryMs 0)
    for (let i = 0; i < 50 && (await childrenOf(old)).length > 0; i++) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await childrenOf(old)).toEqual([]);
    expect((await db.query(`SELECT 1 FROM ${SLICE_SCHEMA}.slice WHERE slice = $1`, [old])).rowCount).toBe(0);
    expect(await childrenOf(used)).toEqual([uuid(42)]);
  });
});

describe('the scope resolver stores long slices', () => {
  // A school's slice rests on the partners subgraph's facts: asked of `local` when partners is self.
  const school: Principal = { sub: 'secretariat', partnerId: uuid(900), audience: 'school', scopes: [] };
  const ids = [uuid(1), uuid(2), uuid(3)];
  const resolver = (slices: SliceStore, storedSliceMin: number) =>
    createScopeResolver({ self: 'partners', local: async () => ids, peers: () => ({}), signingKey: 'k'.repeat(32), slices, storedSliceMin });

  it('from the threshold on, with the key the store answers', async () => {
    const keys: string[][] = [];
    const recording: SliceStore = { store: async (given) => (keys.push([...given]), 'the-key') };
    expect(await resolver(recording, 3).childScope(school)).toEqual<ChildScope>({ kind: 'children', ids, slice: 'the-key' });
    expect(keys).toEqual([ids]);
    expect(await resolver(recording, 4).childScope(school)).toEqual<ChildScope>({ kind: 'children', ids });
    expect(keys).toHaveLength(1);
  });

  it('sends the ids when the store fails', async () => {
    const failing: SliceStore = { store: () => Promise.reject(new Error('connection refused')) };
    expect(await resolver(failing, 1).childScope(school)).toEqual<ChildScope>({ kind: 'children', ids });
  });
});
