// Before any test file: decide which PostgreSQL server the suite runs on. With DATABASE_URL,
// that server (CI's, at 127.0.0.1:5432); without it, an embedded PostgreSQL in a temporary
// folder on a free port — the same code path as `npm start` on a bare machine.
// Each test file then creates (and drops) its own database on that server.
import { chmod, mkdtemp } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
// Built by `npm test` before jest starts (the global setup runs outside jest's TypeScript
// transform, so it loads compiled code).
const { startEmbeddedPostgres, ensureDatabase } = require('../../subgraphs/common/dist/index.js');

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

export default async function globalSetup() {
  // Issue 17: every process of the run (this one, the jest workers, whatever a test starts)
  // records its outbound attempts here; the global teardown fails the run on any destination
  // outside loopback. The preload adds itself to NODE_OPTIONS, which the workers inherit.
  process.env.PASSERELLE_EGRESS_DIR = await mkdtemp(path.join(tmpdir(), 'passerelle-egress-'));
  require('./egress/preload.cjs');
  if (process.env.DATABASE_URL) {
    const url = new URL(process.env.DATABASE_URL);
    const database = url.pathname.slice(1) || 'postgres';
    url.pathname = '/postgres';
    await ensureDatabase(url.toString(), database);
    process.env.PASSERELLE_TEST_ADMIN_URL = process.env.DATABASE_URL;
    process.stderr.write(`\n[test] PostgreSQL server: ${url.host} (DATABASE_URL)\n`);
    return;
  }
  // A folder the unprivileged `postgres` user can write when tests run as root.
  const dir = await mkdtemp(path.join(tmpdir(), 'passerelle-test-pg-'));
  await chmod(dir, 0o755);
  const port = await freePort();
  const embedded = await startEmbeddedPostgres({ dir: path.join(dir, 'data'), port, database: 'passerelle_test' });
  globalThis.__PASSERELLE_EMBEDDED__ = { embedded, dir };
  process.env.PASSERELLE_TEST_ADMIN_URL = embedded.url;
  process.env.PASSERELLE_TEST_EMBEDDED = '1';
  process.stderr.write(`\n[test] PostgreSQL server: embedded on port ${port}\n`);
}
