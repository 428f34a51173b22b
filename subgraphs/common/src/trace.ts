import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes } from 'node:crypto';

/**
 * The request's place in a distributed trace (W3C Trace Context, `traceparent`): the gateway
 * starts one per client request (or continues the client's), passes it to each subgraph request,
 * and every log line written while serving the request carries its trace id — an operator
 * follows one request across the four services by that id, and nothing else about it is logged.
 */
export interface TraceContext {
  /** 32 lowercase hex digits, not all zero. */
  traceId: string;
  /** 16 lowercase hex digits: this service's part of the request. */
  spanId: string;
  /** The caller's span, when the request came with a `traceparent`. */
  parentSpanId?: string;
  sampled: boolean;
}

export const TRACEPARENT_HEADER = 'traceparent';

const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;
const storage = new AsyncLocalStorage<TraceContext>();

const hex = (bytes: number) => randomBytes(bytes).toString('hex');

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

/** The trace a request continues (from its `traceparent`) or starts, with a new span for this service. */
export function traceOf(header: string | string[] | undefined): TraceContext {
  const parent = parseTraceparent(header);
  return parent
    ? { traceId: parent.traceId, parentSpanId: parent.parentSpanId, spanId: hex(8), sampled: parent.sampled }
    : { traceId: hex(16), spanId: hex(8), sampled: false };
}

export function formatTraceparent(trace: TraceContext, spanId = trace.spanId): string {
  return `00-${trace.traceId}-${spanId}-${trace.sampled ? '01' : '00'}`;
}

/** Runs `fn` as part of `trace`: log lines and outgoing subgraph requests made meanwhile carry it. */
export function withTrace<T>(trace: TraceContext, fn: () => T): T {
  return storage.run(trace, fn);
}

/** The trace of the request being served, if any. */
export function currentTrace(): TraceContext | undefined {
  return storage.getStore();
}

/** The `traceparent` to send on a request made while serving the current one (a new child span). */
export function childTraceparent(): string | undefined {
  const trace = currentTrace();
  return trace ? formatTraceparent(trace, hex(8)) : undefined;
}
