import { readTokenSettings, startGateway, type PartnerDirectory, type RunningGateway, type TokenSettings } from '@passerelle/gateway';
import { randomBytes } from 'node:crypto';
import {
  createLog,
  openAudit,
  readAuditSettings,
  repoPath,
  startSubgraph,
  today,
  type AuditSettings,
  type AuditWriter,
  type Log,
  type LogFormat,
  type LogLevel,
  type LogSink,
  type RunningSubgraph,
  type NotifySettings,
  type SeedPlan,
  type TracingSetup,
  type Audience,
} from '@passerelle/common';
import { readFileSync } from 'node:fs';
import { SUBGRAPHS } from './subgraphs';

export interface StackOptions {
  databaseUrl: string;
  host?: string;
  /** Ports by variable name; 0 or absent: any free port. */
  ports?: Partial<Record<'GATEWAY_PORT' | 'CASES_PORT' | 'PLACEMENTS_PORT' | 'PARTNERS_PORT', number>>;
  /** Seed the demo world into schemas that are still empty. */
  seed?: Omit<SeedPlan, 'today'> & { today?: string };
  supergraphPath?: string;
  includeStacktrace?: boolean;
  production?: boolean;
  /** Shared by gateway and subgraphs; random when absent (one process: nobody else needs it). */
  signingKey?: string;
  tokens?: Omit<TokenSettings, 'production'>;
  /** Who may act; default: the partners subgraph answers. */
  directory?: PartnerDirectory;
  /** The audit trail's keys and checkpoint directory; default: from the environment (AUDIT_*), the key derived from `signingKey`. */
  audit?: AuditSettings;
  /** The notification dispatchers' settings over those of the environment (tests shorten them). */
  notify?: Partial<NotifySettings>;
  log?: Log;
  /** The subgraphs' own logs: level (default error) and format (default LOG_FORMAT's). */
  logLevel?: LogLevel;
  logFormat?: LogFormat;
  /** Where the subgraphs' log lines go (default stderr). */
  logSink?: LogSink;
  /** METRICS_TOKEN: the bearer token of each service's GET /metrics. */
  metricsToken?: string;
  /** OpenTelemetry traces of every service (tracing.ts); null or absent: off. */
  tracing?: TracingSetup;
  /** Audiences that may run only their registered documents (TRUSTED_DOCUMENTS). */
  trustedDocuments?: readonly Audience[];
  /** The fewest ids for which the subgraphs store a slice rather than send it (tests lower it). */
  storedSliceMin?: number;
}

export interface Stack {
  /** The key gateway and subgraphs share (tests sign subgraph requests with it). */
  signingKey: string;
  gateway: RunningGateway;
  subgraphs: Record<string, RunningSubgraph>;
  /** The audit trail's keys and checkpoint directory, and the gateway's writer (its own chain). */
  audit: AuditSettings;
  auditWriter: AuditWriter;
  /**
   * Gateway first (new connections refused, those in flight answered for up to `graceMs`, each
   * with its audit record), then the audit pool, then the subgraphs and their pools.
   */
  stop(graceMs?: number): Promise<void>;
}

/** The three subgraphs, started (and seeded when asked) without a gateway. */
export interface SubgraphSet {
  subgraphs: Record<string, RunningSubgraph>;
  /** Each subgraph, its pool then its server (up to `graceMs` for the requests in flight). */
  stop(graceMs?: number): Promise<void>;
}

/**
 * The three subgraphs, each on its own HTTP port, against one PostgreSQL, migrated and — with
 * `seed` — seeded where their schemas are still empty. startStack puts the gateway in front;
 * `npm run bench` runs them alone, in a process of their own, to read their CPU time.
 */
