import { connectAndMigrate, createDatabase, createLog, readConfig, runMain, today, ConfigError } from '@passerelle/common';
import { parseArgs } from './args';
import { openDatabaseServer } from './database';
import { SUBGRAPHS } from './subgraphs';

/**
 * `npm run seed -- --children N [--today YYYY-MM-DD]`: replaces the demo data of every subgraph
 * with a world of N children (deterministic: the same N and day give the same rows).
 */
runMain(async () => {
  const args = parseArgs(process.argv.slice(2));
  const children = Number(args.children ?? readConfig(['SEED_CHILDREN']).SEED_CHILDREN);
  if (!Number.isInteger(children) || children < 0) throw new ConfigError('--children', 'must be a whole number');
  const day = typeof args.today === 'string' ? args.today : today();
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) throw new ConfigError('--today', 'must be a date YYYY-MM-DD');
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
