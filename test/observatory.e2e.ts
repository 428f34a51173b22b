import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { COMMUNES, DEVELOPMENT_PSEUDONYM_KEY, pseudonymize } from '@passerelle/common';
import { Client } from 'pg';
import { runExport } from '../subgraphs/cases/src/observatory/cli';
import { exportObservatory, OBSERVATORY_COLUMNS } from '../subgraphs/cases/src/observatory/export';
import { startTestStack, type TestStack } from './support/stack';
import { SETUP_TIMEOUT_MS } from './support/timeouts';

const ALL_TIME = ['--from', '2000-01-01', '--to', '2026-11-30'];
const SEEDED_COMMUNES = COMMUNES.map((c) => c.code);
const EVENTS = new Set(['CONCERN_RECEIVED', 'EVALUATION_CONCLUDED', 'MEASURE_IN_FORCE', 'MEASURE_STARTED', 'MEASURE_ENDED', 'MEASURE_LIFTED']);

function collector() {
  const chunks: string[] = [];
  return { write: (text: string) => chunks.push(text), text: () => chunks.join('') };
}

describe('the observatory export (npm run export:observatory)', () => {
  let stack: TestStack;
  let dir: string;
  let client: Client;
  beforeAll(async () => {
    stack = await startTestStack({ children: 300 });
    dir = await mkdtemp(path.join(tmpdir(), 'observatory-'));
    client = new Client({ connectionString: stack.databaseUrl });
    await client.connect();
  }, SETUP_TIMEOUT_MS);
  afterAll(async () => {
    await client?.end();
    await stack?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const run = async (argv: string[], env: Record<string, string | undefined> = {}) => {
    const stderr = collector();
    const stdout = new PassThrough();
    const chunks: Buffer[] = [];
    stdout.on('data', (c: Buffer) => chunks.push(c));
    const code = await runExport(argv, { DATABASE_URL: stack.databaseUrl, ...env }, { stdout, stderr, tty: false });
    return { code, stderr: stderr.text(), stdout: Buffer.concat(chunks).toString('utf8') };
  };

  it('writes a whole seeded world in which no child’s first names, last name or birth date appear', async () => {
    const file = path.join(dir, 'all.csv');
    const result = await run([...ALL_TIME, '--out', file]);
    expect(result.stderr).toMatch(/^export:observatory: \d+ rows for \d+ children/);
    expect(result.code).toBe(0);
    await expect(stat(`${file}.partial`)).rejects.toThrow();
    const text = await readFile(file, 'utf8');

    const children = (await client.query<{ id: string; first_names: string; last_name: string; birth: string; commune_code: string }>(
      `SELECT id, first_names, last_name, to_char(birth_date, 'YYYY-MM-DD') AS birth, commune_code FROM cases.child`,
    )).rows;
    const guardians = (await client.query<{ first_names: string; last_name: string }>(`SELECT first_names, last_name FROM cases.guardian`)).rows;
    expect(children.length).toBe(300);
    // Event dates are dates too, and some fall on somebody's birthday: birth dates are looked for
    // everywhere but in the event date column — and, child by child, in none of its own events.
    const lines = text.trimEnd().split('\n');
    const withoutEventDates = lines.map((l) => l.split(',').map((v, k) => (k === 5 ? '' : v)).join(',')).join('\n');
    const found: string[] = [];
    const scan = (needle: string, what: string, haystack = text) => {
      if (needle.length > 0 && haystack.includes(needle)) found.push(`${what}: ${needle}`);
    };
    for (const c of children) {
      scan(c.first_names, 'first names');
      for (const token of c.first_names.split(/[\s-]+/)) scan(token, 'first name');
      scan(c.last_name, 'last name');
      scan(c.last_name.toUpperCase(), 'last name in capitals');
      const [y, m, d] = c.birth.split('-');
      scan(c.birth, 'birth date', withoutEventDates);
      scan(`${d}/${m}/${y}`, 'birth date');
      scan(`${y}${m}${d}`, 'birth date');
      const own = pseudonymize(DEVELOPMENT_PSEUDONYM_KEY, c.id);
      if (lines.some((l) => l.startsWith(own) && l.includes(c.birth))) found.push(`an event of a child on its birth date: ${c.birth}`);
      scan(c.id, 'record id');
    }
    for (const g of guardians) {
      scan(g.first_names, 'guardian first names');
      scan(g.last_name, 'guardian last name');
    }
    expect(found).toEqual([]);

    // The shape: the header, then events with pseudonym, birth month, sex, commune code (INSEE).
    expect(lines[0]).toBe(OBSERVATORY_COLUMNS.join(','));
    const rows = lines.slice(1).map((l) => l.split(','));
    expect(rows.length).toBeGreaterThan(300);
    for (const r of rows) {
      expect(r).toHaveLength(8);
      const [pseudonym, birthMonth, sex, commune, event, day, kind] = r as [string, string, string, string, string, string, string];
      expect(pseudonym).toMatch(/^[0-9a-f]{64}$/);
      expect(birthMonth).toMatch(/^\d{4}-\d{2}$/);
      expect(['F', 'M', 'X']).toContain(sex);
      expect(SEEDED_COMMUNES).toContain(commune);
      expect(EVENTS).toContain(event);
      expect(day).toMatch(/^\d{4}-\d{2}(-\d{2})?$/);
      if (day.length === 7) expect(day).toBe(birthMonth); // the month only, within the birth month
      expect(kind).toMatch(/^[A-Z_0-9]+$/);
    }
    // The commune is the child's commune of residence, the same on every line of a child.
    const communeOf = new Map(children.map((c) => [pseudonymize(DEVELOPMENT_PSEUDONYM_KEY, c.id), c.commune_code]));
    for (const r of rows) expect(r[3]).toBe(communeOf.get(r[0]!));
    expect(new Set(rows.map((r) => r[3])).size).toBeGreaterThan(5);
    // One pseudonym per child having an event, no more, no fewer.
    const expected = await client.query<{ n: string }>(`SELECT count(*) AS n FROM (
        SELECT child_id FROM cases.concern_child UNION SELECT child_id FROM cases.measure WHERE status <> 'PROPOSED') x`);
    expect(new Set(rows.map((r) => r[0])).size).toBe(Number(expected.rows[0]!.n));
  });

  it('the pseudonym is stable for one key, and another key gives other pseudonyms', async () => {
    const period = ['--from', '2026-01-01', '--to', '2026-06-30'];
    const a = await run(period);
    const b = await run(period);
    const other = await run(period, { PSEUDONYM_KEY: 'another-departement-key-another-departement-key' });
    expect(a.code).toBe(0);
    expect(a.stdout).toBe(b.stdout);
    const pseudonyms = (csv: string) => new Set(csv.trimEnd().split('\n').slice(1).map((l) => l.split(',')[0]));
    expect(pseudonyms(a.stdout).size).toBeGreaterThan(5);
    expect([...pseudonyms(a.stdout)].filter((p) => pseudonyms(other.stdout).has(p))).toEqual([]);
  });

  it('streams in batches: the same file with batches of 7 rows as with batches of 2 000', async () => {
    const write = async (batchSize: number) => {
      const out = new PassThrough();
      const chunks: Buffer[] = [];
      out.on('data', (c: Buffer) => chunks.push(c));
      await exportObservatory(client, { from: '2000-01-01', to: '2026-11-30', key: 'k'.repeat(32), out, batchSize });
      return Buffer.concat(chunks).toString('utf8');
    };
    expect(await write(7)).toBe(await write(2000));
  });

  it('bad arguments: one line naming the argument, exit code 2, nothing written', async () => {
    for (const [argv, message] of [
      [['--to', '2026-01-01'], '--from is required'],
      [['--from', '2026-01-01'], '--to is required'],
      [['--from', '2026-02-30', '--to', '2026-03-01'], '--from must be a date YYYY-MM-DD, got "2026-02-30"'],
      [['--from', '2026-03-01', '--to', '2026-01-01'], '--to must not be before --from'],
      [['--from', '2026-01-01', '--to', '2026-03-01', '--out'], '--out needs a value'],
      [['--from', '2026-01-01', '--to', '2026-03-01', '--format', 'xml'], 'unknown argument --format'],
    ] as const) {
      const result = await run([...argv]);
      expect(result.code).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr.split('\n').filter(Boolean)).toHaveLength(1);
      expect(result.stderr).toContain(message);
    }
  });

  it('as a command: exit code 2 on a bad argument, and on the development key in production', () => {
    const cli = path.resolve(__dirname, '../subgraphs/cases/dist/observatory/cli.js');
    const bad = spawnSync(process.execPath, [cli, '--from', 'yesterday', '--to', '2026-01-01'], { encoding: 'utf8', env: { ...process.env, DATABASE_URL: stack.databaseUrl } });
    expect(bad.status).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toContain('--from must be a date');
    const production = spawnSync(process.execPath, [cli, '--from', '2026-01-01', '--to', '2026-01-31'], {
      encoding: 'utf8',
      env: { ...process.env, DATABASE_URL: stack.databaseUrl, NODE_ENV: 'production', PSEUDONYM_KEY: '' },
    });
    expect(production.status).toBe(2);
    expect(production.stderr.trim().split('\n')).toHaveLength(1);
    expect(production.stderr).toMatch(/PSEUDONYM_KEY must be set/);
    expect(production.stdout).toBe('');
  });
});
