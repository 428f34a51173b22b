import {
  createLog,
  integerFlag,
  parseCommand,
  PRINCIPAL_HEADER,
  readConfig,
  runMain,
  signPrincipal,
  today,
  UsageError,
  type Principal,
} from '@passerelle/common';
import { createAuthenticator, createTokenVerifier, readTokenSettings, signDevToken, subgraphDirectory } from '@passerelle/gateway';
import { fork, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import http, { type IncomingMessage } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { BENCH_PRINCIPAL_HEADER, type ChildConfig, type ChildRole, type ChildStats } from './bench-child';
import {
  figure,
  formatTable,
  identicalData,
  listFlag,
  median,
  parseWorkload,
  percentile,
  planWaves,
  ratio,
  spread,
  type Answer,
  type RecordedFetch,
  type Workload,
} from './bench-harness';
import { ensureHiveGateway, HIVE_GATEWAY_VERSION } from './bench-hive';
import { answerProblem, closedLoop, postJson } from './bench-load';
import { postgresCpu, type PostgresCpu } from './bench-postgres-cpu';
import { openDatabaseServer } from './database';
import { chooseVariables, chooseWho, firstSeeded, ISSUE_14_WORKLOADS, WORKLOADS } from './workloads';

/**
 * `npm run bench` (issue 14): Passerelle's gateway with its policy on (P) side by side with plain
 * @apollo/gateway (A) and Hive Gateway (H) — both with the principal signing only — and with the
 * floor (the query plan's subgraph requests replayed straight to the subgraphs), on the partners'
 * workloads, at 1 000 and 100 000 children. Each gateway and the subgraphs run in a process of
 * their own (bench-child.ts), so each one's CPU time per request is read apart. Closed-loop load
 * at 1 and 20 connections, rounds taking the gateways in turn, medians of the rounds. Checks that
 * the gateways answer the same data. Prints Markdown tables (BENCHMARKS.md keeps the latest);
 * asserts nothing about speed (machines are noisy).
 */

const COMMAND = 'npm run bench';
type Target = 'P' | 'A' | 'H' | 'floor';
const GATEWAYS = ['P', 'A', 'H'] as const;
type Gateway = (typeof GATEWAYS)[number];
const CONNECTIONS = [1, 20] as const;

/**
 * What `--workloads` may name besides the files given: every workload of tools/src/workloads.ts
 * (W1–W12), each run as the first seeded institution of its kind and its member 0.
 */
const CATALOGUE: Workload[] = WORKLOADS.map((w) => ({ name: w.name, title: w.title, audience: w.audience, query: w.query, variables: {}, catalogued: w }));
/** What `npm run bench` measures by default: issue 14's four. */
export const BUILT_IN_WORKLOADS: Workload[] = CATALOGUE.filter((w) => ISSUE_14_WORKLOADS.includes(w.catalogued!));

/** One forked process of the bench, and its requests over IPC. */
class Child {
  readonly process: ChildProcess;
  readonly ready: Promise<Record<string, unknown>>;
  private nextId = 1;
  private readonly pending = new Map<number, (message: Record<string, unknown>) => void>();

  constructor(
    readonly role: ChildRole,
    config: ChildConfig,
    /** Where `node --cpu-prof` writes this process's V8 CPU profile when it ends (`--profile DIR`). */
    profile?: { dir: string; name: string },
  ) {
    this.process = fork(path.join(__dirname, 'bench-child.js'), [role], {
      execArgv: profile ? [...process.execArgv, '--cpu-prof', `--cpu-prof-dir=${profile.dir}`, `--cpu-prof-name=${profile.name}.cpuprofile`] : undefined,
      // Measured as deployed (the Dockerfile's NODE_ENV=production): graphql-js, Apollo and
      // others leave their development checks out then — graphql-js's instanceOf alone, which in
      // development looks for a second copy of graphql on every failed type test, was 2 % of the
      // subgraphs' CPU on W4. Every target (P, A, H, floor) runs so.
      env: { ...process.env, NODE_ENV: 'production', PASSERELLE_BENCH_CHILD: JSON.stringify(config) },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    this.ready = new Promise((resolve, reject) => {
      this.process.on('message', (message: Record<string, unknown>) => {
        if (message.type === 'ready') resolve(message);
        else if (typeof message.id === 'number') {
          this.pending.get(message.id)?.(message);
          this.pending.delete(message.id);
        }
      });
      this.process.once('exit', (code) => {
        reject(new Error(`the bench's ${role} process ended (exit code ${code}) before it was ready`));
        // A process that dies mid-run fails what was waiting for it, rather than hang the bench.
        for (const answer of this.pending.values()) answer({ error: `the bench's ${role} process ended (exit code ${code})` });
        this.pending.clear();
      });
    });
  }

  ask(message: Record<string, unknown>): Promise<Record<string, unknown>> {
    const id = this.nextId++;
    if (this.process.exitCode !== null || this.process.signalCode !== null) return Promise.reject(new Error(`the bench's ${this.role} process has ended`));
    return new Promise((resolve, reject) => {
      this.pending.set(id, (answer) => (typeof answer.error === 'string' && message.type !== 'stop' ? reject(new Error(answer.error)) : resolve(answer)));
      this.process.send({ ...message, id });
    });
  }

  async stats(): Promise<ChildStats> {
    return (await this.ask({ type: 'stats' })).stats as ChildStats;
  }

  async stop(): Promise<void> {
    if (this.process.exitCode !== null || this.process.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => this.process.once('exit', () => resolve()));
    const asked = this.ask({ type: 'stop' }).then(
      () => this.process.connected && this.process.disconnect(),
      () => undefined,
    );
    const timeout = new Promise<void>((resolve) => setTimeout(resolve, 15_000).unref());
    await Promise.race([asked.then(() => exited), timeout]);
    if (this.process.exitCode === null) this.process.kill('SIGKILL');
  }
}

/** One measured cell: a workload on a target at some connections for some seconds. */
interface Cell {
  requests: number;
  errors: number;
  rps: number;
  p50: number;
  p95: number;
  /** CPU ms per request of the gateway's process (NaN for the floor). */
  gatewayCpu: number;
  /** CPU ms per request of the subgraphs' process (the three subgraphs). */
  subgraphCpu: number;
  /** Statement time per request in the subgraphs (ms; pg_stat_statements' execution time when loaded). */
  sqlMs: number;
  /** Planning time per request (ms; pg_stat_statements' total_plan_time, NaN unless track_planning is on). */
  planMs: number;
  /** CPU ms per request of the PostgreSQL server's processes, all of them (NaN when they are not on this machine). */
  postgresCpu: number;
  /** SQL statements per request, by subgraph. */
  statements: Record<string, number>;
  /** P: ms a request waited for its audit record's commit, on average (NaN for the others). */
  auditWait: number;
}

interface Prepared {
  workload: Workload;
  token: string;
  principal: Principal;
  body: string;
  /** The subgraph requests A sent for one request, in waves (the floor). */
  waves: RecordedFetch[][];
}

function machine(): { cores: number; cpu: string; node: string } {
  const cpus = os.cpus();
  return { cores: cpus.length, cpu: cpus[0]?.model.trim() ?? 'unknown', node: process.version };
}

function gitCommit(): string {
  const result = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' });
  const dirty = spawnSync('git', ['status', '--porcelain', '--untracked-files=no'], { encoding: 'utf8' }).stdout?.trim();
  return result.status === 0 ? `${result.stdout.trim()}${dirty ? ' (with uncommitted changes)' : ''}` : 'unknown';
}

runMain(async () => {
  const spec = {
    command: COMMAND,
    usage: '[--sizes 1000,100000] [--duration S] [--rounds N] [--gateways P,A,H] [--workload FILE[,FILE]] [--workloads W1,W2,…] [--keep] [--out FILE.md] [--profile DIR]',
    flags: { sizes: 'string', duration: 'string', rounds: 'string', gateways: 'string', workload: 'string', workloads: 'string', keep: 'boolean', out: 'string', profile: 'string' },
  } as const;
  const { flags } = parseCommand(spec, process.argv.slice(2));
  const sizes = listFlag(COMMAND, 'sizes', flags.sizes, [1000, 100_000], (t) => (/^[1-9]\d*$/.test(t) ? Number(t) : undefined)).sort((a, b) => a - b);
  const durationMs = integerFlag(spec, 'duration', flags.duration, 10, 1) * 1000;
  const rounds = integerFlag(spec, 'rounds', flags.rounds, 3, 1);
  const gateways = listFlag<Gateway>(COMMAND, 'gateways', flags.gateways, GATEWAYS, (t) => (GATEWAYS as readonly string[]).includes(t.toUpperCase()) ? (t.toUpperCase() as Gateway) : undefined);
  const files = listFlag(COMMAND, 'workload', flags.workload, [], (t) => t);
  let workloads: Workload[] = [...BUILT_IN_WORKLOADS];
  const fromFiles: Workload[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(path.resolve(process.env.INIT_CWD ?? process.cwd(), file), 'utf8');
    } catch (error) {
      throw new UsageError(`${COMMAND}: cannot read the workload file ${file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
    }
    fromFiles.push(parseWorkload(text, path.basename(file).replace(/\.(json|graphql|gql)$/i, ''), file));
  }
  workloads.push(...fromFiles);
  if (flags.workloads !== undefined) {
    const pool = [...CATALOGUE, ...fromFiles];
    const names = new Set(pool.map((w) => w.name));
    const chosen = listFlag(COMMAND, 'workloads', flags.workloads, [], (t) => (names.has(t) ? t : undefined));
    workloads = pool.filter((w) => chosen.includes(w.name));
  }
  // Checked now rather than after the run's half hour.
  const outFile = flags.out === undefined ? undefined : path.resolve(process.env.INIT_CWD ?? process.cwd(), flags.out);
  if (outFile && !existsSync(path.dirname(outFile))) throw new UsageError(`${COMMAND}: --out ${flags.out}: no folder ${path.dirname(outFile)}`);
  // `--profile DIR`: a V8 CPU profile of each process (the subgraphs', each gateway's) per size,
  // over its whole life (warm-up and every cell), for Chrome DevTools or any .cpuprofile reader.
  const profileDir = flags.profile === undefined ? undefined : path.resolve(process.env.INIT_CWD ?? process.cwd(), flags.profile);
  if (profileDir) mkdirSync(profileDir, { recursive: true });
  const profile = (name: string, size: number) => (profileDir ? { dir: profileDir, name: `${name}-${size}` } : undefined);
  const targets: Target[] = [...gateways, 'floor'];
  const hiveDir = gateways.includes('H') ? ensureHiveGateway((line) => process.stdout.write(line)) : undefined;

  const log = createLog('bench', 'error');
  // Held for the whole run: each size's subgraphs process finds it running and leaves it so. An
  // embedded server this run starts loads pg_stat_statements (PostgreSQL's own execution time per
  // statement) and has it time planning too; a server already running may have neither
  // (shared_preload_libraries needs a restart).
  const server = await openDatabaseServer(log, { shared_preload_libraries: 'pg_stat_statements', 'pg_stat_statements.track_planning': 'on' });
  const signingKey = `bench-${Date.now()}-signing-key-bench-signing-key`;
  const config = readConfig(['JWT_SECRET', 'JWT_ISSUER', 'JWT_AUDIENCE']);
  const cells = sizes.length * rounds * workloads.length * targets.length * CONNECTIONS.length;
  process.stdout.write(
    `${COMMAND}: ${workloads.length} workloads × ${targets.join('/')} × ${CONNECTIONS.join(' and ')} connections × ${rounds} rounds × sizes ${sizes.join(', ')}: ${cells} cells of ${durationMs / 1000} s (about ${Math.ceil((cells * durationMs) / 60_000)} min of load, and seeding)\n`,
  );
  const loadBefore = os.loadavg();
  const commit = gitCommit(); // the code measured: read before the run, which may outlast a commit
  const results = new Map<string, Cell[]>();
  const key = (size: number, workload: string, target: Target, connections: number) => `${size}|${workload}|${target}|${connections}`;
  const sameData = new Map<string, string | null>();
  let postgres = 'unknown';
  let sqlSource = "the subgraphs' statement round trips (pg_stat_statements not loaded)";
  let planTracked = false;
  let serverCpu: PostgresCpu = { unavailable: 'not measured' };
  const started = Date.now();

  try {
    for (const size of sizes) {
      const subgraphs = new Child('subgraphs', { signingKey, database: `passerelle_bench_${size}`, children: size, keep: flags.keep === true, today: today() }, profile('subgraphs', size));
      const ready = await subgraphs.ready;
      const urls = ready.urls as Record<string, string>;
      const databaseUrl = ready.databaseUrl as string;
      const children: Partial<Record<Gateway, Child>> = {};
      try {
        for (const g of new Set<Gateway>([...gateways, 'A'])) {
          children[g] = new Child(g, { signingKey, subgraphUrls: urls, databaseUrl, hiveDir }, profile(`gateway-${g}`, size));
        }
        const gatewayUrls = Object.fromEntries(
          await Promise.all(Object.entries(children).map(async ([g, c]) => [g, new URL((await c.ready).url as string)] as const)),
        ) as Record<Gateway, URL>;

        const db = new Client({ connectionString: databaseUrl });
        await db.connect();
        let pgStat = false;
        let sized = workloads;
        try {
          postgres = (await db.query<{ server_version: string }>('SHOW server_version')).rows[0]!.server_version;
          pgStat = await db
            .query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements')
            .then(() => db.query('SELECT 1 FROM pg_stat_statements LIMIT 1'))
            .then(
              () => true,
              () => false,
            );
          if (pgStat) sqlSource = "PostgreSQL's execution time (pg_stat_statements, total_exec_time)";
          planTracked = pgStat && (await db.query<{ on: string | null }>(`SELECT current_setting('pg_stat_statements.track_planning', true) AS on`)).rows[0]!.on === 'on';
          serverCpu = await postgresCpu(db);
          // Each built-in workload's institution, member and variables (W2's child), chosen in this size's database.
          sized = await Promise.all(
            workloads.map(async (w) => {
              if (!w.catalogued) return w;
              const who = await chooseWho(w.catalogued, 'first', db);
              return { ...w, partnerId: who.partner, member: who.sub, variables: { ...w.variables, ...(await chooseVariables(w.catalogued, db)) } };
            }),
          );
        } finally {
          if (!pgStat) await db.end();
        }
        const pgStatementMs = async (): Promise<{ exec: number; plan: number }> => {
          if (!pgStat) return { exec: Number.NaN, plan: Number.NaN };
          const row = (await db.query<{ exec: number; plan: number }>(
            `SELECT coalesce(sum(total_exec_time), 0)::float8 AS exec, coalesce(sum(total_plan_time), 0)::float8 AS plan FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid WHERE d.datname = current_database()`,
          )).rows[0]!;
          return { exec: row.exec, plan: planTracked ? row.plan : Number.NaN };
        };
        const readServerCpu = 'cpuMs' in serverCpu ? serverCpu.cpuMs : () => Number.NaN;

        // Each workload's token (P), the principal P derives from it (signed by A and H), and the floor's plan.
        const verifier = createTokenVerifier({ ...readTokenSettings(), production: false });
        const authenticate = createAuthenticator(verifier, subgraphDirectory(urls.partners!, signingKey));
        const prepared: Prepared[] = [];
        for (const workload of sized) {
          const first = firstSeeded(workload.audience);
          const token = await signDevToken({
            audience: workload.audience,
            partnerId: workload.partnerId ?? first.partner,
            sub: workload.member ?? first.sub,
            secret: config.JWT_SECRET,
            issuer: config.JWT_ISSUER,
            tokenAudience: config.JWT_AUDIENCE,
            ttlSeconds: 24 * 3600,
          });
          const principal = await authenticate({ headers: { authorization: `Bearer ${token}` } } as IncomingMessage).catch((error: Error) => {
            throw new UsageError(`${COMMAND}: ${workload.name}'s ${workload.audience} token is refused: ${error.message}`);
          });
          prepared.push({ workload, token, principal, body: JSON.stringify({ query: workload.query, variables: workload.variables }), waves: [] });
        }
        const principalHeader = (p: Prepared) => Buffer.from(JSON.stringify(p.principal)).toString('base64url');
        const headersFor = (target: Gateway, p: Prepared): Record<string, string> =>
          target === 'P' ? { authorization: `Bearer ${p.token}` } : { [BENCH_PRINCIPAL_HEADER]: principalHeader(p) };

        const oneAgent = new http.Agent({ keepAlive: true });
        const ask = async (target: Gateway, p: Prepared): Promise<Answer> => {
          const answer = await postJson(oneAgent, gatewayUrls[target], headersFor(target, p), p.body);
          try {
            return JSON.parse(answer.text) as Answer;
          } catch {
            return { errors: [{ message: `HTTP ${answer.status}, not JSON: ${answer.text.slice(0, 120)}` }] };
          }
        };
        for (const p of prepared) {
          const answers: Record<string, Answer> = {};
          for (const g of gateways) answers[g] = await ask(g, p);
          sameData.set(`${size}|${p.workload.name}`, identicalData(answers));
          await children.A!.ask({ type: 'capture', on: true });
          const captured = await ask('A', p);
          const fetches = (await children.A!.ask({ type: 'capture', on: false })).fetches as RecordedFetch[];
          if (captured.errors?.length) throw new Error(`${p.workload.name} through A: ${captured.errors[0]!.message}`);
          p.waves = planWaves(fetches);
          const verdict = sameData.get(`${size}|${p.workload.name}`);
          process.stdout.write(
            `${size} children, ${p.workload.name} (${p.workload.title}): ${fetches.length} subgraph request${fetches.length === 1 ? '' : 's'} in ${p.waves.length} wave${p.waves.length === 1 ? '' : 's'}; ${gateways.join(' = ')}: ${verdict ?? 'same data'}\n`,
          );
        }
        oneAgent.destroy();

        const sender = (target: Target, p: Prepared): ((agent: http.Agent) => Promise<string | null>) => {
          if (target !== 'floor') {
            const url = gatewayUrls[target];
            const headers = headersFor(target, p);
            return async (agent) => answerProblem(await postJson(agent, url, headers, p.body));
          }
          const waves = p.waves.map((wave) => wave.map((f) => ({ f, url: new URL(urls[f.subgraph]!), body: JSON.stringify({ query: f.query, variables: f.variables }) })));
          return async (agent) => {
            for (const wave of waves) {
              const problems = await Promise.all(
                wave.map(async ({ f, url, body }) =>
                  answerProblem(await postJson(agent, url, { [PRINCIPAL_HEADER]: signPrincipal(p.principal, f, signingKey, f.subgraph) }, body)),
                ),
              );
              const problem = problems.find(Boolean);
              if (problem) return problem;
            }
            return null;
          };
        };

        const measure = async (target: Target, p: Prepared, connections: number, ms: number): Promise<Cell> => {
          const gateway = target === 'floor' ? undefined : children[target];
          const [s0, g0, q0, c0] = await Promise.all([subgraphs.stats(), gateway?.stats(), pgStatementMs(), readServerCpu()]);
          const load = await closedLoop({ connections, durationMs: ms, send: sender(target, p) });
          const [s1, g1, q1, c1] = await Promise.all([subgraphs.stats(), gateway?.stats(), pgStatementMs(), readServerCpu()]);
          if (load.errors) process.stdout.write(`  ! ${p.workload.name} on ${target} at ${connections}: ${load.errors} failed (${load.firstError})\n`);
          const n = Math.max(1, load.requests);
          const sum = (r: Record<string, number> | undefined) => Object.values(r ?? {}).reduce((a, b) => a + b, 0);
          return {
            requests: load.requests,
            errors: load.errors,
            rps: load.requests / (load.elapsedMs / 1000),
            p50: percentile(load.latencies, 50),
            p95: percentile(load.latencies, 95),
            gatewayCpu: g0 && g1 ? (g1.cpuMicros - g0.cpuMicros) / 1000 / n : Number.NaN,
            subgraphCpu: (s1.cpuMicros - s0.cpuMicros) / 1000 / n,
            sqlMs: pgStat ? (q1.exec - q0.exec) / n : (sum(s1.sqlMs) - sum(s0.sqlMs)) / n,
            planMs: (q1.plan - q0.plan) / n,
            postgresCpu: (c1 - c0) / n,
            statements: Object.fromEntries(Object.keys(s1.statements ?? {}).map((name) => [name, (s1.statements![name]! - s0.statements![name]!) / n])),
            auditWait: g0?.audits !== undefined && g1?.audits !== undefined && g1.audits > g0.audits ? (g1.auditMs! - g0.auditMs!) / (g1.audits - g0.audits) : Number.NaN,
          };
        };

        // Warm-up: JIT, query plans, pools and caches of every path, not measured.
        for (const p of prepared) for (const target of targets) await measure(target, p, 4, Math.min(1500, durationMs));
        for (let round = 0; round < rounds; round++) {
          const order = targets.map((_, i) => targets[(i + round) % targets.length]!);
          for (const p of prepared) {
            for (const target of order) {
              for (const connections of CONNECTIONS) {
                const cell = await measure(target, p, connections, durationMs);
                const k = key(size, p.workload.name, target, connections);
                results.set(k, [...(results.get(k) ?? []), cell]);
              }
            }
          }
          process.stdout.write(`${size} children: round ${round + 1}/${rounds} done (${((Date.now() - started) / 60_000).toFixed(1)} min)\n`);
        }
        if (pgStat) await db.end();
      } finally {
        await Promise.all(Object.values(children).map((c) => c.stop()));
        await subgraphs.stop();
      }
    }
  } finally {
    await server.stop();
  }

  // ---------------------------------------------------------------------------------------------
  const med = (size: number, w: string, t: Target, c: number, pick: (cell: Cell) => number) => median((results.get(key(size, w, t, c)) ?? []).map(pick));
  /** The median and how far the rounds spread around it. */
  const medSpread = (size: number, w: string, t: Target, c: number, pick: (cell: Cell) => number, digits: number) =>
    `${figure(med(size, w, t, c, pick), digits)}${spread((results.get(key(size, w, t, c)) ?? []).map(pick))}`;
  const fmtSize = (n: number) => n.toLocaleString('en-US').replace(/,/g, ' ');
  const out: string[] = [];
  const m = machine();
  out.push(
    `Measured ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC on ${m.cores} cores (${m.cpu}), Node ${m.node}, PostgreSQL ${postgres}, commit ${commit}; ` +
      `load average ${loadBefore.map((l) => l.toFixed(1)).join(' ')} before, ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} after. ` +
      `\`${COMMAND} -- --sizes ${sizes.join(',')} --duration ${durationMs / 1000} --rounds ${rounds} --gateways ${gateways.join(',')}\`: medians of ${rounds} rounds; H is Hive Gateway ${HIVE_GATEWAY_VERSION}.`,
  );
  const rows = workloads.flatMap((w) => sizes.map((size) => [w, size] as const));
  const has = (g: Gateway) => gateways.includes(g);
  out.push(`\n**Requests per second at 20 connections** (higher is better${rounds > 1 ? '; ± half the spread of the rounds, over their median' : ''})\n`);
  out.push(
    formatTable(
      ['workload', 'children', ...targets, ...(has('A') ? ['P/A'] : []), ...(has('H') ? ['P/H'] : [])],
      rows.map(([w, size]) => {
        const rps = (t: Target) => med(size, w.name, t, 20, (c) => c.rps);
        return [w.name, fmtSize(size), ...targets.map((t) => medSpread(size, w.name, t, 20, (c) => c.rps, 0)), ...(has('A') ? [figure(ratio(rps('P'), rps('A')), 2)] : []), ...(has('H') ? [figure(ratio(rps('P'), rps('H')), 2)] : [])];
      }),
    ),
  );
  out.push(`\n**Gateway CPU per request at 20 connections** (ms of the gateway process, user + system${rounds > 1 ? '; ± as above' : ''})\n`);
  out.push(
    formatTable(
      ['workload', 'children', ...gateways, ...(has('A') ? ['P/A'] : []), ...(has('H') ? ['P/H'] : [])],
      rows.map(([w, size]) => {
        const cpu = (t: Gateway) => med(size, w.name, t, 20, (c) => c.gatewayCpu);
        return [w.name, fmtSize(size), ...gateways.map((t) => medSpread(size, w.name, t, 20, (c) => c.gatewayCpu, 2)), ...(has('A') ? [figure(ratio(cpu('P'), cpu('A')), 2)] : []), ...(has('H') ? [figure(ratio(cpu('P'), cpu('H')), 2)] : [])];
      }),
    ),
  );
  const small = sizes[0]!;
  const large = sizes[sizes.length - 1]!;
  out.push(`\n**Latency at 1 connection** (ms, p50 / p95; ratio: ${fmtSize(large)} over ${fmtSize(small)} children)\n`);
  out.push(
    formatTable(
      ['workload', 'target', ...sizes.map((s) => `${fmtSize(s)}: p50 / p95`), ...(sizes.length > 1 ? ['ratio p50 / p95'] : [])],
      workloads.flatMap((w) =>
        targets.map((t) => {
          const p = (s: number, which: 'p50' | 'p95') => med(s, w.name, t, 1, (c) => c[which]);
          return [
            w.name,
            t,
            ...sizes.map((s) => `${figure(p(s, 'p50'))} / ${figure(p(s, 'p95'))}`),
            ...(sizes.length > 1 ? [`${figure(ratio(p(large, 'p50'), p(small, 'p50')), 2)} / ${figure(ratio(p(large, 'p95'), p(small, 'p95')), 2)}`] : []),
          ];
        }),
      ),
    ),
  );
  if (has('P')) {
    out.push(
      `\n**What P waits for at 1 connection** (ms per request: P's p50${has('A') ? ", its distance to A's" : ''}, and the mean time its answers waited for their audit record's commit — the record is committed before the answer leaves; A writes none)\n`,
    );
    out.push(
      formatTable(
        ['workload', 'children', 'P p50', ...(has('A') ? ['A p50', 'P − A'] : []), 'audit commit (P)'],
        sizes.flatMap((size) =>
          workloads.map((w) => {
            const p50 = (t: Gateway) => med(size, w.name, t, 1, (c) => c.p50);
            return [
              w.name,
              fmtSize(size),
              figure(p50('P')),
              ...(has('A') ? [figure(p50('A')), figure(p50('P') - p50('A'), 2)] : []),
              figure(med(size, w.name, 'P', 1, (c) => c.auditWait), 2),
            ];
          }),
        ),
      ),
    );
  }
  const subgraphNames = Object.keys(results.values().next().value?.[0]?.statements ?? {});
  /** The gateway the SQL columns are read under: P when measured. */
  const ref: Gateway = gateways[0]!;
  const statementsOf = (size: number, workload: string) => {
    const per = subgraphNames.map((n) => med(size, workload, ref, 1, (c) => c.statements[n] ?? Number.NaN));
    return `${figure(per.reduce((a, b) => a + b, 0), 1)} (${per.map((x) => figure(x, 1)).join(' + ')})`;
  };
  const cpuLocal = 'cpuMs' in serverCpu;
  out.push(
    `\n**At ${fmtSize(large)} children, per request**: subgraphs' CPU (ms, the three subgraphs' process, at 20 connections), SQL time (ms, ${sqlSource}, at 1 connection), ` +
      `${planTracked ? "planning time (ms, pg_stat_statements' total_plan_time, at 1 connection), " : ''}` +
      `PostgreSQL CPU (ms, user + system of all the server's processes, in the same 20-connection cells as the subgraphs' CPU${'unavailable' in serverCpu ? `; n/a: ${serverCpu.unavailable}` : ''}) and the subgraphs' CPU over it, ` +
      `SQL statements (${subgraphNames.join(' + ')}; the nonce each subgraph request spends is written apart and not counted). ` +
      `SQL time counts only PostgreSQL executing the statements, not parsing, planning nor sending rows, which are most of what a small statement costs; ` +
      `PostgreSQL CPU counts all the server spends (backends, WAL writer, checkpointer, autovacuum), the nonces' writes and whatever else it serves meanwhile included\n`,
  );
  /** The PostgreSQL server's CPU per request under `t`, and the subgraphs' over it; n/a when the server is not on this machine. */
  const serverCpuFigures = (w: string, t: Target) => {
    if (!cpuLocal) return ['n/a', 'n/a'];
    const cpu = med(large, w, t, 20, (c) => c.postgresCpu);
    return [figure(cpu, 2), figure(ratio(med(large, w, t, 20, (c) => c.subgraphCpu), cpu), 2)];
  };
  out.push(
    formatTable(
      [
        'workload',
        ...targets.map((t) => `subgraph CPU ${t}`),
        `SQL ms (${ref})`,
        'SQL ms (floor)',
        ...(planTracked ? [`plan ms (${ref})`] : []),
        `PostgreSQL CPU (${ref})`,
        `subgraph / PostgreSQL CPU (${ref})`,
        'PostgreSQL CPU (floor)',
        'subgraph / PostgreSQL CPU (floor)',
        `statements (${ref})`,
        ...(sizes.length > 1 ? [`statements (${ref}) at ${fmtSize(small)}`] : []),
      ],
      workloads.map((w) => [
        w.name,
        ...targets.map((t) => figure(med(large, w.name, t, 20, (c) => c.subgraphCpu), 2)),
        figure(med(large, w.name, ref, 1, (c) => c.sqlMs), 2),
        figure(med(large, w.name, 'floor', 1, (c) => c.sqlMs), 2),
        ...(planTracked ? [figure(med(large, w.name, ref, 1, (c) => c.planMs), 2)] : []),
        ...serverCpuFigures(w.name, ref),
        ...serverCpuFigures(w.name, 'floor'),
        statementsOf(large, w.name),
        ...(sizes.length > 1 ? [statementsOf(small, w.name)] : []),
      ]),
    ),
  );
  if (gateways.length > 1) {
    out.push(`\n**Same data** (${gateways.join(', ')} answer each workload with the same JSON)\n`);
    out.push(formatTable(['workload', 'children', 'verdict'], rows.map(([w, size]) => [w.name, fmtSize(size), sameData.get(`${size}|${w.name}`) ?? 'same'])));
  }
  const failed = [...results.values()].flat().reduce((a, c) => a + c.errors, 0);
  out.push(`\nWorkloads: ${workloads.map((w) => `${w.name} ${w.title} (${w.audience})`).join('; ')}.${failed ? ` ${failed} requests failed (not counted).` : ''}\n`);
  process.stdout.write(`\n${out.join('\n')}\n`);
  if (outFile) writeFileSync(outFile, `${out.join('\n')}\n`);
  const differing = [...sameData.values()].filter(Boolean).length;
  if (differing) process.exitCode = 1;
});
