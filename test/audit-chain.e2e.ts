import {
  auditSettingsFor,
  checkpointDirFor,
  AuditWriter,
  migrateAudit,
  purgeAuditLog,
  verifyAuditLog,
  type AuditRecord,
  type AuditSettings,
} from '@passerelle/common';
import { spawnSync } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { appendFileSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { createTestDatabase } from './support/database';

/**
 * The audit log against someone who controls the database (superuser, triggers off), but not
 * the audit key nor the checkpoint directory: each tampering is found by the verifier and by
 * `npm run audit:verify` (exit 1), a clean log passes (exit 0).
 */
const SECRET = 'audit-chain-test-secret-audit-chain-test-secret';

async function sql<T extends object = Record<string, unknown>>(url: string, text: string, params: unknown[] = [], setup?: string): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    if (setup) await client.query(setup);
    return (await client.query(text, params)).rows as T[];
  } finally {
    await client.end();
  }
}

/** Tampering as a superuser: the append-only trigger is off for the session. */
const tamper = (url: string, text: string, params: unknown[] = []) => sql(url, text, params, 'SET session_replication_role = replica');

function record(i: number, at = new Date()): AuditRecord {
  return {
    at,
    member: `member-${i % 3}`,
    partnerId: randomUUID(),
    audience: 'department',
    verified: true,
    claims: { sub: `member-${i % 3}`, audience: 'department', exp: 1_900_000_000 },
    operationName: `Op${i}`,
    operationType: 'query',
    documentHash: createHash('sha256').update(`q${i}`).digest('hex'),
    children: [randomUUID()],
    categories: ['CHILD_IDENTITY'],
    outcome: 'ok',
  };
}

interface World {
  url: string;
  /** AUDIT_CHECKPOINT_DIR as the commands get it. */
  base: string;
  settings: AuditSettings;
  drop(): Promise<void>;
}

