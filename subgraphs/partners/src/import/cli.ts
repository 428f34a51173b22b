import { connectAndMigrate, createDatabase, createLog, isExpectedFailure, parseCommand, readConfig, repoPath, runMain, startEmbeddedPostgres, type Database } from '@passerelle/common';
import { readFile } from 'node:fs/promises';
import { partnersSubgraph } from '../server';
import { importPartners } from './importer';

/**
 * `npm run import:partners -- FILE`: imports a CSV of institutions into the registry (all or
 * nothing), prints what it did, and every refused row with its line. Exit code 0 when imported,
 * 1 when rows were refused (nothing written), 2 on a usage or database error.
 * Database: DATABASE_URL, else the embedded PostgreSQL of `npm start` (running or not).
 */

export interface Output {
  out(line: string): void;
  err(line: string): void;
}

const SPEC = { command: 'npm run import:partners', usage: 'FILE.csv', flags: {}, positionals: { min: 1, max: 1, name: 'FILE.csv' } } as const;

/** The embedded server's URL as common/embedded.ts builds it (postgres user, fixed local password). */
const embeddedUrl = (port: number) => `postgres://postgres:passerelle@127.0.0.1:${port}/passerelle`;

async function connect(url: string): Promise<Database> {
  const db = createDatabase({ url, schema: 'partners', entities: partnersSubgraph.entities, migrations: partnersSubgraph.migrations, poolSize: 2 });
  await connectAndMigrate(db, url, createLog('import', 'error'), { attempts: 1 });
  return db;
}

async function openDatabase(env: Record<string, string | undefined>): Promise<{ db: Database; close(): Promise<void> }> {
  const config = readConfig(['DATABASE_URL', 'EMBEDDED_PG_PORT', 'EMBEDDED_PG_DIR'], env);
  if (config.DATABASE_URL) {
    const db = await connect(config.DATABASE_URL);
    return { db, close: () => db.dataSource.destroy() };
  }
  try {
    // `npm start` may be running: use its server rather than start a second one on the same folder.
    const db = await connect(embeddedUrl(config.EMBEDDED_PG_PORT));
    return { db, close: () => db.dataSource.destroy() };
  } catch {
    const embedded = await startEmbeddedPostgres({ dir: repoPath(config.EMBEDDED_PG_DIR), port: config.EMBEDDED_PG_PORT, database: 'passerelle' });
    const db = await connect(embedded.url);
    return {
      db,
      close: async () => {
        await db.dataSource.destroy();
        await embedded.stop();
      },
    };
  }
}

export async function runImport(argv: string[], env: Record<string, string | undefined>, output: Output): Promise<number> {
  let file: string;
  try {
    file = parseCommand(SPEC, argv).positionals[0]!;
  } catch (error) {
    if (!isExpectedFailure(error)) throw error;
    output.err(error.message);
    return 2;
  }
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    output.err(`${SPEC.command}: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
    return 2;
  }
  let database: Awaited<ReturnType<typeof openDatabase>>;
  try {
    database = await openDatabase(env);
  } catch (error) {
    output.err(isExpectedFailure(error) ? error.message : `${SPEC.command}: cannot reach the database (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
    return 2;
  }
  try {
    const report = await importPartners(database.db.dataSource, bytes);
    if (report.rejected.length > 0) {
      for (const r of report.rejected) output.err(`${file}:${r.line}: ${r.reason}`);
      output.err(`${report.rejected.length} of ${report.rows} row(s) rejected: nothing imported`);
      return 1;
    }
    output.out(`${file}: ${report.rows} row(s): ${report.created} created, ${report.updated} updated, ${report.unchanged} unchanged`);
    return 0;
  } finally {
    await database.close();
  }
}

if (require.main === module) {
  runMain(async () => {
    process.exitCode = await runImport(process.argv.slice(2), process.env, {
      out: (line) => process.stdout.write(`${line}\n`),
      err: (line) => process.stderr.write(`${line}\n`),
    });
  });
}
