import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import {
  ChangeListener,
  close,
  createHttpServer,
  createLog,
  DIRECTORY_CHANNEL,
  disableVendorTelemetry,
  formatError,
  listen,
  apolloLogger,
  metricsEndpoint,
  metricsPlugin,
  readAccessRules,
  ServiceMetrics,
  createTracing,
  requestTrace,
  type TracingSetup,
  type Audience,
  vendorReportingDisabled,
  type AuditWriter,
  type Log,
  type Principal,
  type Readiness,
} from '@passerelle/common';
import { auditPlugin, refusalRecorder } from './audit/audit-plugin';
import type { GraphQLSchema } from 'graphql';
import type { IncomingMessage, Server } from 'node:http';
import { fieldRulesPlugin } from './access/field-rules';
import { limitsPlugin } from './access/limits';
import { contractPlugin } from './access/contract-plugin';
import { DocumentPlans } from './access/document-plans';
import { deriveContracts, type Contracts } from './access/contracts';

import { claimedBy, createAuthenticator } from './auth/authenticate';
import { cachedDirectory, subgraphDirectory, type PartnerDirectory } from './auth/directory';
import { cachedIdentities, createOidcVerifier, providerDiscovery, subgraphIdentities } from './auth/oidc';
import { createTokenVerifier, type TokenSettings } from './auth/tokens';
import { explorerRoutes } from './explorer';
import { developmentPicker } from './explorer-sign-in';
import { trustedDocumentsPlugin } from './documents/plugin';
import { PgTrustedDocuments, type TrustedDocuments } from './documents/store';
import { SigningDataSource, type GatewayContext, type RequestAudit } from './signing';

export interface GatewayOptions {
  /** The composed supergraph (schema/supergraph.graphql). */
  supergraphSdl: string;
  /** Where each subgraph is reached, by subgraph name; overrides the URLs in the supergraph. */
  subgraphUrls: Record<string, string>;
  port: number;
  host: string;
  /** Shared with the subgraphs: signs the principal forwarded to them. */
  signingKey: string;
  tokens: Omit<TokenSettings, 'production'>;
  /** Who may act (partner, member, agreement); default: asks the partners subgraph. */
  directory?: PartnerDirectory;
  /**
   * The database the partners subgraph writes to: the default directory's cache listens there
   * for changes of partners, members and agreements. Absent: the directory is asked at every
   * request (nothing cached can then outlive a revocation).
   */
  databaseUrl?: string;
  /** Where every operation is recorded before its answer leaves. */
  audit: AuditWriter;
  log?: Log;
  includeStacktrace?: boolean;
  production?: boolean;
  /** METRICS_TOKEN: the bearer token of GET /metrics. */
  metricsToken?: string;
  /** OpenTelemetry traces (tracing.ts): null or absent, off. */
  tracing?: TracingSetup;
  /**
   * Trusted documents: the registry (default: PostgreSQL at `databaseUrl`, none without) and the
   * audiences that may run nothing else (default: none).
   */
  trustedDocuments?: { store?: TrustedDocuments; required?: readonly Audience[] };
  /**
   * Benchmarks only (`npm run bench`), never from configuration: `off` serves every request as
   * the département without tokens, contracts, field rules or audit, to measure what they cost.
   */
  policy?: 'enforced' | 'off';
  /**
   * Benchmarks only, with `policy: 'off'`: the principal every request is served as (default: a
   * département manager), so that policy on and off ask the subgraphs for the same slice.
   */
  benchmarkPrincipal?: Principal;
}

export interface RunningGateway {
  url: string;
  port: number;
  server: Server;
  /** Its Prometheus metrics (GET /metrics). */
  metrics: ServiceMetrics;
  /** The directory cache's LISTEN connection (null: no directory cache). */
  directoryListener: ChangeListener | null;
  /** Refuses new connections and answers those in flight (up to `graceMs`), then stops. */
  stop(graceMs?: number): Promise<void>;
}

const BENCHMARK_PRINCIPAL: Principal = {
  sub: 'benchmark',
  partnerId: 'benchmark',
  audience: 'department',
  scopes: [],
  department: { role: 'MANAGER', teamId: null, communes: [] },
};

