import { createLog, integerFlag, parseCommand, runMain, today } from '@passerelle/common';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { Client } from 'pg';
import { benchToken, openBenchWorld } from './bench-world';
import { chooseVariables, chooseWho, ISSUE_14_WORKLOADS } from './workloads';

/**
 * `npm run bench:policy:load -- [--children N] [--seconds S] [--rounds R] [--keep] [--profile DIR]`: what the
 * gateway's access policy costs under load, on the four partner workloads of issue 14
 * (tools/src/workloads.ts: W1 a school lists 20 pupils with enrolments; W2 the département opens
 * one child's file across the three subgraphs; W3 a children's judge lists 50 children with
 * measures and placements; W4 the département lists 100 children with placements and
 * enrolments), each as the first seeded institution of its kind and its member 0, W2's child
 * chosen in the database as `npm run bench` does. Each runs against the gateway with its policy
 * enforced (token, directory, contract, limits, field rules, audit, signed principal) and with it
 * off (`policy: 'off'`, the same gateway and signing without the checks, serving every request as
 * the principal the directory gives the workload's member): requests per second at
 * 20 connections, the gateways' CPU time per request, p50 at 1. Both gateways run in a process of
 * their own (bench-gateways.ts), the
 * subgraphs and this load in this one. Prints figures; asserts nothing.
 * With `--profile DIR`, the gateways' process runs under `node --cpu-prof` and leaves its V8 CPU
 * profile in DIR; only the 20-connection rounds with the policy on are then run.
 */