async function world(): Promise<World> {
  const database = await createTestDatabase();
  await migrateAudit(database.url);
  const dir = mkdtempSync(path.join(tmpdir(), 'passerelle-audit-chain-'));
  return {
    url: database.url,
    // The writer checkpoints in this database's own folder under the base the commands are given.
    settings: auditSettingsFor(SECRET, checkpointDirFor(dir, database.url)),
    base: dir,
    async drop() {
      await database.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A writer appends `n` records (concurrently: group commit), checkpoints, and closes. */
async function write(w: World, n: number, at?: (i: number) => Date): Promise<string> {
  const writer = new AuditWriter(w.url, { keys: w.settings.keys, checkpoints: w.settings.checkpoints });
  await Promise.all(Array.from({ length: n }, (_, i) => writer.append(record(i, at?.(i)))));
  await writer.close();
  return writer.chain;
}

const verify = (w: World) => verifyAuditLog(w.url, { keys: w.settings.keys, checkpointDir: w.settings.checkpointDir });

function cli(w: World, script: 'audit-verify' | 'audit-purge', args: string[] = []) {
  return spawnSync(process.execPath, [path.resolve(__dirname, `../tools/dist/${script}.js`), ...args], {
    env: { ...process.env, DATABASE_URL: w.url, AUDIT_CHAIN_KEY: SECRET, AUDIT_CHECKPOINT_DIR: w.base },
    encoding: 'utf8',
  });
}

describe('the keyed audit chain', () => {
  let w: World;
  beforeEach(async () => {
    w = await world();
  }, 60_000);
  afterEach(() => w?.drop());

  it('a clean log is whole: the verifier and `npm run audit:verify` (exit 0) say so', async () => {
    await write(w, 30);
    const report = await verify(w);
    expect(report).toMatchObject({ records: 30, chains: 1, problems: [], broken: null });
    expect(report.checkpoints).toBeGreaterThanOrEqual(1);
    const run = cli(w, 'audit-verify');
    expect(run.stdout).toMatch(/30 records in 1 chains/);
    expect(run.stdout).toContain('audit log whole');
    expect(run.status).toBe(0);
  });

  it('what an attacker sends (U+0000, lone surrogates, huge texts in a name or a forged token) is recorded, and fails no one else’s record', async () => {
    const writer = new AuditWriter(w.url, { keys: w.settings.keys, checkpoints: w.settings.checkpoints });
    const hostile: AuditRecord = {
      ...record(1),
      verified: false,
      member: 'x\u0000y',
      operationName: `Fuzz\u0000${'a'.repeat(5_000)}`,
      claims: { sub: 'a\u0000b', 'k\u0000': ['\ud800', { deep: { deeper: { deepest: { more: { most: { end: 'x' } } } } } }], n: 1 },
    };
    const others = Array.from({ length: 10 }, (_, i) => record(i + 2));
    // In one batch with the hostile record: every append must commit.
    await Promise.all([writer.append(hostile), ...others.map((r) => writer.append(r))]);
    await writer.close();
    const rows = await sql<{ member: string; operation_name: string; claims: Record<string, unknown> }>(
      w.url,
      `SELECT member, operation_name, claims FROM audit.access_log WHERE verified = false`,
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]!.member).toBe('x\uFFFDy');
    expect(rows[0]!.operation_name.startsWith('Fuzz\uFFFDaaa')).toBe(true);
    expect(rows[0]!.operation_name.length).toBeLessThanOrEqual(513);
    expect(JSON.stringify(rows[0]!.claims)).not.toContain('\\u0000');
    expect(await verify(w)).toMatchObject({ records: 11, problems: [] });
  });

  it('the checkpoints of another database under the same AUDIT_CHECKPOINT_DIR are not read as this one’s deleted chains', async () => {
    const other = await createTestDatabase();
    try {
      await migrateAudit(other.url);
      const elsewhere = auditSettingsFor(SECRET, checkpointDirFor(w.base, other.url));
      const writer = new AuditWriter(other.url, { keys: elsewhere.keys, checkpoints: elsewhere.checkpoints });
      await Promise.all(Array.from({ length: 5 }, (_, i) => writer.append(record(i))));
      await writer.close();
      await write(w, 10);
      const run = cli(w, 'audit-verify');
      expect(run.stdout).toContain('audit log whole');
      expect(run.status).toBe(0);
    } finally {
      await other.drop();
    }
  });

  it('deleting the newest records is found: the chain ends before its signed checkpoint', async () => {
    const chain = await write(w, 20);
    await tamper(w.url, `DELETE FROM audit.access_log WHERE chain = $1 AND chain_seq > 17`, [chain]);
    const report = await verify(w);
    expect(report.problems).toEqual([expect.objectContaining({ kind: 'deleted-tail', chain, seq: 18 })]);
    const run = cli(w, 'audit-verify');
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('audit log TAMPERED');
    expect(run.stdout).toMatch(/deleted-tail: .*records 18 to 20/);
  });

  it('deleting a whole chain is found from its checkpoints', async () => {
    const chain = await write(w, 5);
    await tamper(w.url, `DELETE FROM audit.access_log WHERE chain = $1`, [chain]);
    expect((await verify(w)).problems).toEqual([expect.objectContaining({ kind: 'deleted-tail', chain })]);
  });

  it('rewriting a suffix with recomputed plain SHA-256 links is found: the MACs need the key', async () => {
    const chain = await write(w, 20);
    const rows = await sql<{ seq: string; chain_seq: string; prev_hash: string }>(
      w.url,
      `SELECT seq, chain_seq, prev_hash FROM audit.access_log WHERE chain = $1 AND chain_seq >= 15 ORDER BY chain_seq`,
      [chain],
    );
    // What an attacker without the key can do: change the records and chain them again with sha256.
    let previous = rows[0]!.prev_hash;
    for (const row of rows) {
      const hash = createHash('sha256').update(`${previous}|someone-else|${row.chain_seq}`).digest('hex');
      await tamper(w.url, `UPDATE audit.access_log SET member = 'someone-else', prev_hash = $2, hash = $3 WHERE seq = $1`, [row.seq, previous, hash]);
      previous = hash;
    }
    const report = await verify(w);
    expect(report.problems.length).toBeGreaterThan(0);
    expect(report.problems.every((p) => p.kind === 'mac-mismatch' && p.chain === chain && p.seq! >= 15)).toBe(true);
    expect(report.problems.map((p) => p.seq)).toEqual(expect.arrayContaining([15, 16, 17, 18, 19, 20]));
    expect(cli(w, 'audit-verify').status).toBe(1);
  });

  it('editing a record in the middle is found', async () => {
    const chain = await write(w, 20);
    await tamper(w.url, `UPDATE audit.access_log SET outcome = 'error:FORBIDDEN' WHERE chain = $1 AND chain_seq = 10`, [chain]);
    expect((await verify(w)).problems).toEqual([expect.objectContaining({ kind: 'mac-mismatch', chain, seq: 10 })]);
  });

  it('removing a record from the middle, or the oldest ones outside a purge, is found', async () => {
    // Older than a minute: a hole among the last minute's records may be INSERTs still committing.
    const chain = await write(w, 20, (i) => new Date(Date.now() - 300_000 + i));
    await tamper(w.url, `DELETE FROM audit.access_log WHERE chain = $1 AND chain_seq IN (1, 2, 9)`, [chain]);
    const kinds = (await verify(w)).problems.map((p) => [p.kind, p.seq]);
    expect(kinds).toEqual([
      ['deleted-head', 3],
      ['gap', 10],
    ]);
  });

  it('a forged checkpoint (not signed with the key) is reported', async () => {
    const chain = await write(w, 3);
    const [file] = readdirSync(w.settings.checkpointDir);
    appendFileSync(path.join(w.settings.checkpointDir, file!), `${JSON.stringify({ chain, seq: 1, head: 'x', at: new Date().toISOString(), kind: 'cut', sig: '00' })}\n`);
    expect((await verify(w)).problems).toEqual([expect.objectContaining({ kind: 'bad-checkpoint' })]);
  });

  it('two writers (two gateway replicas) appending at once on one database: every record is there exactly once, the log is whole', async () => {
    const writers = [0, 1].map(() => new AuditWriter(w.url, { keys: w.settings.keys, checkpoints: w.settings.checkpoints }));
    const n = 300;
    const appended = await Promise.all(
      Array.from({ length: n }, (_, i) => writers[i % 2]!.append({ ...record(i), operationName: `Replica${i}` })),
    );
    await Promise.all(writers.map((writer) => writer.close()));
    expect(new Set(appended).size).toBe(n);
    const rows = await sql<{ operation_name: string; n: string }>(
      w.url,
      `SELECT operation_name, count(*) AS n FROM audit.access_log GROUP BY operation_name`,
    );
    expect(rows).toHaveLength(n);
    expect(rows.every((r) => Number(r.n) === 1)).toBe(true);
    const report = await verify(w);
    expect(report).toMatchObject({ records: n, chains: 2, problems: [] });
  });

  it('an INSERT that fails among others in flight: its callers get the error, the others are there once, the log verifies', async () => {
    const writer = new AuditWriter(w.url, { keys: w.settings.keys, checkpoints: w.settings.checkpoints, maxBatch: 1, maxInFlight: 4 });
    // One record's INSERT fails whatever is around it (the writer stores only what the columns
    // hold, so the failure is the database's own: a trigger refuses that row).
    await sql(
      w.url,
      `CREATE FUNCTION audit.refuse_batch5() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN IF NEW.operation_name = 'Batch5' THEN RAISE EXCEPTION 'refused for the test'; END IF; RETURN NEW; END $$;
       CREATE TRIGGER refuse_batch5 BEFORE INSERT ON audit.access_log FOR EACH ROW EXECUTE FUNCTION audit.refuse_batch5();`,
    );
    const results = await Promise.allSettled(
      Array.from({ length: 40 }, (_, i) => writer.append({ ...record(i, new Date(Date.now() - 300_000)), operationName: `Batch${i}`, member: `m${i}` })),
    );
    await writer.close();
    expect(results.filter((r) => r.status === 'rejected')).toHaveLength(1);
    expect(results[5]!.status).toBe('rejected');
    const rows = await sql<{ operation_name: string; n: string }>(w.url, `SELECT operation_name, count(*) AS n FROM audit.access_log GROUP BY operation_name`);
    expect(rows).toHaveLength(39);
    expect(rows.every((r) => Number(r.n) === 1)).toBe(true);
    // Records older than a minute: a hole would be a problem, unless the writer voided it.
    const report = await verify(w);
    expect(report).toMatchObject({ records: 39, problems: [] });
    expect(report.warnings.filter((x) => /not yet committed/.test(x))).toEqual([]);
  });

  it('the purge removes what is older than the retention, keeps the rest verifiable from a signed cut, and is recorded', async () => {
    const day = 86_400_000;
    const now = Date.now();
    // 10 records 400 days old, then 10 of today, in one chain; a second chain entirely old.
    const mixed = await write(w, 20, (i) => new Date(i < 10 ? now - 400 * day + i : now - 20 + i));
    const old = await write(w, 4, (i) => new Date(now - 500 * day + i));
    const report = await purgeAuditLog(w.url, w.settings, new Date(now - 365 * day));
    expect(report.removed).toBe(14);
    expect(report.cuts).toEqual(expect.arrayContaining([{ chain: mixed, seq: 10 }, { chain: old, seq: 4 }]));
    const remaining = await sql<{ chain: string; n: string }>(w.url, `SELECT chain, count(*) AS n FROM audit.access_log GROUP BY chain`);
    expect(Object.fromEntries(remaining.map((r) => [r.chain, Number(r.n)]))).toEqual({ [mixed]: 10, [report.recordedIn]: 1 });
    const [purge] = await sql<{ kind: string; member: string; detail: { removed: number; cutoff: string } }>(
      w.url,
      `SELECT kind, member, detail FROM audit.access_log WHERE kind = 'purge'`,
    );
    expect(purge).toMatchObject({ kind: 'purge', member: expect.stringMatching(/^operator:/), detail: { removed: 14 } });
    expect(await verify(w)).toMatchObject({ problems: [], records: 11 });

    // Removing more of the oldest, outside a purge, is still found: the chain no longer starts at its cut.
    await tamper(w.url, `DELETE FROM audit.access_log WHERE chain = $1 AND chain_seq = 11`, [mixed]);
    expect((await verify(w)).problems).toEqual([expect.objectContaining({ kind: 'deleted-head', chain: mixed, seq: 12 })]);
  });

  it('`npm run audit:purge` keeps AUDIT_RETENTION_DAYS and refuses a retention outside 180–1095 days', async () => {
    await write(w, 3, () => new Date(Date.now() - 800 * 86_400_000));
    const refused = cli(w, 'audit-purge', ['--days', '30']);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain('AUDIT_RETENTION_DAYS must be a whole number from 180 to 1095');
    const run = cli(w, 'audit-purge', ['--days', '365']);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/removed 3 records/);
    expect(run.status).toBe(0);
    expect(cli(w, 'audit-verify').status).toBe(0);
  });
});
