import { ROOT_CONTEXT, SpanKind, SpanStatusCode, trace as otel, TraceFlags, type Span, type Tracer } from '@opentelemetry/api';
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes } from 'node:crypto';

/**
 * The request's place in a distributed trace (W3C Trace Context, `traceparent`): the gateway
 * continues the client's trace or starts one, passes it to each subgraph request, and every log
 * line written while serving the request carries its trace id — an operator follows one request
 * across the four services by that id. With tracing on (tracing.ts, OTEL_TRACES_EXPORTER), each
 * step is also an OpenTelemetry span: the request in each service, each subgraph fetch, each SQL
 * statement; the ids in the logs are then the spans' own.
 */
export interface TraceContext {
  /** 32 lowercase hex digits, not all zero. */
  traceId: string;
  /** 16 lowercase hex digits: this service's part of the request. */
  spanId: string;
  /** The caller's span, when the request came with a `traceparent`. */
  parentSpanId?: string;
  sampled: boolean;
  /** This service's span of the request, when tracing is on. */
  span?: Span;
  /** The service's tracer, when tracing is on: the steps of the request become its spans. */
  tracer?: Tracer;
}

export const TRACEPARENT_HEADER = 'traceparent';

const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;
const storage = new AsyncLocalStorage<TraceContext>();

/**
 * Random ids (`bytes` at a time, as lowercase hex) drawn from a pool refilled 4 KiB at a time:
 * every request of every service needs a span id (and a trace id when it starts one), and one
 * `randomBytes` call per id — a synchronous trip to the system's generator — was 1 % of a
 * subgraph's CPU under load (issue 14). The pool is never handed out twice.
 */
const POOL_BYTES = 4096;
let pool = Buffer.alloc(0);
let taken = POOL_BYTES;
function hex(bytes: number): string {
  if (taken + bytes > pool.length) {
    pool = randomBytes(POOL_BYTES);
    taken = 0;
  }
  taken += bytes;
  return pool.toString('hex', taken - bytes, taken);
}

/** A `traceparent` header's trace, or null when absent or malformed (then a new trace starts). */
export function parseTraceparent(header: string | string[] | undefined): { traceId: string; parentSpanId: string; sampled: boolean } | null {
  const value = Array.isArray(header) ? header[0] : header;
  const match = value ? TRACEPARENT.exec(value.trim()) : null;
  if (!match) return null;
  const [, version, traceId, parentSpanId, flags] = match;
  // Version ff is invalid; an all-zero id is invalid (W3C Trace Context §3.2.2).
  if (version === 'ff' || /^0+$/.test(traceId!) || /^0+$/.test(parentSpanId!)) return null;
  return { traceId: traceId!, parentSpanId: parentSpanId!, sampled: (parseInt(flags!, 16) & 1) === 1 };
}

/**
 * The trace a request continues (from its `traceparent`) or starts, with a new span for this
 * service: an OpenTelemetry server span named `name` when `tracer` is given (tracing on).
 */
export function traceOf(header: string | string[] | undefined, tracer?: Tracer, name = 'request'): TraceContext {
  const parent = parseTraceparent(header);
  if (tracer) {
    const context = parent
      ? otel.setSpanContext(ROOT_CONTEXT, {
          traceId: parent.traceId,
          spanId: parent.parentSpanId,
          traceFlags: parent.sampled ? TraceFlags.SAMPLED : TraceFlags.NONE,
          isRemote: true,
        })
      : ROOT_CONTEXT;
    const span = tracer.startSpan(name, { kind: SpanKind.SERVER }, context);
    const { traceId, spanId, traceFlags } = span.spanContext();
    return { traceId, spanId, parentSpanId: parent?.parentSpanId, sampled: (traceFlags & TraceFlags.SAMPLED) === TraceFlags.SAMPLED, span, tracer };
  }
  return parent
    ? { traceId: parent.traceId, parentSpanId: parent.parentSpanId, spanId: hex(8), sampled: parent.sampled }
    : { traceId: hex(16), spanId: hex(8), sampled: false };
}

