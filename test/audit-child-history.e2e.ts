import {
  auditMigrations,
  auditSettingsFor,
  AuditWriter,
  CursorCodec,
  migrateAudit,
  purgeAuditLog,
  setCursorCodec,
  verifyAuditLog,
  type AuditRecord,
  type AuditSettings,
  type PageArgs,
} from '@passerelle/common';
import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { accessLogLoaders, searchAuditLog, type AuditSearch } from '../subgraphs/cases/src/audit/access-log.loaders';
import { createTestDatabase } from './support/database';

/**
 * A child's access history is read from `audit.access_log_child` (one row per child and record,
 * walked newest first): the side table must be exactly the log's children, written in the log's
 * own statement, emptied by the purge, out of the writer role's reach, and the readers must answer
 * what the log's `children @> ARRAY[child]` answered.
 */
const SECRET = 'audit-child-history-secret-audit-child-history';
const DAY = 86_400_000;

async function sql<T extends object = Record<string, unknown>>(url: string, text: string, params: unknown[] = [], options?: string): Promise<T[]> {
  const client = new Client({ connectionString: url, options });
  await client.connect();
  try {
    return (await client.query(text, params)).rows as T[];
  } finally {
    await client.end();
  }
}

const AS_WRITER = '-c role=passerelle_audit_writer';

function record(i: number, children: string[], at: Date, member = `member-${i % 3}`): AuditRecord {
  return {
    at,
    member,
    partnerId: `partner-${i % 2}`,
    audience: 'department',
    verified: true,
    claims: null,
    operationName: `Op${i}`,
    operationType: 'query',
    documentHash: createHash('sha256').update(`q${i}`).digest('hex'),
    children,
    categories: ['CHILD_IDENTITY'],
    outcome: 'ok',
  };
}

/** Rows of the side table that are not the log's (child, record) pairs, and pairs it lacks. */
async function mismatches(url: string): Promise<{ extra: number; missing: number }> {
  const [row] = await sql<{ extra: string; missing: string }>(
    url,
    `WITH pairs AS (SELECT DISTINCT c.id AS child_id, l.seq FROM audit.access_log l, unnest(l.children) AS c(id) WHERE c.id IS NOT NULL)
     SELECT (SELECT count(*) FROM (SELECT child_id, seq FROM audit.access_log_child EXCEPT ALL SELECT child_id, seq FROM pairs) e) AS extra,
            (SELECT count(*) FROM (SELECT child_id, seq FROM pairs EXCEPT ALL SELECT child_id, seq FROM audit.access_log_child) m) AS missing`,
  );
  return { extra: Number(row!.extra), missing: Number(row!.missing) };
}

