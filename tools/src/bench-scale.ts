import {
  connectionOptions,
  createLog,
  integerFlag,
  PRINCIPAL_HEADER,
  runMain,
  signPrincipal,
  systemPrincipal,
  today,
  type Principal,
} from '@passerelle/common';
import { writeFileSync } from 'node:fs';
import http, { type ClientRequest, type RequestOptions } from 'node:http';
import { Session } from 'node:inspector/promises';
import { Client } from 'pg';
import { parseBenchCommand, recordStatements, statementsPerSubgraph } from './bench-harness';
import { benchToken, openBenchWorld } from './bench-world';
import { chooseVariables, chooseWho, WORKLOADS } from './workloads';

/**
 * `npm run bench:scale -- [--children N] [--runs N] [--keep] [--explain N] [--only W3,W5]`: does a
 * partner's read cost the same at 1 000 and at 100 000 children (issue 14, goals 1 and 2)? On a
 * world of N children (1 000 by default) seeded into `passerelle_bench_<N>` — the database
 * `npm run bench` uses for that size, so one seed serves both; `--keep` reuses it when it holds N
 * children — for each workload of tools/src/workloads.ts (W1–W12), as the audience it is written
 * for, its institution chosen `largest` (realistic slices: the school with the most pupils, the
 * court with the most children…):
 * - p50/p95 through the gateway at one connection, and the SQL statements per subgraph;
 * - the subgraphs' CPU per request: the subgraph requests the gateway sent (its query plan),
 *   replayed straight to the subgraphs, signed afresh, `--runs` times, this process's CPU time
 *   (user + system) per replay — the subgraphs run in this process; the replaying client's own
 *   share is about the `{ __typename }` figure printed first;
 * - the time PostgreSQL spends on those statements: each captured statement (with its
 *   parameters) run again under EXPLAIN (ANALYZE, TIMING OFF), planning + execution, summed;
 * - with `--explain N`, the plans (ANALYZE, BUFFERS) of the N slowest statements of each workload;
 * - with `--profile FILE`, a V8 CPU profile of the replays only (the subgraphs' side), for
 *   Chrome DevTools or any .cpuprofile reader.
 * Prints figures; asserts nothing (machines are noisy).
 */

const percentile = (xs: number[], p: number) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
};
const median = (xs: number[]) => percentile(xs, 50);

interface SubgraphCall {
  subgraph: string;
  url: string;
  body: { query: string; variables?: Record<string, unknown>; operationName?: string };
  principal: Principal;
}

