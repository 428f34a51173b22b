import { createLog, parseCommand, runMain, UsageError } from '@passerelle/common';
import { checkManifest, publishDocuments } from '@passerelle/gateway';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { openDatabaseServer } from './database';

/**
 * `npm run documents:publish -- app.json [--replace]`: registers a partner application's
 * documents (its persisted query manifest, with `app` and `audience`) as trusted documents. The
 * whole manifest is checked against the audience's contract first; a manifest with any problem
 * publishes nothing. `--replace` also removes the app's documents the manifest no longer lists.
 */
runMain(async () => {
  const { flags, positionals } = parseCommand(
    { command: 'npm run documents:publish', usage: 'app.json [--replace]', flags: { replace: 'boolean' }, positionals: { min: 1, max: 1, name: 'app.json' } },
    process.argv.slice(2),
  );
  const file = path.resolve(process.env.INIT_CWD ?? process.cwd(), positionals[0]!);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new UsageError(`npm run documents:publish: cannot read ${file}: ${(error as Error).message.split('\n')[0]}`);
  }
  const manifest = checkManifest(raw);
  const server = await openDatabaseServer(createLog('documents', 'error'));
  try {
    const report = await publishDocuments(server.url, manifest, { replace: flags.replace === true });
    process.stdout.write(
      `trusted documents of ${report.app} (audience ${report.audience}): ${report.added} added, ${report.kept} already registered${flags.replace ? `, ${report.removed} removed` : ''}\n`,
    );
  } finally {
    await server.stop();
  }
});
