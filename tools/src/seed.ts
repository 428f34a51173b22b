import { connectAndMigrate, createDatabase, createLog, integerFlag, parseCommand, readConfig, runMain, today, UsageError } from '@passerelle/common';
import { openDatabaseServer } from './database';
import { SUBGRAPHS } from './subgraphs';

/**
 * `npm run seed -- --children N [--today YYYY-MM-DD]`: replaces the demo data of every subgraph
 * with a world of N children (deterministic: the same N and day give the same rows).
 */
runMain(async () => {
  const spec = { command: 'npm run seed', usage: '[--children N] [--today YYYY-MM-DD]', flags: { children: 'string', today: 'string' } } as const;
  const { flags } = parseCommand(spec, process.argv.slice(2));
  const children = integerFlag(spec, 'children', flags.children, readConfig(['SEED_CHILDREN']).SEED_CHILDREN);
  const day = flags.today ?? today();
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) throw new UsageError(`${spec.command}: --today must be a date YYYY-MM-DD, got "${day}"`);
  const log = createLog('seed');
  const server = await openDatabaseServer(log);
  const t0 = Date.now();
  try {
    for (const entry of SUBGRAPHS) {
      const db = createDatabase({
        url: server.url,
        schema: entry.definition.name,
        entities: entry.definition.entities,
        migrations: entry.definition.migrations,
      });
      await connectAndMigrate(db, server.url, log, { attempts: 1 });
      const started = Date.now();
      await entry.seed(db.dataSource, { children, today: day });
      log.info(`${entry.definition.name}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
      await db.dataSource.destroy();
    }
    log.info(`seeded ${children} children in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  } finally {
    await server.stop();
  }
});
