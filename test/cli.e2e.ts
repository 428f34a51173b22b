import { partnerId, REPO_ROOT } from '@passerelle/common';
import { seededSchoolUai } from '@passerelle/partners';
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { startStack } from '../tools/src/stack';
import { commandEnv, expectOneLineFailure, runCommand } from './support/clone';
import { createTestDatabase } from './support/database';
import { SETUP_TIMEOUT_MS } from './support/timeouts';

/**
 * Issue 12, item 10: every command (the built ones, as `npm run …` runs them) refuses unknown
 * flags, and every expected failure is one line and exit code 2, never a stack trace.
 */

/** A server nobody listens on: a command that reached for a database would fail differently. */
const NOWHERE = 'postgres://postgres@127.0.0.1:1/nowhere';

/** Every command package.json's scripts run (`node <script>.js`): a new one is covered at once. */
const COMMANDS = [
  ...new Set(
    Object.values((JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts).flatMap((script) =>
      [...script.matchAll(/\bnode (\S+\.js)\b/g)].map((m) => m[1]!),
    ),
  ),
].sort();

/** Runs a built command without blocking the test process (several at once). */
function run(script: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(REPO_ROOT, script), ...args], { cwd: REPO_ROOT, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    child.once('close', (status) => resolve({ status, stdout, stderr }));
  });
}

async function inBatches<T, R>(items: readonly T[], size: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += size) out.push(...(await Promise.all(items.slice(i, i + size).map(work))));
  return out;
}

describe('every command refuses what it does not know', () => {
  it('an unknown flag: one line naming it, exit code 2, nothing done', async () => {
    const env = commandEnv({ DATABASE_URL: NOWHERE });
    expect(COMMANDS).toEqual(expect.arrayContaining(['tools/dist/seed.js', 'tools/dist/audit-purge.js', 'subgraphs/partners/dist/import/cli.js']));
    const results = await inBatches(COMMANDS, 3, async (script) => ({ script, ...(await run(script, ['--kids', '5'], env)) }));
    for (const result of results) {
      const lines = result.stderr.split('\n').filter(Boolean);
      expect({ script: result.script, status: result.status, lines, stdout: result.stdout }).toEqual({
        script: result.script,
        status: 2,
        lines: [expect.stringMatching(/^npm (run [\w:-]+|start): unknown argument --kids \(usage: .*\)$/)],
        stdout: '',
      });
    }
  }, SETUP_TIMEOUT_MS);

  // Every other shape (missing values, switches given values, stray words) is the shared parser's: cli.test.ts.
  it('a malformed value or a stray word: one line, exit code 2', async () => {
    const env = commandEnv({ DATABASE_URL: NOWHERE });
    const cases: [string, string[], RegExp][] = [
      ['tools/dist/seed.js', ['--children', 'five'], /^npm run seed: --children must be a whole number from 0, got "five"$/],
      ['tools/dist/token.js', ['--audience', 'school', '--partner', 'x', '--ttl', '-5'], /^npm run token: --ttl must be a whole number from 1, got "-5"$/],
      ['tools/dist/token.js', ['--audience', 'nobody', '--partner', 'x'], /^npm run token: --audience must be one of .*, got "nobody"$/],
      ['subgraphs/partners/dist/import/cli.js', ['a.csv', 'b.csv'], /^npm run import:partners: one FILE\.csv expected, got 2/],
      ['tools/dist/report-activity.js', ['--year', '1800'], /^npm run report:activity: --year must be from 1990 to the current year, got 1800 \(usage: .*\)$/],
      ['tools/dist/retention.js', ['--dry-run', '--today', '2026-13-45'], /^npm run retention: --today 2026-13-45 is not a date \(YYYY-MM-DD\)$/],
      ['tools/dist/retention.js', ['--batch', '0'], /^npm run retention: --batch 0 is not a number of children from 1 to 50000$/],
      ['tools/dist/report-activity.js', ['--year', '2025', '--audience', 'school'], /^npm run report:activity: --audience must be department \(exact\) or analyst \(small cells suppressed\), got "school"/],
      ['tools/dist/bench.js', ['--sizes', '1000,lots'], /^npm run bench: --sizes has "lots", which it does not take$/],
      ['tools/dist/bench.js', ['--gateways', 'P,X'], /^npm run bench: --gateways has "X", which it does not take$/],
      ['tools/dist/bench.js', ['--duration', '0'], /^npm run bench: --duration must be a whole number from 1, got "0"$/],
      ['tools/dist/bench.js', ['--workload', 'no-such-workload.json'], /^npm run bench: cannot read the workload file no-such-workload\.json \(ENOENT\)$/],
      ['tools/dist/bench.js', ['--workloads', 'W99'], /^npm run bench: --workloads has "W99", which it does not take$/],
      ['tools/dist/bench.js', ['--out', 'no-such-folder/bench.md'], /^npm run bench: --out no-such-folder\/bench\.md: no folder .*no-such-folder$/],
    ];
    const results = await inBatches(cases, 3, async ([script, args]) => run(script, args, env));
    results.forEach((result, i) => {
      const lines = result.stderr.split('\n').filter(Boolean);
      expect({ status: result.status, lines }).toEqual({ status: 2, lines: [expect.stringMatching(cases[i]![2])] });
    });
  }, SETUP_TIMEOUT_MS);
});

