import { ConfigError, readConfig, repoPath, runMain } from '@passerelle/common';
import { rm } from 'node:fs/promises';
import { Client } from 'pg';
import { parseArgs } from './args';
import { SUBGRAPHS } from './subgraphs';

/**
 * `npm run db:reset`: wipes the embedded PostgreSQL's data folder, so the next `npm start`
 * initialises, migrates and seeds afresh. With DATABASE_URL it drops the three subgraph schemas
 * instead, and only when asked twice (`-- --yes`): that server may hold more than demo data.
 */
runMain(async () => {
  const config = readConfig(['DATABASE_URL', 'EMBEDDED_PG_DIR']);
  if (!config.DATABASE_URL) {
    const dir = repoPath(config.EMBEDDED_PG_DIR);
    await rm(dir, { recursive: true, force: true });
    process.stdout.write(`removed ${dir}\n`);
    return;
  }
  if (parseArgs(process.argv.slice(2)).yes !== true) {
    throw new ConfigError('DATABASE_URL', 'is set: add `-- --yes` to drop the cases, placements and partners schemas there');
  }
  const client = new Client({ connectionString: config.DATABASE_URL });
  await client.connect();
  try {
    for (const { definition } of SUBGRAPHS) {
      await client.query(`DROP SCHEMA IF EXISTS "${definition.name}" CASCADE`);
      process.stdout.write(`dropped schema ${definition.name}\n`);
    }
  } finally {
    await client.end();
  }
});