export function formatTraceparent(trace: TraceContext, spanId = trace.spanId): string {
  return `00-${trace.traceId}-${spanId}-${trace.sampled ? '01' : '00'}`;
}

/**
 * Whether a request's trace follows all of its asynchronous work implicitly (AsyncLocalStorage),
 * so that anything deep in it — a SQL statement's span, any log line — finds it. On Node 20 that
 * costs every promise the process creates a hook call once a storage is entered: 10–15 % of a
 * subgraph's CPU on a list of 100 children, and of the gateway's (issue 14, measured with
 * `npm run bench -- --profile`). So it is on only where something needs it: tracing on (tracing.ts:
 * each SQL statement's span is a child of its request's) and JSON logs at debug level (log.ts:
 * every line written while serving carries the trace id). Otherwise the trace is handed on
 * explicitly: from the HTTP front to the request's context (`requestTrace`), from the gateway to
 * each subgraph request (`traceparent`, so the subgraphs continue the client's trace), and to the
 * lines written about a request (`traceFields`).
 */
let implicit = false;

/** Turns implicit propagation on for this process (it stays on). */
export function followTracesImplicitly(): void {
  implicit = true;
}

export function tracesFollowedImplicitly(): boolean {
  return implicit;
}

const byRequest = new WeakMap<object, TraceContext>();

/**
 * Runs `fn` as part of `trace`, the trace of `request`: with implicit propagation, log lines, subgraph
 * requests and SQL statements made meanwhile belong to it; in any case `requestTrace(request)` finds it.
 */
export function withTrace<T>(trace: TraceContext, fn: () => T, request?: object): T {
  if (request) byRequest.set(request, trace);
  return implicit ? storage.run(trace, fn) : fn();
}

/** The trace of a request the HTTP front serves (its IncomingMessage), implicit propagation or not. */
export function requestTrace(request: object): TraceContext | undefined {
  return byRequest.get(request);
}

/** A log line's trace fields, for a line written about a request whose trace is at hand. */
export function traceFields(trace: TraceContext | undefined): { trace_id?: string; span_id?: string } {
  return trace ? { trace_id: trace.traceId, span_id: trace.spanId } : {};
}

/** The trace of the request being served, if any. */
export function currentTrace(): TraceContext | undefined {
  return storage.getStore();
}

/** One step of the request being served (a subgraph fetch, an SQL statement): a child span when tracing is on. */
export interface TraceStep {
  /** The `traceparent` to send when the step is a call to another service. */
  traceparent: string | undefined;
  /** Ends the step; `error` marks it failed (its message is not recorded: it may quote data). */
  end(error?: boolean): void;
}

const NO_STEP: TraceStep = { traceparent: undefined, end: () => undefined };

/** Starts a step of `trace`, by default the current request's (a client span named `name`, with `attributes`). */
export function startStep(
  name: string,
  kind: 'client' | 'internal' = 'client',
  attributes?: Record<string, string | number>,
  trace: TraceContext | undefined = currentTrace(),
): TraceStep {
  if (!trace) return NO_STEP;
  if (!trace.tracer || !trace.span) return { traceparent: formatTraceparent(trace, hex(8)), end: () => undefined };
  const span = trace.tracer.startSpan(
    name,
    { kind: kind === 'client' ? SpanKind.CLIENT : SpanKind.INTERNAL, attributes },
    otel.setSpan(ROOT_CONTEXT, trace.span),
  );
  return {
    traceparent: formatTraceparent(trace, span.spanContext().spanId),
    end(error) {
      if (error) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    },
  };
}

/** Ends the request's span with its HTTP status. */
export function endTrace(trace: TraceContext, status: number, route: string): void {
  if (!trace.span) return;
  trace.span.setAttribute('http.route', route);
  trace.span.setAttribute('http.response.status_code', status);
  if (status >= 500) trace.span.setStatus({ code: SpanStatusCode.ERROR });
  trace.span.end();
}
