import { auditSettingsFor, createLog, disableVendorTelemetry, openAudit, PRINCIPAL_HEADER, repoPath, signPrincipal, type Principal } from '@passerelle/common';
import { readTokenSettings, startGateway } from '@passerelle/gateway';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import http from 'node:http';
import { setMaxListeners } from 'node:events';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import type { RecordedFetch } from './bench-harness';
import { openBenchSubgraphs } from './bench-world';

/**
 * One process of `npm run bench` (forked by bench.ts, talking over IPC), so that each one's CPU
 * time is its own: `subgraphs` (the three, seeded or reused), `P` (Passerelle's gateway, policy
 * on), `A` (plain @apollo/gateway + Apollo Server with the principal signing only), `H` (Hive
 * Gateway from its own folder, bench-hive.ts, with the same signing only).
 *
 * A and H sign, for each subgraph request, the principal the load generator sends in
 * `x-bench-principal` (base64url JSON: the one Passerelle's gateway derives from the same
 * token): the subgraphs answer nothing unsigned, and that is all those two add. Neither checks a
 * token, a contract, a field rule or writes an audit record.
 */

export const BENCH_PRINCIPAL_HEADER = 'x-bench-principal';

export type ChildRole = 'subgraphs' | 'P' | 'A' | 'H';

export interface ChildConfig {
  signingKey: string;
  /** subgraphs: the database, the world's size, reuse, the seed's day. */
  database?: string;
  children?: number;
  keep?: boolean;
  today?: string;
  /** Gateways: where the subgraphs are, by name, and the database (P's audit, directory and documents). */
  subgraphUrls?: Record<string, string>;
  databaseUrl?: string;
  /** H: the folder Hive Gateway is installed in. */
  hiveDir?: string;
}

/** What a child answers to `stats`: its CPU time so far (µs) and, for the subgraphs, SQL statements and their time. */
export interface ChildStats {
  cpuMicros: number;
  statements?: Record<string, number>;
  sqlMs?: Record<string, number>;
  /** P: the time its requests waited for their audit record's commit (ms, summed), and how many records. */
  auditMs?: number;
  audits?: number;
}

type Message = { id: number; type: 'stats' } | { id: number; type: 'capture'; on: boolean } | { id: number; type: 'stop' };

function principalOf(value: string | null | undefined): Principal {
  if (!value) throw new Error(`no ${BENCH_PRINCIPAL_HEADER} header`);
  return JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) as Principal;
}

function send(message: Record<string, unknown>): void {
  process.send!(message);
}

const cpuMicros = () => {
  const { user, system } = process.cpuUsage();
  return user + system;
};

/** Times every statement the pool's clients send (from the call to its result: PostgreSQL's work and the round trip). */
function timeStatements(pool: { on(event: 'acquire', listener: (client: { query: (...args: unknown[]) => unknown }) => void): unknown }, add: (ms: number) => void): void {
  const timed = new WeakSet<object>();
  pool.on('acquire', (client) => {
    if (timed.has(client)) return;
    timed.add(client);
    const query = client.query.bind(client);
    client.query = (...args: unknown[]) => {
      const t0 = performance.now();
      const last = args[args.length - 1];
      if (typeof last === 'function') {
        args[args.length - 1] = (...rest: unknown[]) => {
          add(performance.now() - t0);
          return (last as (...a: unknown[]) => unknown)(...rest);
        };
        return query(...args);
      }
      const result = query(...args);
      if (result && typeof (result as Promise<unknown>).then === 'function') {
        (result as Promise<unknown>).then(
          () => add(performance.now() - t0),
          () => add(performance.now() - t0),
        );
      }
      return result;
    };
  });
}

async function runSubgraphs(config: ChildConfig): Promise<{ stats: () => ChildStats; stop: () => Promise<void> }> {
  const log = createLog('bench', 'error');
  const world = await openBenchSubgraphs({
    database: config.database!,
    children: config.children!,
    keep: config.keep === true,
    today: config.today!,
    signingKey: config.signingKey,
    log,
  });
  // Planner statistics for fresh bulk inserts (and after a reuse, cheap).
  const client = new Client({ connectionString: world.url.toString() });
  await client.connect();
  await client.query('ANALYZE');
  await client.end();
  const sqlMs: Record<string, number> = {};
  for (const [name, subgraph] of Object.entries(world.subgraphs.subgraphs)) {
    sqlMs[name] = 0;
    const pool = (subgraph.db.dataSource.driver as unknown as { master: Parameters<typeof timeStatements>[0] }).master;
    timeStatements(pool, (ms) => (sqlMs[name]! += ms));
  }
  send({
    type: 'ready',
    urls: Object.fromEntries(Object.entries(world.subgraphs.subgraphs).map(([name, s]) => [name, s.url])),
    databaseUrl: world.url.toString(),
    reused: world.reused,
  });
  return {
    stats: () => ({
      cpuMicros: cpuMicros(),
      statements: Object.fromEntries(Object.entries(world.subgraphs.subgraphs).map(([name, s]) => [name, s.db.statements.count])),
      sqlMs: { ...sqlMs },
    }),
    stop: async () => {
      await world.subgraphs.stop();
      await world.server.stop();
    },
  };
}

