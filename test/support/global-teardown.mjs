import { rm } from 'node:fs/promises';

export default async function globalTeardown() {
  const state = globalThis.__PASSERELLE_EMBEDDED__;
  if (!state) return;
  await state.embedded.stop();
  await rm(state.dir, { recursive: true, force: true });
}
