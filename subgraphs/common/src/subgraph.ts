import { ApolloServer, type BaseContext } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import type { IncomingMessage, Server } from 'node:http';
import { connectAndMigrate, createDatabase, databaseReadiness, type Database, type DatabaseOptions } from './database';
import { compiledExecution } from './executor';
import type { FederatedSchema } from './federation';
import { formatError } from './format-error';
import { inputChecksPlugin } from './input';
import { close, createHttpServer, listen } from './http';
import { PgNonceStore } from './access/nonce-store';
import { PgSliceStore } from './access/slice-store';
import { PRINCIPAL_HEADER, verifyPrincipal, type Principal } from './access/principal';
import { ChangeListener, SCOPE_CHANNEL } from './access/invalidation';
import { createScopeResolver, type Caseworker, type ChildScope, type LocalScope, type ScopeResolver } from './access/scope';
import type { Audience } from './access/matrix';
import { decideBeforeExecutionPlugin } from './access/decision';
import { readAccessRules } from './access/rules';
import { reportTouchedChildrenPlugin } from './audit/touched';
import { ConfigError, readConfig, readErrorConfig, readSigningKey, runMain, stopOnSignals } from './config';
import { CursorCodec, setCursorCodec } from './cursor';
import { apolloLogger, createLog, type Log } from './log';
import { metricsEndpoint, metricsPlugin, ServiceMetrics } from './metrics';
import { createTracing, traceSqlOf, tracingFromEnv, type TracingSetup } from './tracing';
import { vendorReportingDisabled } from './vendor-reporting';
import { NotificationDispatcher, type DispatcherOptions } from './notifications/dispatcher';
import { ensureNotifySchema, type Queryable } from './notifications/endpoints';

/** What makes one subgraph: its schema, its tables, and its per-request context. */
export interface SubgraphDefinition<TContext extends BaseContext> {
  /** `cases`, `placements` or `partners`: the service name and the PostgreSQL schema it owns. */
  name: string;
  entities: DatabaseOptions['entities'];
  migrations: DatabaseOptions['migrations'];
  buildSchema(): Promise<FederatedSchema>;
  /**
   * Called per request, once the gateway's signature is verified: loaders live here, so nothing
   * is cached across requests; the principal and its scope decide the rows it may see.
   */
  createContext(db: Database, request: IncomingMessage, principal: Principal, scope: ScopeResolver): Promise<TContext>;
  /** The children this subgraph's own facts put in an institution's slice (row scope). */
  localScope?(db: Database): LocalScope;
  /** The subgraph holding a département caseworker's facts (cases) answers their slice as a predicate. */
  caseworkerScope?(db: Database): (caseworker: Caseworker) => ChildScope;
  /** This subgraph's facts as SQL predicates, for audiences whose slice they alone define (`ScopeResolverOptions.localWhere`). */
  localWhere?: (audience: Audience, partnerId: string) => ChildScope | null;
  /** The children of records a request touched whose children are in a link table (`declareAuditRef`), for the audit record. */
  auditChildrenOf?(refs: Map<string, Set<string>>, context: TContext): Promise<Iterable<string>>;
  /**
   * A subgraph with a notification outbox (`<name>.notification`): each of its replicas runs the
   * webhook dispatcher over it and, every NOTIFY_SCAN_INTERVAL_MS, its idempotent deadline scan.
   */
  notifications?: { scanDeadlines?(db: Queryable, withinDays: number): Promise<number> };
}

/** The dispatcher's settings (NOTIFY_*, WEBHOOK_* by default); tests shorten them. */
export type NotifySettings = Pick<DispatcherOptions, 'maxAttempts' | 'backoff' | 'timeoutMs' | 'pollMs' | 'random'> & {
  deadlineDays: number;
  scanIntervalMs: number;
  /** false: no dispatcher at all (the outbox is still written and read). */
  enabled: boolean;
};

export function readNotifySettings(env: Record<string, string | undefined> = process.env): NotifySettings {
  const c = readConfig(
    ['NOTIFY_DEADLINE_DAYS', 'NOTIFY_SCAN_INTERVAL_MS', 'NOTIFY_POLL_MS', 'WEBHOOK_MAX_ATTEMPTS', 'WEBHOOK_BACKOFF_BASE_MS', 'WEBHOOK_BACKOFF_MAX_MS', 'WEBHOOK_TIMEOUT_MS'],
    env,
  );
  return {
    enabled: true,
    deadlineDays: c.NOTIFY_DEADLINE_DAYS,
    scanIntervalMs: c.NOTIFY_SCAN_INTERVAL_MS,
    pollMs: c.NOTIFY_POLL_MS,
    maxAttempts: c.WEBHOOK_MAX_ATTEMPTS,
    backoff: { baseMs: c.WEBHOOK_BACKOFF_BASE_MS, maxMs: c.WEBHOOK_BACKOFF_MAX_MS },
    timeoutMs: c.WEBHOOK_TIMEOUT_MS,
  };
}

