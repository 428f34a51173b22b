import { CASEWORKER_CHILDREN_QUERY, createScopeResolver, type ChangeListener, dropStoredSlicesOf, PgSliceStore, SLICE_SCHEMA, sliceKey, sliceMembership, type ChildScope, type Principal, type SliceStore } from '@passerelle/common';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
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
require('./scope-child-updates.e2e');
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
    // Taken again by its key (a team's last version), it is refused too; a key not stored is not there.
    expect(await slices.touch(key, 2)).toBe(false);
    expect(await slices.touch(key, 3)).toBe(true);
    expect(await slices.touch(sliceKey([uuid(32)]).key, 1)).toBe(false);
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
        // Keys only: PostgreSQL 18 lists NOT NULL constraints there too (contype 'n'), 15 does not.
        constraints: (await client.query(`SELECT contype FROM pg_constraint WHERE conrelid = '${SLICE_SCHEMA}.slice_child'::regclass AND contype IN ('p', 'f', 'u') ORDER BY 1`)).rows.map((r) => r.contype),
        indexes: (await client.query(`SELECT indexname FROM pg_indexes WHERE schemaname = '${SLICE_SCHEMA}' AND tablename = 'slice_child' ORDER BY 1`)).rows.map((r) => r.indexname),
      });
      expect(await shape(earlier)).toEqual({ constraints: ['p'], indexes: ['slice_child_pkey'] });
      // And tables created by this version (whether or not an earlier test of this file stored a slice).
      await slices.ensureTables();
      expect(await shape(db)).toEqual({ constraints: ['p'], indexes: ['slice_child_pkey'] });
      expect((await earlier.query(`SELECT child_id FROM ${SLICE_SCHEMA}.slice_child WHERE slice = $1 ORDER BY 1`, [key])).rows.map((r) => r.child_id)).toEqual([uuid(80), uuid(81)]);
    } finally {
      await store.close();
      await earlier.end();
    }
  });

  it('purges the slices nobody stored or used for two minutes, with their rows, and keeps the others', async () => {
    const old = await slices.store([uuid(40), uuid(41)]);
    const used = await slices.store([uuid(42)]);
    await db.query(`UPDATE ${SLICE_SCHEMA}.slice SET used_at = now() - interval '3 minutes' WHERE slice = $1`, [old]);
    await db.query(`UPDATE ${SLICE_SCHEMA}.slice SET used_at = now() - interval '100 seconds' WHERE slice = $1`, [used]);
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

describe("a caseworker's slice: the team's part stored apart, the member's own children beside its key", () => {
  const TEAM = [uuid(1), uuid(2), uuid(3), uuid(4)];
  let team = TEAM;
  let own: string[] = [];
  afterEach(() => {
    team = TEAM;
  });
  let cases: Server;
  let url: string;
  beforeAll(async () => {
    // The cases subgraph as a caseworker's slice's peer: the team's part (member null) and the member's.
    cases = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => (body += chunk));
      request.on('end', () => {
        const { variables } = JSON.parse(body) as { variables: { member: string | null } };
        response.setHeader('content-type', 'application/json');
        response.end(JSON.stringify({ data: { [CASEWORKER_CHILDREN_QUERY]: variables.member === null ? team : own } }));
      });
    });
    await new Promise<void>((resolve) => cases.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(cases.address() as AddressInfo).port}/graphql`;
  }, SETUP_TIMEOUT_MS);
  afterAll(() => new Promise<void>((resolve) => cases.close(() => resolve())));

  const caseworker: Principal = { sub: uuid(700), partnerId: uuid(800), audience: 'department', scopes: [], department: { role: 'CASEWORKER', teamId: uuid(801), communes: ['92012'] } };
  const resolver = (slices: SliceStore, storedSliceMin: number) =>
    createScopeResolver({ self: 'placements', local: async () => [], peers: () => ({ cases: url }), signingKey: 'k'.repeat(32), slices, storedSliceMin });

  it('stores the team alone and names the member\'s own children (référent, break-glass in force) beside it', async () => {
    const stored: string[][] = [];
    const recording: SliceStore = { store: async (given) => (stored.push([...given]), `key-of-${given.length}`) };
    own = [uuid(2), uuid(9), `${uuid(10)}@${Date.now() + 60_000}`, `${uuid(11)}@${Date.now() - 1}`];
    const scope = await resolver(recording, 3).childScope(caseworker);
    expect(stored).toEqual([team]);
    expect(scope).toEqual<ChildScope>({ kind: 'children', ids: [...team, uuid(9), uuid(10)], slice: 'key-of-4', beyond: [uuid(9), uuid(10)], without: [] });
    // A référent more: the member's part changes, the team's stored slice is the same key.
    own = [uuid(2), uuid(9), uuid(12)];
    expect(await resolver(recording, 3).childScope(caseworker)).toMatchObject({ slice: 'key-of-4', beyond: [uuid(9), uuid(12)] });
    expect(stored).toEqual([team, team]);
  });

  it('names a team that changed a little by the key its last version was stored under, and the children who joined or left', async () => {
    const calls: string[] = [];
    let present = true;
    const recording: SliceStore = {
      store: async (given) => (calls.push(`store ${given.length}`), `key-${given[0]}-${given.length}`),
      touch: async (key, size) => (calls.push(`touch ${key} ${size}`), present),
    };
    const r = resolver(recording, 3); // one resolver: it remembers the key each team last stored
    own = [uuid(9)];
    expect(await r.childScope(caseworker)).toMatchObject({ slice: `key-${uuid(1)}-4`, beyond: [uuid(9)], without: [] });
    // uuid(1) leaves the team, uuid(5) joins: the stored key again, the difference beside it.
    team = [uuid(2), uuid(3), uuid(4), uuid(5)];
    expect(await r.childScope(caseworker)).toEqual<ChildScope>({
      kind: 'children',
      ids: [uuid(2), uuid(3), uuid(4), uuid(5), uuid(9)],
      slice: `key-${uuid(1)}-4`,
      beyond: [uuid(5), uuid(9)],
      without: [uuid(1)],
    });
    expect(calls).toEqual(['store 4', `touch key-${uuid(1)}-4 4`]);
    // The stored key purged meanwhile: stored anew.
    present = false;
    calls.length = 0;
    expect(await r.childScope(caseworker)).toMatchObject({ slice: `key-${uuid(2)}-4`, beyond: [uuid(9)], without: [] });
    expect(calls).toEqual([`touch key-${uuid(1)}-4 4`, 'store 4']);
    // A team that changed by more than 64 children and 1 %: stored anew.
    present = true;
    team = Array.from({ length: 200 }, (_, i) => uuid(1000 + i));
    expect(await r.childScope(caseworker)).toMatchObject({ slice: `key-${uuid(1000)}-200`, without: [] });
    team = Array.from({ length: 200 }, (_, i) => uuid(1070 + i));
    calls.length = 0;
    expect(await r.childScope(caseworker)).toMatchObject({ slice: `key-${uuid(1070)}-200`, without: [] });
    expect(calls).toEqual(['store 200']);
  });

  it('takes a child created in the team\'s commune into its cached part, named beside the stored key: cases not asked, nothing stored again', async () => {
    const handlers: ((channel: string, payload: string) => void)[] = [];
    const listener = { listening: true, epoch: 1, sync: async () => true, onChange: (h: (c: string, p: string) => void) => handlers.push(h), onReset: () => undefined };
    const notify = (payload: string) => handlers.forEach((h) => h('passerelle_scope', payload));
    const calls: string[] = [];
    const recording: SliceStore = {
      store: async (given) => (calls.push(`store ${given.length}`), `key-${given.length}`),
      touch: async (key, size) => (calls.push(`touch ${key} ${size}`), true),
    };
    const r = createScopeResolver({
      self: 'placements', local: async () => [], peers: () => ({ cases: url }), signingKey: 'k'.repeat(32), slices: recording, storedSliceMin: 3,
      listener: listener as unknown as ChangeListener,
    });
    own = [uuid(9)];
    expect(await r.childScope(caseworker)).toMatchObject({ slice: 'key-4', beyond: [uuid(9)], without: [] });
    // What cases would answer now is not asked: the notification alone brings the child in.
    team = [...TEAM, uuid(5), uuid(99)];
    calls.length = 0;
    notify(`department:joined:92012:${uuid(5)}`);
    const joined = await r.childScope(caseworker);
    expect(joined).toEqual<ChildScope>({ kind: 'children', ids: [...TEAM, uuid(5), uuid(9)], slice: 'key-4', beyond: [uuid(5), uuid(9)], without: [] });
    expect(calls).toEqual(['touch key-4 4']);
    // Another commune's child, or one the part holds already: the same slice, nothing asked.
    notify(`department:joined:92013:${uuid(6)}`);
    notify(`department:joined:92012:${uuid(1)}`);
    notify(`department:joined:92012:${uuid(5)}`);
    expect(await r.childScope(caseworker)).toBe(joined);
    expect(calls).toEqual(['touch key-4 4']);
    // Two created before the next request: both beside the key.
    notify(`department:joined:92012:${uuid(7)}`);
    notify(`department:joined:92012:${uuid(8)}`);
    expect(await r.childScope(caseworker)).toMatchObject({ ids: [...TEAM, uuid(5), uuid(7), uuid(8), uuid(9)], slice: 'key-4', beyond: [uuid(5), uuid(7), uuid(8), uuid(9)], without: [] });
    expect(calls).toEqual(['touch key-4 4', 'touch key-4 4']);
    // Children created one by one past the difference named beside a key (64): stored anew, the ids compared.
    calls.length = 0;
    const many = Array.from({ length: 70 }, (_, i) => uuid(2000 + i));
    for (const id of many) notify(`department:joined:92012:${id}`);
    const grown = await r.childScope(caseworker);
    expect(grown).toMatchObject({ kind: 'children', ids: [...TEAM, uuid(5), uuid(7), uuid(8), ...many, uuid(9)], slice: 'key-77', beyond: [uuid(9)], without: [] });
    expect(calls).toEqual(['store 77']);
    // A notification that does not read (a malformed id): the département's parts dropped, cases asked again.
    notify('department:joined:92012:not-an-id');
    expect(await r.childScope(caseworker)).toMatchObject({ ids: [...TEAM, uuid(5), uuid(99), uuid(9)] });
  });

  it('stores the union as before when the team alone is under the threshold, and sends the ids when the store fails', async () => {
    const stored: string[][] = [];
    const recording: SliceStore = { store: async (given) => (stored.push([...given]), 'union-key') };
    own = [uuid(9)];
    expect(await resolver(recording, 5).childScope(caseworker)).toEqual<ChildScope>({ kind: 'children', ids: [...team, uuid(9)], slice: 'union-key' });
    expect(stored).toEqual([[...team, uuid(9)]]);
    const failing: SliceStore = { store: () => Promise.reject(new Error('connection refused')) };
    expect(await resolver(failing, 3).childScope(caseworker)).toEqual<ChildScope>({ kind: 'children', ids: [...team, uuid(9)] });
  });

  it('selects exactly the team and the member\'s own children in SQL', async () => {
    const databaseUrl = (await createTestDatabase()).url;
    const db = new Client({ connectionString: databaseUrl });
    await db.connect();
    const slices = new PgSliceStore(databaseUrl, { purgeEveryMs: 0 });
    try {
      own = [uuid(9), uuid(3), uuid(1)];
      const r = resolver(slices, 3);
      expect(await r.childScope(caseworker)).toMatchObject({ slice: sliceKey(team).key, beyond: [uuid(9)], without: [] });
      // uuid(1) and uuid(2) leave the team (uuid(1) stays the member's), uuid(6) joins.
      team = [uuid(3), uuid(4), uuid(6)];
      const scope = await r.childScope(caseworker);
      expect(scope).toMatchObject({ slice: sliceKey(TEAM).key, beyond: [uuid(6), uuid(9), uuid(1)], without: [uuid(1), uuid(2)] });
      const condition = sliceMembership(scope as { ids: string[]; slice?: string; beyond?: string[]; without?: string[] }, 'x');
      const sql = condition.sql.replace(':__scopeSlice', '$1').replace(':__scopeBeyond', '$2').replace(':__scopeWithout', '$4');
      const candidates = Array.from({ length: 12 }, (_, i) => uuid(i + 1));
      const { rows } = await db.query<{ x: string }>(`SELECT x FROM unnest($3::uuid[]) AS t(x) WHERE ${sql} ORDER BY x`, [
        condition.params.__scopeSlice,
        condition.params.__scopeBeyond,
        candidates,
        condition.params.__scopeWithout,
      ]);
      expect(rows.map((row) => row.x)).toEqual([uuid(1), uuid(3), uuid(4), uuid(6), uuid(9)]);
    } finally {
      await slices.close();
      await db.end();
    }
  });
});
