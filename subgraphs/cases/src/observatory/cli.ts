import { embeddedUrl, readConfig, readPseudonymKey, repoPath, runMain, startEmbeddedPostgres, ConfigError } from '@passerelle/common';
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { finished } from 'node:stream/promises';
import type { Writable } from 'node:stream';
import { Client } from 'pg';
import { exportObservatory } from './export';

/**
 * `npm run export:observatory -- --from YYYY-MM-DD --to YYYY-MM-DD [--out FILE]`: the
 * pseudonymised observatory export (see export.ts) as CSV, to FILE or to standard output.
 * Progress goes to standard error when it is a terminal. Exit codes: 0 done; 2 bad arguments
 * (one line naming the argument); 1 configuration or database error.
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

export class UsageError extends Error {}

const USAGE = 'usage: npm run export:observatory -- --from YYYY-MM-DD --to YYYY-MM-DD [--out FILE]';

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

/** Parses the command line; a UsageError names the offending argument. */
export function parseExportArguments(argv: readonly string[]): ExportArguments {
  const values: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const match = /^--(from|to|out)(?:=(.*))?$/.exec(arg);
    if (!match) throw new UsageError(arg.startsWith('--') ? `${arg.split('=')[0]}: unknown argument` : `${arg}: unexpected argument`);
    const name = match[1]!;
    const value = match[2] ?? argv[++i];
    if (value === undefined || value === '' || (match[2] === undefined && value.startsWith('--'))) throw new UsageError(`--${name}: a value is required`);
    if (name in values) throw new UsageError(`--${name}: given twice`);
    values[name] = value;
  }
  for (const name of ['from', 'to'] as const) {
    if (values[name] === undefined) throw new UsageError(`--${name}: required`);
    if (!isDay(values[name]!)) throw new UsageError(`--${name}: must be a date YYYY-MM-DD, got "${values[name]}"`);
  }
  if (values.from! > values.to!) throw new UsageError(`--to: must not be before --from (${values.from})`);
  return { from: values.from!, to: values.to!, out: values.out ?? null };
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
  try {
    args = parseExportArguments(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    err(`export:observatory: ${error.message} (${USAGE})`);
    return 2;
  }
  try {
    key = readPseudonymKey(env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    err(error.message);
    return 1;
  }
  let database: Awaited<ReturnType<typeof connect>>;
  try {
    database = await connect(env);
  } catch (error) {
    err(`database: ${(error as Error).message}`);
    return 1;
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