runMain(async () => {
  const spec = {
    command: 'npm run bench:scale',
    usage: '[--children N] [--runs N] [--keep] [--explain N] [--only W1,W3] [--profile FILE]',
    flags: { explain: 'string', profile: 'string' },
    children: 1000,
    runs: 30,
    only: { what: 'workloads', names: WORKLOADS.map((w) => w.name) },
  } as const;
  const { children, runs, keep, only, flags: args } = parseBenchCommand(spec, process.argv.slice(2));
  const explain = integerFlag(spec, 'explain', args.explain, 0, 0);
  const log = createLog('bench', 'error');
  const { server, url, stack } = await openBenchWorld({ database: `passerelle_bench_${children}`, children, keep, today: today(), log });
  // The planner settings the subgraphs connect with, so that EXPLAIN plans what they run.
  const db = new Client({ connectionString: url.toString(), options: connectionOptions() });
  await db.connect();
  const subgraphByUrl = new Map(Object.entries(stack.subgraphs).map(([name, s]) => [new URL(s.url).origin, name]));

  // Captures what the subgraphs are asked (the gateway's subgraph requests) and the statements
  // they run. The gateway sends them with Node's http (gateway/src/subgraph-fetch.ts), not fetch:
  // its `request` is wrapped while this bench runs, and what is written on a request to a
  // subgraph with a signed principal recorded.
  let calls: SubgraphCall[] | null = null;
  const originalFetch = globalThis.fetch;
  const originalRequest = http.request;
  (http as { request: typeof http.request }).request = ((...args: Parameters<typeof http.request>) => {
    const request = (originalRequest as (...a: unknown[]) => ClientRequest)(...args);
    const [target, options] = args as unknown as [string | URL, RequestOptions | undefined];
    const subgraph = typeof target === 'string' || target instanceof URL ? subgraphByUrl.get(new URL(target).origin) : undefined;
    const headers = Object.fromEntries(Object.entries(options?.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
    const header = headers[PRINCIPAL_HEADER.toLowerCase()];
    if (calls && subgraph && typeof header === 'string') {
      const recording = calls;
      const end = request.end.bind(request) as (...a: unknown[]) => ClientRequest;
      request.end = ((...endArgs: unknown[]) => {
        if (typeof endArgs[0] === 'string' && endArgs[0]) {
          const payload = JSON.parse(Buffer.from(header.split('.')[0]!, 'base64url').toString()) as { principal: Principal };
          recording.push({ subgraph, url: new URL(target).href, body: JSON.parse(endArgs[0]), principal: payload.principal });
        }
        return end(...endArgs);
      }) as typeof request.end;
    }
    return request;
  }) as typeof http.request;
  const recording = recordStatements(stack.subgraphs);

  const replay = async (call: SubgraphCall) => {
    const response = await originalFetch(call.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [PRINCIPAL_HEADER]: signPrincipal(call.principal, call.body, stack.signingKey, call.subgraph) },
      body: JSON.stringify(call.body),
    });
    const answer = (await response.json()) as { errors?: unknown[] };
    if (answer.errors) throw new Error(`${call.subgraph} replay: ${JSON.stringify(answer.errors).slice(0, 300)}`);
  };
  const profiler = args.profile ? new Session() : null;
  profiler?.connect();
  await profiler?.post('Profiler.enable');
  const cpuOf = async (work: () => Promise<void>, n: number, profiled = false) => {
    for (let k = 0; k < 3; k++) await work();
    if (profiled) await profiler?.post('Profiler.start');
    const before = process.cpuUsage();
    for (let k = 0; k < n; k++) await work();
    const used = process.cpuUsage(before);
    if (profiled && profiler) {
      const { profile } = await profiler.post('Profiler.stop');
      profiles.push(profile);
    }
    return (used.user + used.system) / 1000 / n;
  };
  const profiles: object[] = [];

  try {
    await db.query('ANALYZE');
    const sizes = (await db.query<{ children: string; measures: string; placements: string; enrollments: string }>(
      `SELECT (SELECT count(*) FROM cases.child) AS children, (SELECT count(*) FROM cases.measure) AS measures,
              (SELECT count(*) FROM placements.placement) AS placements, (SELECT count(*) FROM partners.enrollment) AS enrollments`,
    )).rows[0]!;
    process.stdout.write(`world: ${sizes.children} children, ${sizes.measures} measures, ${sizes.placements} placements, ${sizes.enrollments} enrolments\n`);
    // The replaying client's own share of a replay (and the subgraph's fixed cost of a request).
    const trivial: SubgraphCall = {
      subgraph: 'cases',
      url: `${stack.subgraphs.cases!.url}`,
      body: { query: '{ __typename }' },
      principal: systemPrincipal('bench'),
    };
    process.stdout.write(`a { __typename } request to cases: ${(await cpuOf(() => replay(trivial), runs * 3, true)).toFixed(2)} ms CPU (client + subgraph)\n\n`);

    for (const w of WORKLOADS) {
      if (only && !only.has(w.name)) continue;
      const { partner, sub } = await chooseWho(w, 'largest', db);
      const variables = await chooseVariables(w, db);
      const token = await benchToken({ audience: w.audience, partnerId: partner, sub });
      const ask = async () => {
        const response = await originalFetch(stack.gateway.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({ query: w.query, variables }),
        });
        const body = (await response.json()) as { errors?: unknown[]; data?: unknown };
        if (body.errors) throw new Error(`${w.name}: ${JSON.stringify(body.errors).slice(0, 500)}`);
        return body;
      };
      // Warm (slices cached, as in steady state), then capture one request: the subgraph calls
      // and the statements; then time.
      for (let k = 0; k < 3; k++) await ask();
      calls = [];
      const { result: sample, statements: ran } = await recording(ask);
      const captured = calls;
      calls = null;
      const rows = JSON.stringify(sample).match(/"id":/g)?.length ?? 0;
      const times: number[] = [];
      for (let k = 0; k < runs; k++) {
        const started = performance.now();
        await ask();
        times.push(performance.now() - started);
      }
      const cpu = await cpuOf(async () => {
        for (const call of captured) await replay(call);
      }, runs, true);
      // PostgreSQL's time on the same statements.
      const pgTimes: number[] = [];
      const explained: { ms: number; sql: string; params: unknown[]; subgraph: string }[] = [];
      for (let round = 0; round < 3; round++) {
        let total = 0;
        for (const s of ran) {
          if (!/^\s*(SELECT|WITH)/i.test(s.sql)) continue;
          const plan = (await db.query<{ 'QUERY PLAN': [{ 'Planning Time': number; 'Execution Time': number }] }>(`EXPLAIN (ANALYZE, TIMING OFF, SUMMARY ON, FORMAT JSON) ${s.sql}`, s.params)).rows[0]!['QUERY PLAN'][0];
          const ms = plan['Planning Time'] + plan['Execution Time'];
          total += ms;
          if (round === 2) explained.push({ ms, ...s });
        }
        pgTimes.push(total);
      }
      const pg = Math.min(...pgTimes);
      process.stdout.write(
        `${w.name} ${w.title} (${w.audience}; ${rows} ids in the answer)\n` +
          `   p50 ${median(times).toFixed(1).padStart(6)} ms  p95 ${percentile(times, 95).toFixed(1).padStart(6)} ms  ` +
          `subgraph CPU ${cpu.toFixed(1).padStart(5)} ms  PostgreSQL ${pg.toFixed(1).padStart(5)} ms  ratio ${(cpu / Math.max(pg, 0.01)).toFixed(1)}  ` +
          `SQL ${ran.length} (${statementsPerSubgraph(ran)}), subgraph requests ${captured.length}\n`,
      );
      if (explain > 0) {
        for (const s of explained.sort((a, b) => b.ms - a.ms).slice(0, explain)) {
          const plan = (await db.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${s.sql}`, s.params)).rows.map((r) => r['QUERY PLAN']);
          const params = JSON.stringify(s.params, (_k, v: unknown) => (Array.isArray(v) && v.length > 5 ? `[${v.length} values]` : v));
          process.stdout.write(`   -- ${s.subgraph}, ${s.ms.toFixed(2)} ms: ${s.sql.replace(/\s+/g, ' ').slice(0, 600)}\n   -- params ${params.slice(0, 300)}\n${plan.map((l) => `      ${l}`).join('\n')}\n`);
        }
      }
    }
    if (args.profile) {
      // One profile per measure: FILE the `{ __typename }` request, FILE.2, FILE.3… the workloads in order.
      profiles.forEach((p, k) => writeFileSync(k === 0 ? args.profile! : `${args.profile}.${k + 1}`, JSON.stringify(p)));
      process.stdout.write(`CPU profiles of the replays: ${args.profile}${profiles.length > 1 ? ` (and .2 … .${profiles.length})` : ''}\n`);
    }
  } finally {
    profiler?.disconnect();
    (http as { request: typeof http.request }).request = originalRequest;
    await db.end();
    await stack.stop();
    await server.stop();
  }
});
