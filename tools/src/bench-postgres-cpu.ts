import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import type { Client } from 'pg';
import { isPostmaster, parseProcStat, serverCpuTicks, type ProcStat } from './bench-harness';

/**
 * The CPU time of the PostgreSQL server `npm run bench` runs against, all its processes together,
 * read from /proc — or why it cannot be: pg_stat_statements' execution time leaves out parsing,
 * planning and sending rows, most of what a small statement costs the server, and CPU time does not.
 */
export type PostgresCpu = { cpuMs: () => number } | { unavailable: string };

/** The process's stat, or undefined when it is gone (or not ours to read: hidepid). */
function readStat(pid: number): ProcStat | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch (error) {
    if (['ENOENT', 'ESRCH', 'EACCES', 'EPERM'].includes((error as NodeJS.ErrnoException).code ?? '')) return undefined;
    throw error;
  }
  return parseProcStat(text);
}

/** Clock ticks per second (/proc's unit of time): USER_HZ, 100 on every common Linux. */
function clockTicks(): number {
  const hz = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout?.trim());
  return Number.isInteger(hz) && hz > 0 ? hz : 100;
}

/** When the machine booted (seconds since the epoch), which /proc's start times count from. */
function bootTime(): number {
  const line = /^btime (\d+)$/m.exec(readFileSync('/proc/stat', 'utf8'));
  if (!line) throw new Error('/proc/stat has no btime line');
  return Number(line[1]);
}

/**
 * Finds the server behind `db`: its backend's parent is the postmaster, when it is one by its start
 * (isPostmaster); else the server is not on this machine.
 */
export async function postgresCpu(db: Client): Promise<PostgresCpu> {
  if (process.platform !== 'linux') return { unavailable: 'no /proc on this machine' };
  const row = (await db.query<{ pid: number; started: number }>('SELECT pg_backend_pid() AS pid, extract(epoch FROM pg_postmaster_start_time())::float8 AS started')).rows[0]!;
  const backend = readStat(row.pid);
  const postmaster = backend && readStat(backend.ppid);
  const hz = clockTicks();
  if (!isPostmaster(postmaster, row.started, { btime: bootTime(), hz })) return { unavailable: "the server's processes are not on this machine" };
  return {
    cpuMs: () => {
      const processes = readdirSync('/proc')
        .filter((name) => /^\d+$/.test(name))
        .map((name) => readStat(Number(name)))
        .filter((p): p is ProcStat => p !== undefined);
      return (serverCpuTicks(postmaster.pid, processes) * 1000) / hz;
    },
  };
}