async function subgraphReadiness(urls: Record<string, string>): Promise<Readiness> {
  const checks: Record<string, string> = {};
  await Promise.all(
    Object.entries(urls).map(async ([name, url]) => {
      try {
        const response = await fetch(new URL('/ready', url), { signal: AbortSignal.timeout(2000) });
        checks[name] = response.ok ? 'ready' : `not ready (HTTP ${response.status})`;
      } catch (error) {
        checks[name] = `unreachable (${(error as Error).message})`;
      }
    }),
  );
  return { ready: Object.values(checks).every((c) => c === 'ready'), checks };
}

/**
 * The audience the request was served as (`passerelle-audience`), for the explorer: a provider's
 * token does not carry it (the directory decides), and the page's examples follow it.
 */
function audienceHeaderPlugin(): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ contextValue, response }) {
          if (contextValue.principal) response.http.headers.set('passerelle-audience', contextValue.principal.audience);
        },
      };
    },
  };
}

/**
 * The gateway: a static supergraph (composed ahead of time and checked in), served by
 * @apollo/gateway on Apollo Server, with Passerelle's access layers as plugins:
 * authentication (context), the audience contract (validation, introspection), principal-level
 * field rules (response), and the signed principal on every subgraph request.
 */
export async function startGateway(options: GatewayOptions): Promise<RunningGateway> {
  const rules = readAccessRules(options.supergraphSdl);
  const enforced = options.policy !== 'off';
  let apiSchema: GraphQLSchema | undefined;
  let contracts: Contracts | undefined;
  // Read by the constructor: without it, a data-collection exporter to Apollo and cloud metadata
  // probes start (no-phone-home.ts). Already set when @passerelle/common loaded; set again here,
  // where it is read, so that no caller can construct the gateway without it.
  disableVendorTelemetry();
  const log = options.log ?? createLog('gateway');
  const metrics = new ServiceMetrics('gateway');
  const tracing = createTracing('gateway', options.tracing ?? null);
  const fetches = metrics.histogram(
    'passerelle_subgraph_fetch_duration_seconds',
    'Time of each request the gateway sends to a subgraph, by subgraph and outcome (ok, error, unavailable).',
    ['subgraph', 'outcome'],
    [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  );
  const appends = metrics.histogram(
    'passerelle_audit_append_duration_seconds',
    'Time from handing a record to the audit writer to its commit (or failure): the audit lag each answer waits for.',
    ['outcome'],
    [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
  );
  options.audit.observe = (seconds, committed) => appends.observe({ outcome: committed ? 'committed' : 'failed' }, seconds);
  metrics.gauge('passerelle_audit_backlog_records', 'Audit records handed to the writer and not yet committed.', [], () => [{ value: options.audit.backlog }]);
  const gateway = new ApolloGateway({
    supergraphSdl: options.supergraphSdl,
    logger: apolloLogger(log),
    buildService: ({ name, url }) =>
      new SigningDataSource(name, options.subgraphUrls[name] ?? url!, options.signingKey, (outcome, seconds) =>
        fetches.observe({ subgraph: name, outcome }, seconds),
      ),
  });
  // What the policy decides from a document alone, per audience (document-plans.ts).
  const plans = new DocumentPlans();
  gateway.onSchemaLoadOrUpdate(({ apiSchema: schema }) => {
    apiSchema = schema;
    contracts = deriveContracts(schema, rules);
    plans.reset();
  });
  const partnersUrl = options.subgraphUrls.partners;
  // Its own connection, outside the audit writer's pool: LISTEN holds it for the process's life.
  const directoryListener =
    options.directory || !options.databaseUrl
      ? null
      : new ChangeListener({ url: options.databaseUrl, channels: [DIRECTORY_CHANNEL], log: options.log, name: 'passerelle-gateway-directory' });
  const directory =
    options.directory ??
    cachedDirectory(subgraphDirectory(partnersUrl ?? 'http://127.0.0.1:4003/graphql', options.signingKey), directoryListener);
  // Documents by id: the registry the publishing tool writes; without a database, none is registered.
  const ownedDocuments = !options.trustedDocuments?.store && options.databaseUrl ? new PgTrustedDocuments(options.databaseUrl, log) : null;
  const documents: TrustedDocuments = options.trustedDocuments?.store ?? ownedDocuments ?? { find: async () => null };
  // Sign-in with an OpenID Connect provider: its tokens name an identity, which the directory maps
  // to a member (cached like the directory's answers, dropped at any change of a member).
  const discover = options.tokens.oidc ? providerDiscovery(options.tokens.oidc.issuer) : undefined;
  const oidc = options.tokens.oidc
    ? createOidcVerifier(
        options.tokens.oidc,
        cachedIdentities(subgraphIdentities(partnersUrl ?? 'http://127.0.0.1:4003/graphql', options.signingKey), directoryListener),
        discover,
      )
    : undefined;
  // In production with a provider and no JWT_JWKS_URL, its tokens are the only ones accepted.
  const tokenVerifier =
    options.production && oidc && !options.tokens.jwksUrl ? null : createTokenVerifier({ ...options.tokens, production: options.production ?? false });
  const authenticate = createAuthenticator(tokenVerifier, directory, oidc);
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    logger: apolloLogger(log),
    includeStacktraceInErrorResponses: options.includeStacktrace ?? false,
    // With the policy on, every operation is validated against its audience's contract instead
    // (contract-plugin.ts): validating against the whole API schema first would let its messages
    // and suggestions describe fields the audience may not know exist.
    dangerouslyDisableValidation: enforced,
    // No automatic persisted queries (a client registering its own documents): documents by id
    // are the trusted ones only (documents/plugin.ts).
    persistedQueries: false,
    formatError: formatError(options.production ?? false),
    // Passerelle owns the signals (stopOnSignals): Apollo's handler stops and re-raises the
    // signal before the HTTP server has drained.
    stopOnTerminationSignals: false,
    plugins: [
      ...vendorReportingDisabled<GatewayContext>(),
      metricsPlugin<GatewayContext>(metrics, log),
      limitsPlugin(undefined, plans),
      ...(enforced
        ? [
            trustedDocumentsPlugin(documents, new Set(options.trustedDocuments?.required ?? [])),
            contractPlugin(() => contracts!, () => rules, plans),
            fieldRulesPlugin(() => apiSchema!, () => rules, plans),
            auditPlugin(options.audit, () => apiSchema!, rules, log, plans),
            audienceHeaderPlugin(),
          ]
        : []),
    ],
  });
  await apollo.start();
  // Each request's audit state, from the context (what its token claimed, whether it held) to the
  // HTTP front, which records what the audit plugin did not see.
  const states = new WeakMap<IncomingMessage, RequestAudit>();
  const server = createHttpServer<GatewayContext>({
    apollo,
    context: async (request) => {
      if (!enforced) return { principal: options.benchmarkPrincipal ?? BENCHMARK_PRINCIPAL, touched: new Set<string>(), trace: requestTrace(request) };
      const audit: RequestAudit = { claims: claimedBy(request), verified: false, recorded: false };
      states.set(request, audit);
      const principal = await authenticate(request, () => {
        audit.verified = true;
      });
      return { principal, touched: new Set<string>(), audit, trace: requestTrace(request) };
    },
    settle: enforced ? refusalRecorder(options.audit, () => apiSchema, rules, states, claimedBy, log) : undefined,
    routes: explorerRoutes({
      signIn: {
        ...(options.tokens.oidc && discover ? { provider: { settings: options.tokens.oidc, discover } } : {}),
        development: developmentPicker(options.tokens, options.production ?? false),
        tokenField: !(options.production && oidc),
      },
    }),
    metrics,
    metricsEndpoint: metricsEndpoint(metrics, options.metricsToken, options.production ?? false),
    log,
    tracer: tracing?.tracer,
    readiness: async () => {
      const [subgraphs, audit] = await Promise.all([subgraphReadiness(options.subgraphUrls), options.audit.ready()]);
      return {
        ready: subgraphs.ready && audit,
        checks: { supergraph: 'loaded', audit: audit ? 'ready' : 'unreachable', ...subgraphs.checks },
      };
    },
  });
  const port = await listen(server, options.port, options.host);
  return {
    url: `http://${options.host === '0.0.0.0' ? '127.0.0.1' : options.host}:${port}/graphql`,
    port,
    server,
    metrics,
    directoryListener,
    async stop(graceMs = 0) {
      await close(server, graceMs);
      await apollo.stop();
      await directoryListener?.stop();
      await ownedDocuments?.close();
      await tracing?.shutdown();
    },
  };
}
