import { spawnSync } from 'node:child_process';
import { existsSync, lstatSync, readdirSync, readlinkSync } from 'node:fs';
import { chmod, chown, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { cloneInto0700, commandEnv, expectOneLineFailure, freePort, runCommand, startCommand } from './support/clone';
import { SETUP_TIMEOUT_MS } from './support/timeouts';

/**
 * Issue 12, item 9: `npm start` in a clone inside a folder other users cannot traverse. As root
 * (this machine, most containers) the embedded PostgreSQL runs as the `postgres` user, which
 * could reach neither the binaries nor the data inside the repository: `spawn …/initdb EACCES`
 * as an unhandled 'error' event. Now the binaries and the data go where it can reach them, and
 * where even that cannot work the command stops with one line, exit code 2. Each test starts real
 * processes (the platform, PostgreSQL): each has the setup timeout, not the per-test one.
 */
const ROOT = process.getuid?.() === 0;
const STARTED = /Passerelle gateway: (http:\S+)/;

describe('a clone in a 0700 folder (as root: out of the postgres user’s reach)', () => {
  let top: string;
  let repo: string;
  let shared: string;
  let port: number;
  const env = (extra: Record<string, string | undefined> = {}) =>
    commandEnv({
      DATABASE_URL: undefined,
      EMBEDDED_PG_PORT: String(port),
      EMBEDDED_PG_SHARED: shared,
      GATEWAY_PORT: '0',
      CASES_PORT: '0',
      PLACEMENTS_PORT: '0',
      PARTNERS_PORT: '0',
      SEED_CHILDREN: '3',
      ...extra,
    });

  beforeAll(async () => {
    ({ top, repo } = await cloneInto0700());
    // Where the platform may put what the postgres user must reach (the default is /var/tmp/…).
    shared = await mkdtemp(path.join(tmpdir(), 'passerelle-shared-'));
    await chmod(shared, 0o755);
    port = await freePort();
  }, SETUP_TIMEOUT_MS);
  afterAll(async () => {
    if (top) await rm(top, { recursive: true, force: true });
    if (shared) await rm(shared, { recursive: true, force: true });
  });

  it('npm start works there; db:reset refuses while it runs, then removes the data wherever it went', async () => {
    const platform = await startCommand(repo, 'tools/dist/start.js', env(), STARTED);
    try {
      const gateway = STARTED.exec(platform.output())![1]!;
      expect((await fetch(new URL('/ready', gateway))).status).toBe(200);
      // The token command it prints works against that database.
      const token = runCommand(repo, 'tools/dist/token.js', ['--audience', 'department', '--partner', /--partner (\S+)/.exec(platform.output())![1]!], env());
      expect({ status: token.status, stderr: token.stderr }).toMatchObject({ status: 0 });
      expect(token.stdout.trim()).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
      expectOneLineFailure(runCommand(repo, 'tools/dist/db-reset.js', [], env()), /db:reset: the embedded PostgreSQL is running .*: stop the platform first/);
      expect(existsSync(path.join(repo, '.data/postgres/PG_VERSION'))).toBe(true);
    } finally {
      platform.child.kill('SIGTERM');
      expect(await platform.exited).toBe(0);
    }
    expect(platform.output()).not.toMatch(/EACCES|Unhandled 'error'|^\s+at /m);
    if (ROOT) {
      // The data lives in the shared folder; the repository's data folder links to it.
      expect(lstatSync(path.join(repo, '.data/postgres')).isSymbolicLink()).toBe(true);
      expect(readlinkSync(path.join(repo, '.data/postgres')).startsWith(shared)).toBe(true);
    }
    const reset = runCommand(repo, 'tools/dist/db-reset.js', [], env());
    expect(reset.status).toBe(0);
    expect(existsSync(path.join(repo, '.data/postgres'))).toBe(false);
    if (ROOT) expect(reset.stdout).toContain(shared);
  }, SETUP_TIMEOUT_MS);

  it('the embedded PostgreSQL of `npm test` (data in a temporary folder) starts from there too', async () => {
    const data = await mkdtemp(path.join(tmpdir(), 'passerelle-test-pg-'));
    await chmod(data, 0o755);
    try {
      const script = `
        const { startEmbeddedPostgres } = require(${JSON.stringify(path.join(repo, 'subgraphs/common/dist/index.js'))});
        const { Client } = require('pg');
        (async () => {
          const server = await startEmbeddedPostgres({ dir: ${JSON.stringify(path.join(data, 'data'))}, port: ${await freePort()}, database: 'passerelle_test' });
          const client = new Client({ connectionString: server.url });
          await client.connect();
          const { rows } = await client.query('SELECT current_database() AS db');
          await client.end();
          await server.stop();
          process.stdout.write(rows[0].db + '\\n');
        })().catch((error) => { process.stderr.write(String(error.message) + '\\n'); process.exit(2); });`;
      const result = spawnSync(process.execPath, ['-e', script], { cwd: repo, env: env(), encoding: 'utf8', timeout: 120_000 });
      expect({ status: result.status, stdout: result.stdout, stderr: result.stderr }).toEqual({ status: 0, stdout: 'passerelle_test\n', stderr: '' });
    } finally {
      await rm(data, { recursive: true, force: true });
    }
  }, SETUP_TIMEOUT_MS);

  (ROOT ? it : it.skip)('where nothing the postgres user can reach is available: one line, exit code 2', () => {
    // The shared folder is inside the 0700 folder too: neither binaries nor data can be reached.
    const result = runCommand(repo, 'tools/dist/start.js', [], env({ EMBEDDED_PG_SHARED: path.join(top, 'shared'), EMBEDDED_PG_DIR: '.data/elsewhere' }));
    expectOneLineFailure(result, /the postgres user the embedded PostgreSQL runs as \(root may not\) can reach neither .*: set EMBEDDED_PG_SHARED to a folder every user can traverse, move the repository to one, or set DATABASE_URL$/);
    expect(result.stdout).toBe('');
  }, SETUP_TIMEOUT_MS);

  (ROOT ? it : it.skip)('a shared folder someone else made (anyone can create one in /var/tmp) is refused, not used', async () => {
    const foreign = await mkdtemp(path.join(tmpdir(), 'passerelle-foreign-'));
    try {
      await chown(foreign, 65534, 65534); // nobody
      const result = runCommand(repo, 'tools/dist/start.js', [], env({ EMBEDDED_PG_SHARED: foreign, EMBEDDED_PG_DIR: '.data/foreign' }));
      expectOneLineFailure(result, /\(EMBEDDED_PG_SHARED\) is not a folder of this user's: remove it, or set EMBEDDED_PG_SHARED to another folder$/);
      expect(readdirSync(foreign)).toEqual([]);
    } finally {
      await rm(foreign, { recursive: true, force: true });
    }
  }, SETUP_TIMEOUT_MS);
});