export async function startSubgraphs(options: Omit<StackOptions, 'signingKey'> & { signingKey: string }): Promise<SubgraphSet> {
  const host = options.host ?? '127.0.0.1';
  const log = options.log ?? createLog('passerelle');
  const subgraphs: Record<string, RunningSubgraph> = {};
  const started: RunningSubgraph[] = [];
  const stop = (graceMs?: number) => Promise.all(started.map((s) => s.stop(graceMs))).then(() => undefined);
  try {
    for (const entry of SUBGRAPHS) {
      const running = await startSubgraph(entry.definition, {
        databaseUrl: options.databaseUrl,
        port: options.ports?.[entry.portVariable] ?? 0,
        host,
        log: createLog(entry.definition.name, options.logLevel === 'debug' ? 'debug' : options.logLevel === 'silent' ? 'silent' : 'error', options.logFormat, options.logSink),
        metricsToken: options.metricsToken,
        tracing: options.tracing,
        includeStacktrace: options.includeStacktrace,
        production: options.production,
        signingKey: options.signingKey,
        notify: options.notify,
        storedSliceMin: options.storedSliceMin,
        peers: () => Object.fromEntries(started.map((s) => [s.name, s.url])),
      });
      started.push(running);
      subgraphs[entry.definition.name] = running;
    }
    await Promise.all(started.map((s) => s.ready));
    if (options.seed && options.seed.children > 0) {
      const plan: SeedPlan = { children: options.seed.children, today: options.seed.today ?? today() };
      for (const entry of SUBGRAPHS) {
        const { dataSource } = subgraphs[entry.definition.name]!.db;
        if (await entry.isEmpty(dataSource)) {
          const t0 = Date.now();
          await entry.seed(dataSource, plan, { keepImported: true });
          log.info(`seeded ${entry.definition.name} (${plan.children} children) in ${Date.now() - t0} ms`);
        }
      }
    }
    return { subgraphs, stop };
  } catch (error) {
    await Promise.all(started.map((s) => s.stop().catch(() => undefined)));
    throw error;
  }
}

/**
 * The whole platform in one process: the three subgraphs and the gateway, each on its own HTTP
 * port, against one PostgreSQL. `npm start` and the cross-service tests both use it.
 */
export async function startStack(options: StackOptions): Promise<Stack> {
  const host = options.host ?? '127.0.0.1';
  const signingKey = options.signingKey ?? randomBytes(32).toString('base64url');
  const log = options.log ?? createLog('passerelle');
  const set = await startSubgraphs({ ...options, signingKey, log });
  const { subgraphs } = set;
  const started = Object.values(subgraphs);
  try {
    const auditSettings = options.audit ?? readAuditSettings(process.env, signingKey, options.databaseUrl);
    const audit = openAudit(options.databaseUrl, log, {
      keys: auditSettings.keys,
      checkpoints: auditSettings.checkpoints,
      checkpointIntervalMs: auditSettings.checkpointIntervalMs,
      name: 'gateway',
    });
    await audit.migrated;
    const gateway = await startGateway({
      supergraphSdl: readFileSync(repoPath(options.supergraphPath ?? 'schema/supergraph.graphql'), 'utf8'),
      subgraphUrls: Object.fromEntries(started.map((s) => [s.name, s.url])),
      port: options.ports?.GATEWAY_PORT ?? 0,
      host,
      includeStacktrace: options.includeStacktrace,
      production: options.production,
      signingKey,
      tokens: options.tokens ?? readTokenSettings(),
      directory: options.directory,
      databaseUrl: options.databaseUrl,
      audit: audit.writer,
      log,
      metricsToken: options.metricsToken,
      tracing: options.tracing,
      trustedDocuments: { required: options.trustedDocuments ?? [] },
    });
    return {
      signingKey,
      gateway,
      subgraphs,
      audit: auditSettings,
      auditWriter: audit.writer,
      async stop(graceMs = 0) {
        await gateway.stop(graceMs);
        await audit.stop();
        await set.stop(graceMs);
      },
    };
  } catch (error) {
    await set.stop().catch(() => undefined);
    throw error;
  }
}
