import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { Kind, type OperationDefinitionNode } from 'graphql';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import type { Principal } from './access/principal';
import type { Log } from './log';
import { currentTrace } from './trace';

/**
 * A service's Prometheus metrics (`GET /metrics`, prom-client), one registry per service (the
 * four services share a process under `npm start`), each series labelled with the service:
 *   passerelle_http_requests_total{route,status}        every HTTP request, refused ones included;
 *   passerelle_graphql_operations_total{operation,audience,outcome}
 *   passerelle_graphql_operation_duration_seconds{operation,audience}
 *   passerelle_subgraph_fetch_duration_seconds{subgraph,outcome}   (gateway)
 *   passerelle_db_pool_connections{state}               total, idle, waiting (subgraphs)
 *   passerelle_audit_backlog_records, passerelle_audit_append_duration_seconds{outcome}   (gateway)
 * plus Node's process metrics. Labels carry no personal data and are bounded: `operation` is the
 * operation type and its root fields as the schema names them (never the client's operation
 * name, which is free text), `outcome` the first error code, `audience` one of the matrix's.
 */
export class ServiceMetrics {
  readonly registry = new Registry();
  readonly httpRequests: Counter<'route' | 'status'>;
  readonly operations: Counter<'operation' | 'audience' | 'outcome'>;
  readonly operationDuration: Histogram<'operation' | 'audience'>;
  private readonly operationLabels = new Set<string>();

  constructor(readonly service: string) {
    this.registry.setDefaultLabels({ service });
    collectDefaultMetrics({ register: this.registry, prefix: 'passerelle_' });
    this.httpRequests = new Counter({
      name: 'passerelle_http_requests_total',
      help: 'HTTP requests answered, by route and status (refusals before GraphQL included).',
      labelNames: ['route', 'status'],
      registers: [this.registry],
    });
    this.operations = new Counter({
      name: 'passerelle_graphql_operations_total',
      help: 'GraphQL operations, by operation (type and root fields), audience and outcome (OK or the first error code).',
      labelNames: ['operation', 'audience', 'outcome'],
      registers: [this.registry],
    });
    this.operationDuration = new Histogram({
      name: 'passerelle_graphql_operation_duration_seconds',
      help: 'Time from receiving a GraphQL operation to its answer, by operation and audience.',
      labelNames: ['operation', 'audience'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [this.registry],
    });
  }

  /**
   * The `operation` label of a request: at most MAX_OPERATION_LABELS distinct values per
   * process (a client sending ever new combinations of root fields cannot grow the series
   * without bound); past it, `other`.
   */
  operationLabel(operation: OperationDefinitionNode | undefined | null): string {
    if (!operation) return 'invalid';
    const fields = new Set<string>();
    for (const selection of operation.selectionSet.selections) {
      if (selection.kind === Kind.FIELD) fields.add(selection.name.value);
      else fields.add('…');
    }
    const label = `${operation.operation} ${[...fields].sort().join(',')}`.slice(0, 200);
    if (this.operationLabels.has(label)) return label;
    if (this.operationLabels.size >= MAX_OPERATION_LABELS) return 'other';
    this.operationLabels.add(label);
    return label;
  }

  /** A gauge read at each scrape (pool sizes, the audit backlog). */
  gauge(name: string, help: string, labelNames: string[], read: () => Array<{ labels?: Record<string, string>; value: number }>): void {
    new Gauge({
      name,
      help,
      labelNames,
      registers: [this.registry],
      collect() {
        this.reset();
        for (const { labels, value } of read()) {
          if (labels) this.set(labels, value);
          else this.set(value);
        }
      },
    });
  }

  histogram<L extends string>(name: string, help: string, labelNames: L[], buckets?: number[]): Histogram<L> {
    return new Histogram({ name, help, labelNames, buckets, registers: [this.registry] });
  }
}

export const MAX_OPERATION_LABELS = 500;

/** Where Prometheus finds the metrics, and who may read them. */
export interface MetricsEndpoint {
  metrics: ServiceMetrics;
  /** Required bearer token; null: open (development only). */
  token: string | null;
}

/**
 * The metrics endpoint of a service, or none: with METRICS_TOKEN set it asks for that bearer
 * token; without, it is open in development and absent in production (counts by audience and
 * operation are not for everyone who can reach the port).
 */
export function metricsEndpoint(metrics: ServiceMetrics, token: string | undefined, production: boolean): MetricsEndpoint | null {
  if (token) return { metrics, token };
  return production ? null : { metrics, token: null };
}

const bearer = (request: IncomingMessage) => /^Bearer\s+(.+)$/i.exec(request.headers.authorization ?? '')?.[1] ?? '';

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export async function serveMetrics(endpoint: MetricsEndpoint, request: IncomingMessage, response: ServerResponse): Promise<void> {
  if (endpoint.token !== null && !sameSecret(bearer(request), endpoint.token)) {
    response.writeHead(401, { 'content-type': 'text/plain; charset=utf-8', 'www-authenticate': 'Bearer' });
    response.end('metrics need the METRICS_TOKEN bearer token\n');
    return;
  }
  const body = await endpoint.metrics.registry.metrics();
  response.writeHead(200, { 'content-type': endpoint.metrics.registry.contentType, 'cache-control': 'no-store' });
  response.end(body);
}

/**
 * Counts and times every GraphQL operation the service executes (or refuses inside GraphQL), and
 * logs it at debug level: its label, audience, outcome and time — never its variables or answer.
 */
export function metricsPlugin<TContext extends BaseContext>(metrics: ServiceMetrics, log?: Log): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      const started = performance.now();
      return {
        async willSendResponse({ operation, contextValue, response }) {
          const principal = (contextValue as { principal?: Principal }).principal;
          const audience = principal?.audience ?? 'none';
          const label = metrics.operationLabel(operation);
          const errors = response.body.kind === 'single' ? response.body.singleResult.errors : undefined;
          const code = errors?.[0]?.extensions?.code;
          const outcome = errors && errors.length > 0 ? (typeof code === 'string' ? code.slice(0, 40) : 'ERROR') : 'OK';
          const seconds = (performance.now() - started) / 1000;
          const span = currentTrace()?.span;
          if (span) {
            span.updateName(label);
            span.setAttribute('graphql.operation.type', operation?.operation ?? 'invalid');
            span.setAttribute('passerelle.audience', audience);
            span.setAttribute('passerelle.outcome', outcome);
          }
          metrics.operations.inc({ operation: label, audience, outcome });
          metrics.operationDuration.observe({ operation: label, audience }, seconds);
          log?.debug(`operation ${label}: ${outcome}`, { operation: label, audience, outcome, ms: Math.round(seconds * 1000) });
        },
      };
    },
  };
}

/** Labels of an HTTP route: the known ones, or `other` (a scanner's paths do not become series). */
export function routeLabel(pathname: string, known: Iterable<string>): string {
  for (const route of known) if (route === pathname) return route;
  return 'other';
}
