import { dropDatabase, ensureDatabase } from '@passerelle/common';
import { randomBytes } from 'node:crypto';

/**
 * A database of its own for one test file, on the server the suite runs on (DATABASE_URL, or
 * the embedded one global-setup started). Dropped by `drop()`.
 */
export async function createTestDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const admin = process.env.PASSERELLE_TEST_ADMIN_URL;
  if (!admin) throw new Error('PASSERELLE_TEST_ADMIN_URL is not set: run the tests with `npm test`');
  const name = `passerelle_t_${randomBytes(5).toString('hex')}`;
  await ensureDatabase(admin, name);
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => dropDatabase(admin, name) };
}