describe('a child’s access history, newest first from audit.access_log_child', () => {
  let url: string;
  let drop: () => Promise<void>;
  let dir: string;
  let settings: AuditSettings;
  beforeEach(async () => {
    const database = await createTestDatabase();
    url = database.url;
    drop = database.drop;
    await migrateAudit(url);
    dir = mkdtempSync(path.join(tmpdir(), 'passerelle-audit-child-'));
    settings = auditSettingsFor(SECRET, dir);
  }, 60_000);
  afterEach(async () => {
    await drop();
    rmSync(dir, { recursive: true, force: true });
  });

  const write = async (records: AuditRecord[], writers = 1) => {
    const pool = Array.from({ length: writers }, () => new AuditWriter(url, { keys: settings.keys, checkpoints: settings.checkpoints }));
    const settled = await Promise.allSettled(records.map((r, i) => pool[i % writers]!.append(r)));
    await Promise.all(pool.map((w) => w.close()));
    return settled;
  };

  it('each record’s children are in the side table once, written by the writer’s own INSERT; the log has no GIN index left', async () => {
    const [a, b, c] = [randomUUID(), randomUUID(), randomUUID()];
    await write([record(1, [a, b], new Date()), record(2, [b, b, c], new Date()), record(3, [], new Date())]);
    // What a direct INSERT may hold that the writer never sends: NULL among the children.
    await sql(
      url,
      `INSERT INTO audit.access_log (at, member, partner_id, audience, operation_type, document_hash, children, categories, outcome, prev_hash, hash)
       VALUES (now(), 'm', 'p', 'department', 'query', '', ARRAY[$1::uuid, NULL, $1::uuid], '{}', 'ok', '', 'x')`,
      [c],
    );
    expect(await mismatches(url)).toEqual({ extra: 0, missing: 0 });
    const rows = await sql<{ child_id: string; n: string }>(url, `SELECT child_id, count(*) AS n FROM audit.access_log_child GROUP BY child_id`);
    expect(Object.fromEntries(rows.map((r) => [r.child_id, Number(r.n)]))).toEqual({ [a]: 1, [b]: 2, [c]: 2 });
    expect(await sql(url, `SELECT indexname FROM pg_indexes WHERE schemaname = 'audit' AND indexname = 'access_log_children_idx'`)).toEqual([]);
  });

  it('the migration fills the side table from the records already there, and the triggers go on from there', async () => {
    // A log as it stood before the side table: a fresh database migrated to the step before.
    const database = await createTestDatabase();
    try {
      const old = new DataSource({ type: 'postgres', url: database.url, schema: 'audit', migrations: auditMigrations.slice(0, 2), migrationsTableName: 'migrations', logging: false });
      await old.initialize();
      await old.query('CREATE SCHEMA IF NOT EXISTS audit');
      await old.runMigrations({ transaction: 'each' });
      await old.destroy();
      const writer = new AuditWriter(database.url, { keys: settings.keys, checkpoints: settings.checkpoints });
      const [a, b] = [randomUUID(), randomUUID()];
      await Promise.all([record(1, [a], new Date()), record(2, [a, b, a], new Date()), record(3, [], new Date())].map((r) => writer.append(r)));
      await writer.close();
      expect(await sql(database.url, `SELECT to_regclass('audit.access_log_child') AS t`)).toEqual([{ t: null }]);
      await migrateAudit(database.url);
      expect(await mismatches(database.url)).toEqual({ extra: 0, missing: 0 });
      const [{ n }] = (await sql<{ n: string }>(database.url, `SELECT count(*) AS n FROM audit.access_log_child`)) as [{ n: string }];
      expect(Number(n)).toBe(3);
      const after = new AuditWriter(database.url, { keys: settings.keys, checkpoints: settings.checkpoints });
      await after.append(record(4, [b], new Date()));
      await after.close();
      expect(await mismatches(database.url)).toEqual({ extra: 0, missing: 0 });
      expect(await sql(database.url, `SELECT child_id FROM audit.access_log_child WHERE child_id = $1 ORDER BY seq DESC LIMIT 1`, [b])).toEqual([{ child_id: b }]);
    } finally {
      await database.drop();
    }
  });

  it('a failed INSERT leaves nothing in the side table: its rows were there in the statement, and went with it', async () => {
    const child = randomUUID();
    // A check that runs after the side table’s trigger (triggers fire by name) and refuses the
    // statement; as the owner, since the writer role may not read the side table.
    await sql(
      url,
      `CREATE FUNCTION audit.refuse_after() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER AS $$
       BEGIN
         IF EXISTS (SELECT 1 FROM added WHERE operation_name = 'Refused') THEN
           RAISE EXCEPTION 'refused with % side rows', (SELECT count(*) FROM audit.access_log_child x JOIN added a ON a.seq = x.seq);
         END IF;
         RETURN NULL;
       END $$;
       CREATE TRIGGER zz_refuse_after AFTER INSERT ON audit.access_log REFERENCING NEW TABLE AS added
       FOR EACH STATEMENT EXECUTE FUNCTION audit.refuse_after();`,
    );
    const [refused] = await write([{ ...record(1, [child, randomUUID()], new Date()), operationName: 'Refused' }]);
    expect(refused).toMatchObject({ status: 'rejected', reason: expect.objectContaining({ message: 'refused with 2 side rows' }) });
    expect(await sql(url, `SELECT 1 FROM audit.access_log_child WHERE child_id = $1`, [child])).toEqual([]);
    expect(await sql(url, `SELECT 1 FROM audit.access_log WHERE operation_name = 'Refused'`)).toEqual([]);

    // In a transaction the writer's role rolls back: the rows were visible inside it, not after.
    const client = new Client({ connectionString: url });
    await client.connect();
    try {
      await client.query('BEGIN');
      await client.query('SET LOCAL ROLE passerelle_audit_writer');
      await client.query(
        `INSERT INTO audit.access_log (at, member, partner_id, audience, operation_type, document_hash, children, categories, outcome, prev_hash, hash)
         VALUES (now(), 'm', 'p', 'department', 'query', '', ARRAY[$1::uuid], '{}', 'ok', '', 'y')`,
        [child],
      );
      await client.query('RESET ROLE');
      expect((await client.query(`SELECT count(*)::int AS n FROM audit.access_log_child WHERE child_id = $1`, [child])).rows).toEqual([{ n: 1 }]);
      await client.query('ROLLBACK');
    } finally {
      await client.end();
    }
    expect(await sql(url, `SELECT 1 FROM audit.access_log_child WHERE child_id = $1`, [child])).toEqual([]);
    expect(await mismatches(url)).toEqual({ extra: 0, missing: 0 });
  });

  it('the purge removes the purged records’ rows and keeps the others; the log still verifies', async () => {
    const now = Date.now();
    const [kept, gone, both] = [randomUUID(), randomUUID(), randomUUID()];
    await write([
      ...Array.from({ length: 6 }, (_, i) => record(i, [gone, both], new Date(now - 400 * DAY + i))),
      ...Array.from({ length: 4 }, (_, i) => record(10 + i, [kept, both], new Date(now - 1000 + i))),
    ]);
    // A legacy record (no chain), old: the purge's other DELETE.
    await sql(
      url,
      `INSERT INTO audit.access_log (at, member, partner_id, audience, operation_type, document_hash, children, categories, outcome, prev_hash, hash)
       VALUES (now() - interval '500 days', 'm', 'p', 'department', 'query', '', ARRAY[$1::uuid], '{}', 'ok', '', 'legacy')`,
      [gone],
    );
    const report = await purgeAuditLog(url, settings, new Date(now - 365 * DAY));
    expect(report.removed).toBe(7);
    const rows = await sql<{ child_id: string; n: string }>(url, `SELECT child_id, count(*) AS n FROM audit.access_log_child GROUP BY child_id`);
    expect(Object.fromEntries(rows.map((r) => [r.child_id, Number(r.n)]))).toEqual({ [kept]: 4, [both]: 4 });
    expect(await mismatches(url)).toEqual({ extra: 0, missing: 0 });
    expect(await verifyAuditLog(url, { keys: settings.keys, checkpointDir: settings.checkpointDir })).toMatchObject({ problems: [] });
  });

  it('the writer role can neither write, change, remove nor read the side table, and has no DELETE, UPDATE or TRUNCATE anywhere in audit', async () => {
    const child = randomUUID();
    await write([record(1, [child], new Date())]);
    const [{ seq }] = (await sql<{ seq: string }>(url, `SELECT seq FROM audit.access_log_child WHERE child_id = $1`, [child])) as [{ seq: string }];
    for (const statement of [
      `DELETE FROM audit.access_log_child`,
      `UPDATE audit.access_log_child SET child_id = '${randomUUID()}'`,
      `INSERT INTO audit.access_log_child (child_id, seq) VALUES ('${randomUUID()}', ${seq})`,
      `TRUNCATE audit.access_log_child`,
      `SELECT * FROM audit.access_log_child`,
    ]) {
      await expect(sql(url, statement, [], AS_WRITER)).rejects.toThrow(/permission denied/);
    }
    await expect(sql(url, `DELETE FROM audit.access_log`, [], AS_WRITER)).rejects.toThrow(/permission denied/);
    const granted = await sql<{ relname: string; privilege: string }>(
      url,
      `SELECT c.relname, p.privilege FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         CROSS JOIN unnest(ARRAY['DELETE', 'UPDATE', 'TRUNCATE']) AS p(privilege)
        WHERE n.nspname = 'audit' AND c.relkind IN ('r', 'p') AND has_table_privilege('passerelle_audit_writer', c.oid, p.privilege)`,
    );
    expect(granted).toEqual([]);
    expect(await sql(url, `SELECT child_id FROM audit.access_log_child`)).toEqual([{ child_id: child }]);
  });

  it('audit:verify finds a record hidden from a child’s history, or shown in another child’s, by someone who controls the database', async () => {
    const [a, b] = [randomUUID(), randomUUID()];
    await write([record(1, [a], new Date()), record(2, [a, b], new Date()), record(3, [b], new Date())]);
    const verify = () => verifyAuditLog(url, { keys: settings.keys, checkpointDir: settings.checkpointDir });
    expect((await verify()).problems).toEqual([]);
    const [{ seq: second }] = (await sql<{ seq: string }>(url, `SELECT seq FROM audit.access_log WHERE operation_name = 'Op2'`)) as [{ seq: string }];
    const [{ seq: third }] = (await sql<{ seq: string }>(url, `SELECT seq FROM audit.access_log WHERE operation_name = 'Op3'`)) as [{ seq: string }];
    // As the owner: the side table has no trigger of its own, the log's records are untouched.
    await sql(url, `DELETE FROM audit.access_log_child WHERE child_id = $1 AND seq = $2`, [a, second]);
    await sql(url, `INSERT INTO audit.access_log_child (child_id, seq) VALUES ($1, $2)`, [a, third]);
    const { problems } = await verify();
    expect(problems.map((p) => [p.kind, p.seq, p.message.includes(a)])).toEqual(
      expect.arrayContaining([
        ['history-mismatch', Number(second), true],
        ['history-mismatch', Number(third), true],
      ]),
    );
    expect(problems).toHaveLength(2);
  });

  it('pages and cursors through each child’s history, with since and until, answer what the log’s children @> ARRAY[child] answered', async () => {
    const children = Array.from({ length: 8 }, () => randomUUID());
    const stranger = randomUUID();
    const now = Date.now();
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const records = Array.from({ length: 240 }, (_, i) => {
      const mine = Array.from({ length: 1 + Math.floor(random() * 4) }, () => children[Math.floor(random() * children.length)]!);
      // Times out of step with the order of the records (two chains, and clocks that differ).
      return record(i, mine, new Date(now - Math.floor(random() * 10 * DAY)), `member-${i % 3}`);
    });
    await write(records, 2);
    expect(await mismatches(url)).toEqual({ extra: 0, missing: 0 });

    const dataSource = new DataSource({ type: 'postgres', url, logging: false, extra: { max: 2 } });
    await dataSource.initialize();
    try {
      setCursorCodec(dataSource, CursorCodec.fromSigningKey(SECRET));
      /** The statement of before, per child: the page's seqs and whether more follow. */
      const before = async (child: string, first: number, since: Date | null, until: Date | null, after: string | null, member: string | null = null) => {
        const rows = await dataSource.query(
          `SELECT seq FROM audit.access_log
            WHERE children @> ARRAY[$1::uuid]
              AND ($2::timestamptz IS NULL OR at >= $2) AND ($3::timestamptz IS NULL OR at < $3)
              AND ($4::bigint IS NULL OR seq < $4::bigint) AND ($6::text IS NULL OR member = $6)
            ORDER BY seq DESC LIMIT $5`,
          [child, since, until, after, first + 1, member],
        );
        return { seqs: rows.slice(0, first).map((r: { seq: string }) => r.seq), more: rows.length > first };
      };
      const windows: [Date | null, Date | null][] = [
        [null, null],
        [new Date(now - 3 * DAY), null],
        [null, new Date(now - 6 * DAY)],
        [new Date(now - 8 * DAY), new Date(now - 2 * DAY)],
        [new Date(now + DAY), null],
      ];
      let pagesCompared = 0;
      for (const [since, until] of windows) {
        for (const first of [1, 3, 20]) {
          // Every child (and one with no record) asked together, as a page of children is.
          const after = new Map<string, string | null>([...children, stranger].map((c) => [c, null]));
          const lastSeq = new Map<string, string | null>([...children, stranger].map((c) => [c, null]));
          while (after.size > 0) {
            const loaders = accessLogLoaders(dataSource);
            const keys = [...after].map(([childId, cursor]) => ({ childId, args: { first, after: cursor } as PageArgs, since, until }));
            const pages = await loaders.accessLogByChild.loadMany(keys);
            for (const [i, key] of keys.entries()) {
              const page = pages[i];
              if (page instanceof Error) throw page;
              const expected = await before(key.childId, first, since, until, lastSeq.get(key.childId)!);
              expect({ child: key.childId, seqs: page!.nodes.map((n) => n.seq), more: page!.pageInfo.hasNextPage }).toEqual({ child: key.childId, ...expected });
              for (const node of page!.nodes) expect(node.children).toContain(key.childId);
              pagesCompared++;
              if (page!.pageInfo.hasNextPage) {
                after.set(key.childId, page!.pageInfo.endCursor);
                lastSeq.set(key.childId, page!.nodes.at(-1)!.seq);
              } else after.delete(key.childId);
            }
          }
        }
      }
      expect(pagesCompared).toBeGreaterThan(300);

      // The data-protection officer's search by child, alone and with a member, through its pages.
      for (const [since, until] of windows.slice(0, 4)) {
        for (const member of [null, 'member-1']) {
          for (const child of children.slice(0, 3)) {
            const search: AuditSearch = { member, partnerId: null, childId: child, since, until };
            let cursor: string | null = null;
            let last: string | null = null;
            for (;;) {
              const page = await searchAuditLog(dataSource, search, { first: 4, after: cursor } as PageArgs);
              const expected = await before(child, 4, since, until, last, member);
              expect({ seqs: page.nodes.map((n) => n.seq), more: page.pageInfo.hasNextPage }).toEqual(expected);
              if (!page.pageInfo.hasNextPage) break;
              cursor = page.pageInfo.endCursor;
              last = page.nodes.at(-1)!.seq;
            }
          }
        }
      }
      const none = await searchAuditLog(dataSource, { member: null, partnerId: null, childId: stranger, since: null, until: null }, { first: 5, after: null } as PageArgs);
      expect(none.nodes).toEqual([]);
      const all = await searchAuditLog(dataSource, { member: 'member-2', partnerId: null, childId: null, since: null, until: null }, { first: 500, after: null } as PageArgs);
      expect(all.nodes).toHaveLength(records.filter((r) => r.member === 'member-2').length);
    } finally {
      await dataSource.destroy();
    }
  }, 120_000);
});
