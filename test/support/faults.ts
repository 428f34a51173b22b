import { spawn, type ChildProcess } from 'node:child_process';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Waits for `ready()` to hold, polling every `everyMs`; throws after `timeoutMs` with `what`. */
export async function until(what: string, ready: () => Promise<boolean>, timeoutMs = 60_000, everyMs = 100): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await ready().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

/** A PostgreSQL server the test starts, stops and restarts on the same port and data. */
export class ControlledPostgres {
  private child?: ChildProcess;

  private constructor(
    readonly dir: string,
    readonly port: number,
  ) {}

  static async create(): Promise<ControlledPostgres> {
    const dir = await mkdtemp(path.join(tmpdir(), 'passerelle-fault-pg-'));
    // As root the server runs as the unprivileged `postgres` user, who must reach the folder.
    await chmod(dir, 0o755);
    return new ControlledPostgres(dir, await freePort());
  }

  get url(): string {
    return `postgres://postgres:passerelle@127.0.0.1:${this.port}/passerelle_fault`;
  }

  async start(): Promise<void> {
    const child = spawn(process.execPath, [path.join(__dirname, 'postgres-process.cjs'), path.join(this.dir, 'data'), String(this.port)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    await new Promise<void>((resolve, reject) => {
      child.stdout!.on('data', (chunk: Buffer) => {
        if (chunk.toString().includes('ready')) resolve();
      });
      child.once('exit', (code) => reject(new Error(`PostgreSQL did not start (exit ${code}): ${stderr}`)));
    });
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    this.child = undefined;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  }

  async remove(): Promise<void> {
    await this.stop();
    await rm(this.dir, { recursive: true, force: true });
  }
}
