import type { Tracer } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor, SimpleSpanProcessor, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import { ConfigError } from './config';
import { followTracesImplicitly, startStep } from './trace';

/**
 * OpenTelemetry traces, off by default. On with the standard variables: OTEL_TRACES_EXPORTER=otlp
 * (OTLP over HTTP, JSON; OTEL_EXPORTER_OTLP_ENDPOINT or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT,
 * OTEL_EXPORTER_OTLP_HEADERS, read by the exporter itself) and OTEL_SERVICE_NAME as a prefix of
 * the service names (`passerelle` by default: `passerelle-gateway`, `passerelle-cases`…).
 * Each service has its own provider (under `npm start` the four share a process but are four
 * services in the traces). Spans carry no personal data: names of routes, operations and SQL
 * statements (parameterised: their values are never in the text), codes and durations.
 */
export interface Tracing {
  tracer: Tracer;
  /** Sends what is buffered (tests; shutdown). */
  flush(): Promise<void>;
  shutdown(): Promise<void>;
}

export type TracingSetup = { exporter: SpanExporter; batch?: boolean } | null;

/** What OTEL_* asks for: null (off), or an OTLP exporter. */
export function tracingFromEnv(env: NodeJS.ProcessEnv = process.env): TracingSetup {
  const exporter = (env.OTEL_TRACES_EXPORTER ?? 'none').trim();
  if (exporter === '' || exporter === 'none') return null;
  if (env.OTEL_SDK_DISABLED === 'true') return null;
  if (exporter !== 'otlp') throw new ConfigError('OTEL_TRACES_EXPORTER', `must be otlp or none, got "${exporter}"`);
  return { exporter: new OTLPTraceExporter(), batch: true };
}

export function createTracing(service: string, setup: TracingSetup, env: NodeJS.ProcessEnv = process.env): Tracing | null {
  if (!setup) return null;
  // Each SQL statement's span is a child of its request's, found deep in the request's work.
  followTracesImplicitly();
  const prefix = env.OTEL_SERVICE_NAME?.trim() || 'passerelle';
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': `${prefix}-${service}`, 'service.namespace': prefix }),
    spanProcessors: [setup.batch ? new BatchSpanProcessor(setup.exporter) : new SimpleSpanProcessor(setup.exporter)],
  });
  return {
    tracer: provider.getTracer('passerelle'),
    flush: () => provider.forceFlush(),
    shutdown: () => provider.shutdown(),
  };
}

interface QueryableClient {
  query: (...args: unknown[]) => unknown;
}

/** The SQL verb of a statement, as the span's name (`SELECT`, `INSERT`…): never its values. */
function verbOf(sql: string | undefined): string {
  const verb = sql === undefined ? undefined : /^\s*(?:WITH\b[\s\S]*?\)\s*)?([A-Za-z]+)/.exec(sql)?.[1];
  return verb ? verb.toUpperCase() : 'SQL';
}

/**
 * Each statement a pg pool's clients send becomes a span of the request being served (a child
 * of the service's request span), named by its verb, with the statement text (parameterised).
 */
export function traceSqlOf(pool: { on(event: 'acquire', listener: (client: QueryableClient) => void): unknown }, database: string): void {
  const traced = new WeakSet<QueryableClient>();
  // On checkout rather than on connect: the clients opened before this was called are traced too.
  pool.on('acquire', (client) => {
    if (traced.has(client)) return;
    traced.add(client);
    const query = client.query.bind(client);
    client.query = (...args: unknown[]) => {
      const [text] = args;
      const raw = typeof text === 'string' ? text : (text as { text?: unknown } | null)?.text;
      const sql = typeof raw === 'string' ? raw : undefined;
      const step = startStep(verbOf(sql), 'client', {
        'db.system.name': 'postgresql',
        'db.namespace': database,
        ...(sql !== undefined ? { 'db.query.text': sql.slice(0, 2000) } : {}),
      });
      const last = args[args.length - 1];
      if (typeof last === 'function') {
        args[args.length - 1] = (error: unknown, ...rest: unknown[]) => {
          step.end(Boolean(error));
          return (last as (...a: unknown[]) => unknown)(error, ...rest);
        };
        return query(...args);
      }
      const result = query(...args);
      if (result && typeof (result as Promise<unknown>).then === 'function') {
        (result as Promise<unknown>).then(
          () => step.end(),
          () => step.end(true),
        );
      } else {
        step.end();
      }
      return result;
    };
  });
}

/** For tests and tools: spans kept in memory (the SDK's, re-exported so that one version of it is used). */
export { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