export interface SubgraphOptions {
  databaseUrl: string;
  port: number;
  host: string;
  /** Shared with the gateway: a request without a valid signed principal gets 401. */
  signingKey: string;
  /** Where the other subgraphs are, by name (for row scopes that rest on their facts). */
  peers?: () => Record<string, string>;
  log?: Log;
  /** 0: retry the database forever. */
  connectAttempts?: number;
  includeStacktrace?: boolean;
  /** NODE_ENV=production: unexpected errors reach clients as "internal error". */
  production?: boolean;
  /** METRICS_TOKEN: the bearer token of GET /metrics (metrics.ts). */
  metricsToken?: string;
  /** OpenTelemetry traces (tracing.ts): null or absent, off. */
  tracing?: TracingSetup;
  /** The notification dispatcher's settings over those of the environment. */
  notify?: Partial<NotifySettings>;
  /** The fewest ids for which a slice is stored rather than sent (slice-store.ts; tests lower it). */
  storedSliceMin?: number;
}

export interface RunningSubgraph {
  name: string;
  url: string;
  port: number;
  db: Database;
  server: Server;
  /** Resolves once the database is reached and migrated. */
  ready: Promise<void>;
  /** Keeps the slice cache honest: changes to slice-defining rows drop their entries. */
  scopeListener: ChangeListener;
  /** Its Prometheus metrics (GET /metrics). */
  metrics: ServiceMetrics;
  /** The webhook dispatcher of this replica, for a subgraph with an outbox (started once migrated). */
  dispatcher: NotificationDispatcher | null;
  /** Refuses new connections, lets those in flight finish for up to `graceMs`, closes the pool. */
  stop(graceMs?: number): Promise<void>;
}

/** The pg pool under a TypeORM DataSource, once initialised. */
function poolOf(db: Database): { totalCount: number; idleCount: number; waitingCount: number } | undefined {
  return (db.dataSource.driver as unknown as { master?: { totalCount: number; idleCount: number; waitingCount: number } } | undefined)?.master;
}