async function runPasserelle(config: ChildConfig): Promise<{ stats: () => Promise<ChildStats>; stop: () => Promise<void> }> {
  const log = createLog('bench-gateway', 'error');
  const checkpointDir = mkdtempSync(path.join(tmpdir(), 'passerelle-bench-audit-'));
  const auditSettings = auditSettingsFor(config.signingKey, checkpointDir);
  const audit = openAudit(config.databaseUrl!, log, { keys: auditSettings.keys, checkpoints: auditSettings.checkpoints, name: 'bench-gateway' });
  await audit.migrated;
  const gateway = await startGateway({
    supergraphSdl: readFileSync(repoPath('schema/supergraph.graphql'), 'utf8'),
    subgraphUrls: config.subgraphUrls!,
    port: 0,
    host: '127.0.0.1',
    signingKey: config.signingKey,
    tokens: readTokenSettings(),
    databaseUrl: config.databaseUrl,
    audit: audit.writer,
    log,
  });
  send({ type: 'ready', url: gateway.url });
  // How long answers waited for their record's commit: the gateway's own histogram of it (the
  // writer times each append, hand-over to commit; the gateway awaits it before answering).
  const appends = gateway.metrics.registry.getSingleMetric('passerelle_audit_append_duration_seconds')!;
  return {
    stats: async () => {
      const { values } = await appends.get();
      const total = (name: string) => values.filter((v) => (v as { metricName?: string }).metricName === name).reduce((sum, v) => sum + v.value, 0);
      return { cpuMicros: cpuMicros(), auditMs: total('passerelle_audit_append_duration_seconds_sum') * 1000, audits: total('passerelle_audit_append_duration_seconds_count') };
    },
    stop: async () => {
      await gateway.stop();
      await audit.stop();
      rmSync(checkpointDir, { recursive: true, force: true });
    },
  };
}

/** Subgraph requests recorded while `capture` is on (A only: the floor replays them). */
let capturing: RecordedFetch[] | null = null;

async function runApollo(config: ChildConfig): Promise<() => Promise<void>> {
  disableVendorTelemetry();
  const { ApolloGateway, RemoteGraphQLDataSource } = await import('@apollo/gateway');
  const { ApolloServer } = await import('@apollo/server');
  const { startStandaloneServer } = await import('@apollo/server/standalone');
  type Context = { principal: Principal };
  type Options = Parameters<InstanceType<typeof RemoteGraphQLDataSource<Context>>['process']>[0];
  class SigningOnly extends RemoteGraphQLDataSource<Context> {
    constructor(
      private readonly subgraph: string,
      url: string,
    ) {
      // Node's fetch, as Passerelle's gateway uses (signing.ts says why: the default fetcher
      // reuses sockets the subgraph is closing, and costs more CPU per request).
      super({ url, fetcher: (input, init) => fetch(input, init) });
    }
    override willSendRequest({ request, context }: Options): void {
      request.http!.headers.set(PRINCIPAL_HEADER, signPrincipal(context.principal, request, config.signingKey, this.subgraph));
    }
    override async process(options: Options) {
      if (!capturing) return super.process(options);
      const record: RecordedFetch = {
        subgraph: this.subgraph,
        query: options.request.query!,
        variables: (options.request.variables ?? {}) as Record<string, unknown>,
        start: performance.now(),
        end: 0,
      };
      const list = capturing;
      try {
        return await super.process(options);
      } finally {
        record.end = performance.now();
        list.push(record);
      }
    }
  }
  const gateway = new ApolloGateway({
    supergraphSdl: readFileSync(repoPath('schema/supergraph.graphql'), 'utf8'),
    buildService: ({ name, url }) => new SigningOnly(name, config.subgraphUrls![name] ?? url!),
  });
  const server = new ApolloServer<Context>({ gateway });
  const { url } = await startStandaloneServer(server, {
    listen: { port: 0, host: '127.0.0.1' },
    context: async ({ req }: { req: IncomingMessage }) => ({ principal: principalOf(req.headers[BENCH_PRINCIPAL_HEADER] as string | undefined) }),
  });
  send({ type: 'ready', url: new URL('/graphql', url).toString() });
  return () => server.stop();
}