interface Run {
  /** Answers with data and no error, per second. */
  rps: number;
  /** CPU time of the gateways' process per answer (ms): steadier than RPS on a shared machine. */
  cpu: number;
  p50: number;
  p95: number;
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

/** Requests that failed in every run so far (printed with the figures). */
let failed = 0;

/** `connections` loops sending the same request for `seconds`; only answers with data and no error count. */
async function load(url: string, body: string, headers: Record<string, string>, connections: number, seconds: number, pid?: number): Promise<Run> {
  const times: number[] = [];
  const cpu0 = cpuOf(pid);
  const until = performance.now() + seconds * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (performance.now() < until) {
        const t0 = performance.now();
        const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
        const answer = (await response.json()) as { data?: unknown; errors?: unknown[] };
        if (!answer.errors && answer.data) times.push(performance.now() - t0);
        if (answer.errors || !answer.data) {
          // Counted and shown once, not fatal: a shared machine under load times statements out.
          if (failed++ === 0) process.stderr.write(`a request failed: ${JSON.stringify(answer.errors ?? answer).slice(0, 300)}\n`);
        }
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  times.sort((a, b) => a - b);
  return { rps: times.length / elapsed, cpu: (cpuOf(pid) - cpu0) / times.length, p50: pct(times, 50), p95: pct(times, 95) };
}

/** A process's user + system CPU time so far (ms), from /proc (NaN where there is none). */
function cpuOf(pid: number | undefined): number {
  if (pid === undefined) return NaN;
  try {
    // Fields 14 and 15 (utime, stime) after the command's closing parenthesis, in clock ticks (100 Hz).
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return NaN;
  }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;

runMain(async () => {
  const spec = {
    command: 'npm run bench:policy:load',
    usage: '[--children N] [--seconds S] [--rounds R] [--keep] [--profile DIR]',
    flags: { children: 'string', seconds: 'string', rounds: 'string', keep: 'boolean', profile: 'string' },
  } as const;
  const { flags } = parseCommand(spec, process.argv.slice(2));
  const children = integerFlag(spec, 'children', flags.children, 1000, 1);
  const seconds = integerFlag(spec, 'seconds', flags.seconds, 5, 1);
  const rounds = integerFlag(spec, 'rounds', flags.rounds, 3, 1);
  const profile = typeof flags.profile === 'string' ? path.resolve(flags.profile) : null;
  const log = createLog('bench', 'error');
  const world = await openBenchWorld({ database: 'passerelle_bench_policy', children, keep: flags.keep === true, today: today(), log });
  const { stack } = world;
  // Who each workload runs as, and its variables, chosen in the database as `npm run bench` does.
  const db = new Client({ connectionString: world.url.toString() });
  await db.connect();
  const workloads = await Promise.all(
    ISSUE_14_WORKLOADS.map(async (w) => ({ ...w, as: await chooseWho(w, 'first', db), values: await chooseVariables(w, db) })),
  ).finally(() => db.end());
  const child = spawn(
    process.execPath,
    [...(profile ? ['--cpu-prof', '--cpu-prof-dir', profile] : []), path.join(__dirname, 'bench-gateways.js')],
    {
      stdio: ['pipe', 'pipe', 'inherit'],
      env: {
        ...process.env,
        BENCH_GATEWAYS: JSON.stringify({
          subgraphUrls: Object.fromEntries(Object.values(stack.subgraphs).map((s) => [s.name, s.url])),
          signingKey: stack.signingKey,
          databaseUrl: world.url.toString(),
          principals: Object.fromEntries(workloads.map((w) => [w.name, { partnerId: w.as.partner, sub: w.as.sub, audience: w.audience }])),
        }),
      },
    },
  );
  const exited = once(child, 'exit').then(([code]) => {
    throw new Error(`the gateways' process exited (${String(code)}) before it was ready`);
  });
  const [line] = (await Promise.race([once(createInterface({ input: child.stdout! }), 'line'), exited])) as [string];
  exited.catch(() => undefined);
  const gateways = JSON.parse(line) as { on: string; off: Record<string, string> };
  try {
    const tokenOf = (w: (typeof workloads)[number]) =>
      benchToken({
        audience: w.audience,
        partnerId: w.as.partner,
        sub: w.as.sub,
        ttlSeconds: 3600,
      });
    const targets = await Promise.all(
      workloads.map(async (w) => ({
        workload: w,
        body: JSON.stringify({ query: w.query, variables: w.values }),
        on: { url: gateways.on, headers: { authorization: `Bearer ${await tokenOf(w)}` } },
        off: { url: gateways.off[w.name]!, headers: {} as Record<string, string> },
      })),
    );
    // Warm up (query plans, JIT, pools), then rounds with the two gateways taken in turn.
    for (const t of targets) {
      await load(t.on.url, t.body, t.on.headers, 4, 1);
      await load(t.off.url, t.body, t.off.headers, 4, 1);
    }
    const results = new Map<string, { on20: Run[]; off20: Run[]; on1: Run[]; off1: Run[] }>();
    for (const t of targets) results.set(t.workload.name, { on20: [], off20: [], on1: [], off1: [] });
    for (let round = 0; round < rounds; round++) {
      for (const t of targets) {
        const r = results.get(t.workload.name)!;
        r.on20.push(await load(t.on.url, t.body, t.on.headers, 20, seconds, child.pid));
        if (profile) continue; // the profile is the policy-on gateway's under 20 connections alone
        r.off20.push(await load(t.off.url, t.body, t.off.headers, 20, seconds, child.pid));
        r.on1.push(await load(t.on.url, t.body, t.on.headers, 1, seconds));
        r.off1.push(await load(t.off.url, t.body, t.off.headers, 1, seconds));
      }
    }
    process.stdout.write(`\n${children} children, ${rounds} rounds of ${seconds} s per measure (medians); policy on = enforced, off = policy: 'off'\n`);
    if (failed > 0) process.stdout.write(`${failed} requests failed (left out of the figures)\n`);
    process.stdout.write('      RPS@20 on   RPS@20 off   on/off   gateway CPU ms/req on   off   on/off   p50@1 on   p50@1 off   p95@20 on   p95@20 off\n');
    for (const [name, r] of results) {
      const on20 = median(r.on20.map((x) => x.rps));
      const off20 = median(r.off20.map((x) => x.rps));
      const cpuOn = median(r.on20.map((x) => x.cpu));
      const cpuOff = median(r.off20.map((x) => x.cpu));
      process.stdout.write(
        `  ${name}  ${on20.toFixed(0).padStart(9)}  ${off20.toFixed(0).padStart(11)}   ${(on20 / off20).toFixed(2).padStart(6)}` +
          `   ${cpuOn.toFixed(2).padStart(21)}  ${cpuOff.toFixed(2).padStart(4)}   ${(cpuOn / cpuOff).toFixed(2).padStart(6)}` +
          `   ${median(r.on1.map((x) => x.p50)).toFixed(2).padStart(6)} ms  ${median(r.off1.map((x) => x.p50)).toFixed(2).padStart(6)} ms` +
          `   ${median(r.on20.map((x) => x.p95)).toFixed(1).padStart(6)} ms   ${median(r.off20.map((x) => x.p95)).toFixed(1).padStart(6)} ms\n`,
      );
    }
  } finally {
    child.stdin!.end();
    if (child.exitCode === null) await once(child, 'exit');
    if (profile) process.stdout.write(`CPU profile of the gateways' process: ${profile}\n`);
    await world.stack.stop();
    await world.server.stop();
  }
});