export async function startSubgraph<TContext extends BaseContext>(
  definition: SubgraphDefinition<TContext>,
  options: SubgraphOptions,
): Promise<RunningSubgraph> {
  const log = options.log ?? createLog(definition.name);
  const db = createDatabase({
    url: options.databaseUrl,
    schema: definition.name,
    entities: definition.entities,
    migrations: definition.migrations,
    echoSql: process.env.LOG_SQL === '1',
    log,
  });
  // Cursors are sealed under a key derived from the signing key (cursor.ts).
  setCursorCodec(db.dataSource, CursorCodec.fromSigningKey(options.signingKey));
  const { schema, sdl } = await definition.buildSchema();
  const metrics = new ServiceMetrics(definition.name);
  const tracing = createTracing(definition.name, options.tracing ?? null);
  metrics.gauge('passerelle_db_pool_connections', 'Connections of the service’s database pool, by state (total, idle, waiting requests).', ['state'], () => {
    const pool = db.dataSource.isInitialized ? poolOf(db) : undefined;
    if (!pool) return [];
    return [
      { labels: { state: 'total' }, value: pool.totalCount },
      { labels: { state: 'idle' }, value: pool.idleCount },
      { labels: { state: 'waiting' }, value: pool.waitingCount },
    ];
  });
  const apollo = new ApolloServer<TContext>({
    // Apollo Server's pipeline with graphql-jit's execution (executor.ts): a gateway is the one
    // way Apollo Server takes an executor.
    gateway: compiledExecution(schema, sdl),
    logger: apolloLogger(log),
    includeStacktraceInErrorResponses: options.includeStacktrace ?? false,
    formatError: formatError(options.production ?? false),
    // Passerelle owns the signals (stopOnSignals): Apollo's handler stops and re-raises the
    // signal before the HTTP server has drained.
    stopOnTerminationSignals: false,
    plugins: [
      ...vendorReportingDisabled<TContext>(),
      ApolloServerPluginInlineTraceDisabled(),
      // No cache hints in Passerelle (every answer is personal, never cached): without this, Apollo
      // Server's default cache-control plugin wraps every field's resolver to read hints (issue 14).
      ApolloServerPluginCacheControlDisabled(),
      metricsPlugin<TContext>(metrics, log),
      inputChecksPlugin<TContext>(schema),
      reportTouchedChildrenPlugin<TContext>(definition.auditChildrenOf?.bind(definition)),
      decideBeforeExecutionPlugin<TContext>(schema, readAccessRules(sdl)),
    ],
  });
  await apollo.start();
  // Its own small pool, outside the statement counter: spending a nonce is transport, not a query.
  const nonces = new PgNonceStore(options.databaseUrl, { log, application: `passerelle-${definition.name}-nonces` });
  // Its own connection, outside TypeORM's pool: LISTEN holds it for the life of the process.
  const scopeListener = new ChangeListener({
    url: options.databaseUrl,
    channels: [SCOPE_CHANNEL],
    log,
    name: `passerelle-${definition.name}-scope`,
  });
  // Its own small pool too: storing a long slice once is the cache's work, not a request's query.
  const slices = new PgSliceStore(options.databaseUrl, { log, application: `passerelle-${definition.name}-slices` });
  const scope = createScopeResolver({
    slices,
    storedSliceMin: options.storedSliceMin,
    log,
    listener: scopeListener,
    self: definition.name,
    local: definition.localScope?.(db) ?? (async () => []),
    caseworkerLocal: definition.caseworkerScope?.(db),
    localWhere: definition.localWhere,
    peers: options.peers ?? (() => ({})),
    signingKey: options.signingKey,
  });
  const notify = { ...readNotifySettings(), ...options.notify };
  const dispatcher =
    definition.notifications && notify.enabled
      ? new NotificationDispatcher({
          databaseUrl: options.databaseUrl,
          schema: definition.name,
          log,
          ...notify,
          deadlines: definition.notifications.scanDeadlines
            ? { scan: definition.notifications.scanDeadlines, withinDays: notify.deadlineDays, intervalMs: notify.scanIntervalMs }
            : undefined,
        })
      : null;
  const server = createHttpServer<TContext>({
    apollo,
    context: async (request, body) => {
      const principal = await verifyPrincipal(request.headers[PRINCIPAL_HEADER], body, options.signingKey, {
        subgraph: definition.name,
        replay: nonces,
      });
      return definition.createContext(db, request, principal, scope);
    },
    readiness: () => databaseReadiness(db),
    metrics,
    metricsEndpoint: metricsEndpoint(metrics, options.metricsToken, options.production ?? false),
    log,
    tracer: tracing?.tracer,
  });
  const port = await listen(server, options.port, options.host);
  const abort = new AbortController();
  // The HTTP server is up before the database: /health answers and /ready says why it is red.
  const ready = connectAndMigrate(db, options.databaseUrl, log, {
    attempts: options.connectAttempts,
    signal: abort.signal,
  }).then(() => {
    const pool = poolOf(db);
    if (tracing && pool) traceSqlOf(pool as unknown as Parameters<typeof traceSqlOf>[0], definition.name);
  })
    .then(() => nonces.ensureTable().catch((error: Error) => log.error(`nonce store: ${error.message}; retried per request`)))
    .then(() => ensureNotifySchema(db.dataSource))
    .then(() => {
      if (dispatcher && !abort.signal.aborted) dispatcher.start();
    });
  ready.catch(() => undefined);
  const url = `http://${options.host === '0.0.0.0' ? '127.0.0.1' : options.host}:${port}/graphql`;
  let stopping: Promise<void> | undefined;
  return {
    name: definition.name,
    url,
    port,
    db,
    server,
    ready,
    scopeListener,
    metrics,
    dispatcher,
    // Idempotent: a test may stop one subgraph, then the whole stack.
    stop(graceMs = 0) {
      stopping ??= (async () => {
        abort.abort();
        await close(server, graceMs);
        await apollo.stop();
        await dispatcher?.stop();
        await scopeListener.stop();
        await nonces.close();
        await slices.close();
        if (db.dataSource.isInitialized) await db.dataSource.destroy();
        await tracing?.shutdown();
      })();
      return stopping;
    },
  };
}

/**
 * The whole of a subgraph's `main`: read its configuration, start, log when ready. Used to run
 * one subgraph alone (docker-compose, or one service under development).
 */
export function runSubgraphMain<TContext extends BaseContext>(
  definition: SubgraphDefinition<TContext>,
  portVariable: 'CASES_PORT' | 'PLACEMENTS_PORT' | 'PARTNERS_PORT',
): void {
  runMain(async () => {
    const config = readConfig([
      'DATABASE_URL',
      portVariable,
      'HOST',
      'DB_CONNECT_ATTEMPTS',
      'LOG_LEVEL',
      'CASES_URL',
      'PLACEMENTS_URL',
      'PARTNERS_URL',
      'LOG_FORMAT',
      'METRICS_TOKEN',
    ]);
    const errors = readErrorConfig();
    if (!config.DATABASE_URL) throw new ConfigError('DATABASE_URL', 'is required to run one subgraph alone');
    const log = createLog(definition.name, config.LOG_LEVEL, config.LOG_FORMAT);
    const running = await startSubgraph(definition, {
      databaseUrl: config.DATABASE_URL,
      port: config[portVariable],
      host: config.HOST,
      log,
      signingKey: readSigningKey(),
      peers: () => ({ cases: config.CASES_URL, placements: config.PLACEMENTS_URL, partners: config.PARTNERS_URL }),
      connectAttempts: config.DB_CONNECT_ATTEMPTS,
      metricsToken: config.METRICS_TOKEN,
      tracing: tracingFromEnv(),
      ...errors,
    });
    log.info(`listening on ${running.url}`);
    const { SHUTDOWN_GRACE_MS } = readConfig(['SHUTDOWN_GRACE_MS']);
    stopOnSignals(() => running.stop(SHUTDOWN_GRACE_MS), log, SHUTDOWN_GRACE_MS);
    await running.ready;
    log.info('ready');
  });
}