describe('expected failures of the commands that use a database', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let dir: string;
  beforeAll(async () => {
    database = await createTestDatabase();
    dir = await mkdtemp(path.join(tmpdir(), 'passerelle-cli-'));
  }, SETUP_TIMEOUT_MS);
  afterAll(async () => {
    await database?.drop();
    await rm(dir, { recursive: true, force: true });
  });
  const env = (extra: Record<string, string | undefined> = {}) => commandEnv({ DATABASE_URL: database.url, ...extra });

  it('audit:verify and the observatory export on a database the platform never started on: "start the platform first"', () => {
    expectOneLineFailure(runCommand(REPO_ROOT, 'tools/dist/audit-verify.js', [], env()), /^npm run audit:verify: no audit log yet in database passerelle_t_\w+: start the platform first \(npm start\)$/);
    const exported = runCommand(REPO_ROOT, 'subgraphs/cases/dist/observatory/cli.js', ['--from', '2026-01-01', '--to', '2026-03-31'], env());
    expectOneLineFailure(exported, /^npm run export:observatory: no case data yet in this database: start the platform first/);
    expect(exported.stdout).toBe('');
    const report = runCommand(REPO_ROOT, 'tools/dist/report-activity.js', ['--year', '2025'], env());
    expectOneLineFailure(report, /^npm run report:activity: no case data yet in this database: start the platform first/);
    expect(report.stdout).toBe('');
    const retention = runCommand(REPO_ROOT, 'tools/dist/retention.js', ['--dry-run'], env());
    expectOneLineFailure(retention, /^npm run retention: no case data yet \(or migrations not run\): start the platform once with `npm start`$/);
    expect(retention.stdout).toBe('');
  }, SETUP_TIMEOUT_MS);

  it('the export into a folder that does not exist: one line naming it, nothing written', () => {
    const out = path.join(dir, 'missing', 'odpe.csv');
    expectOneLineFailure(
      runCommand(REPO_ROOT, 'subgraphs/cases/dist/observatory/cli.js', ['--from', '2026-01-01', '--to', '2026-03-31', '--out', out], env()),
      new RegExp(`--out ${out.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: the folder .*missing does not exist \\(create it first\\)$`),
    );
    expect(existsSync(path.dirname(out))).toBe(false);
  }, SETUP_TIMEOUT_MS);

  it('a database server that does not answer: one line, not a driver stack', () => {
    expectOneLineFailure(runCommand(REPO_ROOT, 'tools/dist/seed.js', ['--children', '3'], env({ DATABASE_URL: NOWHERE })), /cannot reach the PostgreSQL server of DATABASE_URL at 127\.0\.0\.1:1 \(ECONNREFUSED\)/);
    expectOneLineFailure(runCommand(REPO_ROOT, 'tools/dist/db-reset.js', ['--yes'], env({ DATABASE_URL: NOWHERE })), /cannot reach the database at 127\.0\.0\.1:1 \(ECONNREFUSED\)/);
  }, SETUP_TIMEOUT_MS);

  it('db:reset while the platform uses the database refuses, and drops nothing', async () => {
    const session = new Client({ connectionString: database.url });
    await session.connect();
    try {
      await session.query('CREATE SCHEMA IF NOT EXISTS cases');
      expectOneLineFailure(runCommand(REPO_ROOT, 'tools/dist/db-reset.js', ['--yes'], env()), /^npm run db:reset: 1 other session\(s\) use database passerelle_t_\w+ \(is the platform running\?\): stop it first/);
      const kept = await session.query(`SELECT 1 FROM pg_namespace WHERE nspname = 'cases'`);
      expect(kept.rowCount).toBe(1);
    } finally {
      await session.end();
    }
  }, SETUP_TIMEOUT_MS);

  it('db:reset while the embedded PostgreSQL runs on its folder refuses, and removes nothing', async () => {
    const folder = path.join(dir, 'postgres');
    await mkdir(folder);
    // A live process id, as PostgreSQL writes it in postmaster.pid.
    await writeFile(path.join(folder, 'postmaster.pid'), `${process.pid}\n${folder}\n`);
    await writeFile(path.join(folder, 'PG_VERSION'), '18\n');
    expectOneLineFailure(
      runCommand(REPO_ROOT, 'tools/dist/db-reset.js', [], env({ DATABASE_URL: undefined, EMBEDDED_PG_DIR: folder })),
      new RegExp(`^npm run db:reset: the embedded PostgreSQL is running on .* \\(process ${process.pid}, port \\d+\\): stop the platform first`),
    );
    expect(existsSync(path.join(folder, 'PG_VERSION'))).toBe(true);
  }, SETUP_TIMEOUT_MS);

  it('partners imported before the first start: the start still seeds the demo partners, and the printed token commands work', async () => {
    const imported = runCommand(REPO_ROOT, 'subgraphs/partners/dist/import/cli.js', [path.join(REPO_ROOT, 'subgraphs/partners/samples/partners-44.csv')], env());
    expect({ status: imported.status, stderr: imported.stderr }).toEqual({ status: 0, stderr: '' });
    const stack = await startStack({ databaseUrl: database.url, seed: { children: 5, today: '2026-11-01' } });
    try {
      for (const partner of [partnerId('DEPARTMENT', 0), seededSchoolUai(0)]) {
        const token = runCommand(REPO_ROOT, 'tools/dist/token.js', ['--audience', partner.includes('-') ? 'department' : 'school', '--partner', partner], env());
        expect({ partner, status: token.status }).toEqual({ partner, status: 0 });
      }
      // The imported institutions are still there.
      const client = new Client({ connectionString: database.url });
      await client.connect();
      const rows = await client.query(`SELECT uai FROM partners.partner WHERE uai = '0442001L'`);
      await client.end();
      expect(rows.rowCount).toBe(1);
    } finally {
      await stack.stop();
    }
  }, SETUP_TIMEOUT_MS);
});
