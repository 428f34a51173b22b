import { embeddedUrl, isExpectedFailure, parseCommand, readConfig, readPseudonymKey, repoPath, runMain, startEmbeddedPostgres, UsageError } from '@passerelle/common';
import { createWriteStream } from 'node:fs';
import { rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { finished } from 'node:stream/promises';
import type { Writable } from 'node:stream';
import { Client } from 'pg';
import { exportObservatory } from './export';

/**
 * `npm run export:observatory -- --from YYYY-MM-DD --to YYYY-MM-DD [--out FILE]`: the
 * pseudonymised observatory export (see export.ts) as CSV, to FILE or to standard output.
 * Progress goes to standard error when it is a terminal. Exit codes: 0 done; 2 an expected
 * failure (a bad argument, a missing --out folder, a bad configuration, no database or no case
 * data yet), in one line; 1 the export failed midway (nothing left under the final name).
 * Database: DATABASE_URL, else the embedded PostgreSQL of `npm start` (running or not).
 */

export interface Output {
  /** Where the CSV goes without --out. */
  stdout: Writable;
  /** Standard error: messages, and progress on a terminal. */
  stderr: { write(text: string): unknown };
  /** Whether standard error is a terminal (progress is shown only then). */
  tty: boolean;
}

const SPEC = {
  command: 'npm run export:observatory',
  usage: '--from YYYY-MM-DD --to YYYY-MM-DD [--out FILE]',
  flags: { from: 'string', to: 'string', out: 'string' },
} as const;

function isDay(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

export interface ExportArguments {
  from: string;
  to: string;
  out: string | null;
}

/** Parses the command line (the shared parser); a UsageError names the offending argument. */
export function parseExportArguments(argv: readonly string[]): ExportArguments {
  const { flags } = parseCommand(SPEC, argv);
  const fail = (message: string) => new UsageError(`${SPEC.command}: ${message} (usage: ${SPEC.command} -- ${SPEC.usage})`);
  for (const name of ['from', 'to'] as const) {
    const value = flags[name];
    if (value === undefined) throw fail(`--${name} is required`);
    if (!isDay(value)) throw fail(`--${name} must be a date YYYY-MM-DD, got "${value}"`);
  }
  if (flags.from! > flags.to!) throw fail(`--to must not be before --from (${flags.from})`);
  return { from: flags.from!, to: flags.to!, out: flags.out ?? null };
}

/** The folder --out writes into must exist (the export does not create folders). */
async function checkOutput(out: string): Promise<void> {
  const folder = path.dirname(path.resolve(out));
  const found = await stat(folder).catch(() => null);
  if (!found) throw new UsageError(`${SPEC.command}: --out ${out}: the folder ${folder} does not exist (create it first)`);
  if (!found.isDirectory()) throw new UsageError(`${SPEC.command}: --out ${out}: ${folder} is not a folder`);
  const existing = await stat(out).catch(() => null);
  if (existing?.isDirectory()) throw new UsageError(`${SPEC.command}: --out ${out} is a folder: give a file name`);
}

async function connect(env: Record<string, string | undefined>): Promise<{ client: Client; close(): Promise<void> }> {
  const config = readConfig(['DATABASE_URL', 'EMBEDDED_PG_PORT', 'EMBEDDED_PG_DIR'], env);
  const open = async (url: string) => {
    const client = new Client({ connectionString: url, connectionTimeoutMillis: 5000, application_name: 'passerelle-observatory-export' });
    await client.connect();
    return client;
  };
  if (config.DATABASE_URL) {
    const client = await open(config.DATABASE_URL);
    return { client, close: () => client.end() };
  }
  try {
    // `npm start` may be running: use its server rather than start a second one on the same folder.
    const client = await open(embeddedUrl(config.EMBEDDED_PG_PORT, 'passerelle'));
    return { client, close: () => client.end() };
  } catch {
    const embedded = await startEmbeddedPostgres({ dir: repoPath(config.EMBEDDED_PG_DIR), port: config.EMBEDDED_PG_PORT, database: 'passerelle' });
    const client = await open(embedded.url);
    return {
      client,
      close: async () => {
        await client.end();
        await embedded.stop();
      },
    };
  }
}

export async function runExport(argv: readonly string[], env: Record<string, string | undefined>, output: Output): Promise<number> {
  const err = (line: string) => output.stderr.write(`${line}\n`);
  let args: ExportArguments;
  let key: string;
  let database: Awaited<ReturnType<typeof connect>>;
  try {
    args = parseExportArguments(argv);
    if (args.out) await checkOutput(args.out);
    key = readPseudonymKey(env);
    database = await connect(env);
  } catch (error) {
    if (!isExpectedFailure(error)) {
      // A database that cannot be reached: still one line, never a stack trace.
      err(`${SPEC.command}: cannot reach the database (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
      return 2;
    }
    err(error.message);
    return 2;
  }
  try {
    const found = await database.client.query<{ child: string | null }>(`SELECT to_regclass('cases.child')::text AS child`);
    if (!found.rows[0]?.child) {
      err(`${SPEC.command}: no case data yet in this database: start the platform first (npm start), which creates and seeds it`);
      await database.close();
      return 2;
    }
  } catch (error) {
    err(`${SPEC.command}: ${(error as Error).message}`);
    await database.close();
    return 2;
  }
  // To a file: written aside, renamed when complete (never a half export under the final name).
  const partial = args.out ? `${args.out}.partial` : null;
  const out = partial ? createWriteStream(partial) : output.stdout;
  const started = Date.now();
  let last = 0;
  const progress = output.tty
    ? (children: number, total: number | null) => {
        if (Date.now() - last < 200) return;
        last = Date.now();
        const share = total ? ` / ${total} (${Math.floor((100 * children) / Math.max(total, 1))} %)` : '';
        output.stderr.write(`\r\x1b[Kexport:observatory: ${children}${share} children, ${((Date.now() - started) / 1000).toFixed(1)} s`);
      }
    : undefined;
  try {
    const summary = await exportObservatory(database.client, { from: args.from, to: args.to, key, out, progress, countFirst: output.tty });
    if (partial) {
      out.end();
      await finished(out);
      await rename(partial, args.out!);
    }
    if (output.tty) output.stderr.write('\r\x1b[K');
    err(`export:observatory: ${summary.rows} rows for ${summary.children} children (${args.from} to ${args.to}) in ${((Date.now() - started) / 1000).toFixed(1)} s${args.out ? ` → ${args.out}` : ''}`);
    return 0;
  } catch (error) {
    if (partial) {
      out.destroy();
      await rm(partial, { force: true });
    }
    err(`export:observatory: ${(error as Error).message}`);
    return 1;
  } finally {
    await database.close();
  }
}

if (require.main === module) {
  runMain(async () => {
    const code = await runExport(process.argv.slice(2), process.env, {
      stdout: process.stdout,
      stderr: process.stderr,
      tty: Boolean(process.stderr.isTTY),
    });
    process.exitCode = code;
  });
}
