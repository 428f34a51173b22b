import { rm } from 'node:fs/promises';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { readEgress, offending, describeEgress } = require('./egress/records.cjs');

export default async function globalTeardown() {
  const state = globalThis.__PASSERELLE_EMBEDDED__;
  if (state) {
    await state.embedded.stop();
    await rm(state.dir, { recursive: true, force: true });
  }
  await checkEgress();
}

/** Issue 17: the run fails if any process of it tried to reach anything but loopback. */
async function checkEgress() {
  const dir = process.env.PASSERELLE_EGRESS_DIR;
  if (!dir) return;
  const records = readEgress(dir);
  const bad = offending(records);
  const processes = new Set(records.map((r) => r.pid)).size;
  if (bad.length > 0) {
    throw new Error(
      `outbound attempts outside loopback during the tests (records kept in ${dir}):\n${describeEgress(bad)}`,
    );
  }
  process.stderr.write(`[test] egress: ${records.length} connection attempts from ${processes} processes, all loopback\n`);
  await rm(dir, { recursive: true, force: true });
}