/** The supergraph with each subgraph's URL where it runs now (Hive Gateway reads them from the SDL). */
export function withSubgraphUrls(sdl: string, urls: Record<string, string>): string {
  return sdl.replace(/@join__graph\(name: "([^"]+)", url: "[^"]*"\)/g, (whole, name: string) => (urls[name] ? `@join__graph(name: "${name}", url: "${urls[name]}")` : whole));
}

async function runHive(config: ChildConfig): Promise<() => Promise<void>> {
  // Its fetches add an abort listener per subgraph request to a shared signal: 20 connections
  // pass Node's default of 10 and it warns of a leak that is not one.
  setMaxListeners(200);
  const load = createRequire(path.join(config.hiveDir!, 'package.json'));
  const hive = load('@graphql-hive/gateway') as {
    createGatewayRuntime: (config: Record<string, unknown>) => http.RequestListener & { dispose(): Promise<void> | void };
  };
  const byUrl = new Map(Object.entries(config.subgraphUrls!).map(([name, url]) => [url, name]));
  const supergraph = withSubgraphUrls(readFileSync(repoPath('schema/supergraph.graphql'), 'utf8'), config.subgraphUrls!);
  /** The signing, as an onFetch hook: nothing else. */
  const signingOnly = {
    onFetch({ url, options, setOptions, context }: {
      url: string;
      options: { body?: unknown; headers?: Record<string, string> };
      setOptions: (o: unknown) => void;
      context: { request: Request };
    }) {
      const subgraph = byUrl.get(url);
      if (!subgraph) return;
      if (typeof options.body !== 'string') throw new Error(`a subgraph request to ${subgraph} whose body is not JSON text`);
      const body = JSON.parse(options.body) as { query?: string; variables?: unknown };
      const principal = principalOf(context.request.headers.get(BENCH_PRINCIPAL_HEADER));
      setOptions({ ...options, headers: { ...options.headers, [PRINCIPAL_HEADER]: signPrincipal(principal, body, config.signingKey, subgraph) } });
    },
  };
  const runtime = hive.createGatewayRuntime({
    supergraph: () => supergraph,
    plugins: () => [signingOnly],
    // Its HTTP transport shares one subgraph answer among identical requests in flight, keyed
    // before onFetch adds the principal: with the bench's identical requests it would fetch once
    // for many clients (and, with different principals, share one's answer with the others).
    // Off, as P and A do no such thing; A and P would need the same to compare like with like.
    transportEntries: { '*': { options: { deduplicateInflightRequests: false } } },
    logging: 'error',
    landingPage: false,
    graphqlEndpoint: '/graphql',
  });
  const server = http.createServer(runtime);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  send({ type: 'ready', url: `http://127.0.0.1:${port}/graphql` });
  return async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
    await runtime.dispose();
  };
}

export async function runChild(role: ChildRole, config: ChildConfig): Promise<void> {
  let stats: () => ChildStats | Promise<ChildStats> = () => ({ cpuMicros: cpuMicros() });
  let stop: () => Promise<void>;
  if (role === 'subgraphs') {
    const running = await runSubgraphs(config);
    stats = running.stats;
    stop = running.stop;
  } else if (role === 'P') {
    const running = await runPasserelle(config);
    stats = running.stats;
    stop = running.stop;
  }
  else if (role === 'A') stop = await runApollo(config);
  else stop = await runHive(config);
  let stopping: Promise<void> | null = null;
  const stopOnce = () => (stopping ??= stop());
  process.on('message', (message: Message) => {
    if (message.type === 'stats') void Promise.resolve(stats()).then((value) => send({ id: message.id, stats: value }));
    else if (message.type === 'capture') {
      if (message.on) {
        capturing = [];
        send({ id: message.id });
      } else {
        const fetches = capturing ?? [];
        capturing = null;
        send({ id: message.id, fetches });
      }
    } else if (message.type === 'stop') {
      void stopOnce().then(
        () => send({ id: message.id }),
        (error: Error) => send({ id: message.id, error: error.message }),
      );
    }
  });
  // The parent went away (done, or interrupted): stop too.
  process.on('disconnect', () => {
    void stopOnce().finally(() => process.exit(0));
  });
}

if (require.main === module) {
  const role = process.argv[2] as ChildRole;
  const config = JSON.parse(process.env.PASSERELLE_BENCH_CHILD ?? '{}') as ChildConfig;
  runChild(role, config).catch((error: Error) => {
    process.stderr.write(`bench ${role}: ${error.stack ?? error.message}\n`);
    process.exit(1);
  });
}
