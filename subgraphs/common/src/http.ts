import { HeaderMap, type ApolloServer, type BaseContext } from '@apollo/server';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { Server as NetServer, type AddressInfo, type Socket } from 'node:net';
import type { Readiness } from './database';
import { errorFrames, safeErrorText, type Log } from './log';
import { routeLabel, serveMetrics, type MetricsEndpoint, type ServiceMetrics } from './metrics';
import type { Tracer } from '@opentelemetry/api';
import { endTrace, requestTrace, traceFields, traceOf, TRACEPARENT_HEADER, withTrace } from './trace';

/**
 * The one HTTP front every Passerelle service uses (gateway and subgraphs):
 *   GET /health  — the process is alive;
 *   GET /ready   — it can serve (database and migrations; for the gateway, the subgraphs too);
 *   /graphql     — the Apollo Server behind it;
 *   GET /metrics — Prometheus metrics (metrics.ts), where configured.
 * Each request is served inside its trace (trace.ts): the caller's `traceparent`, or a new one;
 * `requestTrace(request)` finds it.
 * Written on node:http and Apollo's `executeHTTPGraphQLRequest` rather than a web framework,
 * so the services carry no framework they do not use.
 */

const MAX_BODY_BYTES = 1024 * 1024;

export interface GraphQLBody {
  query?: string;
  variables?: Record<string, unknown>;
  operationName?: string;
}

export interface HttpOptions<TContext extends BaseContext> {
  apollo: ApolloServer<TContext>;
  /** Builds the request's context; `body` is the GraphQL request ({ query, variables, ... }). */
  context: (request: IncomingMessage, body: GraphQLBody) => Promise<TContext>;
  readiness: () => Promise<Readiness>;
  /**
   * Called for every request to /graphql before its answer leaves, with the HTTP status and body
   * about to be sent (`body` null for a streamed answer): the gateway records there what its
   * plugins did not see (a request refused before GraphQL: no or bad token, a body too large or
   * not JSON). Resolves false when it could not: the answer is then replaced by a 503.
   */
  settle?: (request: IncomingMessage, exchange: { status: number; body: string | null; graphql: GraphQLBody | null }) => Promise<boolean>;
  /** Extra GET routes (e.g. the explorer page). */
  routes?: Record<string, (request: IncomingMessage, response: ServerResponse) => void | Promise<void>>;
  /** Counts every request by route and status. */
  metrics?: ServiceMetrics;
  /** Serves GET /metrics (null or absent: 404). */
  metricsEndpoint?: MetricsEndpoint | null;
  /** Where an unexpected error is logged (its text scrubbed of quoted values); default stderr. */
  log?: Log;
  /** With tracing on (tracing.ts): each request is a span of this tracer. */
  tracer?: Tracer;
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  response.end(JSON.stringify(body));
}

/** A request refused by the HTTP layer, before GraphQL: answered as a GraphQL error with a code. */
class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** The answer to a request refused before GraphQL, shaped as GraphQL errors are (with a code). */
function sendError(response: ServerResponse, status: number, code: string, message: string): void {
  sendJson(response, status, { errors: [{ message, extensions: { code } }] });
}

const tooLarge = () => new HttpError(413, 'PAYLOAD_TOO_LARGE', `the request body is larger than ${MAX_BODY_BYTES} bytes`);

/**
 * The whole body, at most MAX_BODY_BYTES. A body announced (content-length) or found larger is
 * refused without reading it: the connection is then closed after the 413 (createHttpServer), since
 * the rest of that body is still on its way and would be read as the next request.
 */
function readBody(request: IncomingMessage): Promise<Buffer> {
  const announced = Number(request.headers['content-length']);
  if (Number.isFinite(announced) && announced > MAX_BODY_BYTES) return Promise.reject(tooLarge());
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        request.off('data', onData);
        request.off('end', onEnd);
        reject(tooLarge());
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => resolve(Buffer.concat(chunks));
    request.on('data', onData);
    request.once('end', onEnd);
    request.once('error', reject);
  });
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function parseBody(raw: Buffer, contentType: string | undefined): unknown {
  if (raw.length === 0) return undefined;
  let text: string;
  try {
    text = utf8.decode(raw);
  } catch {
    throw new HttpError(400, 'BAD_REQUEST', 'the request body is not UTF-8');
  }
  if (contentType?.startsWith('application/json') || contentType?.startsWith('application/graphql-response+json')) {
    try {
      return JSON.parse(text);
    } catch {
      throw new HttpError(400, 'BAD_REQUEST', 'the request body is not valid JSON');
    }
  }
  return text;
}

function graphqlBodyOfSearch(params: URLSearchParams): GraphQLBody {
  let variables: Record<string, unknown> | undefined;
  try {
    variables = params.has('variables') ? (JSON.parse(params.get('variables')!) as Record<string, unknown>) : undefined;
  } catch {
    variables = undefined;
  }
  return { query: params.get('query') ?? undefined, variables, operationName: params.get('operationName') ?? undefined };
}

const UNRECORDED = JSON.stringify({
  errors: [{ message: 'the request could not be recorded in the audit log, so it is not answered; retry in a moment', extensions: { code: 'SERVICE_UNAVAILABLE' } }],
});

async function handleGraphQL<TContext extends BaseContext>(
  options: HttpOptions<TContext>,
  request: IncomingMessage,
  response: ServerResponse,
  url: URL,
): Promise<void> {
  const headers = new HeaderMap();
  for (const [key, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
  }
  let graphqlBody: GraphQLBody | null = null;
  let body: unknown;
  try {
    body = parseBody(await readBody(request), request.headers['content-type']);
  } catch (error) {
    const status = (error as { status?: number }).status;
    if (!options.settle || !status) throw error;
    const answer = JSON.stringify({ error: (error as Error).message });
    const recorded = await options.settle(request, { status, body: answer, graphql: null });
    if (!recorded) return sendJson(response, 503, JSON.parse(UNRECORDED));
    throw error;
  }
  graphqlBody = request.method === 'GET' ? graphqlBodyOfSearch(url.searchParams) : ((body as GraphQLBody | undefined) ?? {});
  const parsed = graphqlBody;
  const result = await options.apollo.executeHTTPGraphQLRequest({
    httpGraphQLRequest: { method: request.method ?? 'GET', headers, search: url.search, body },
    context: () => options.context(request, parsed),
  });
  if (options.settle) {
    const recorded = await options.settle(request, {
      status: result.status ?? 200,
      body: result.body.kind === 'complete' ? result.body.string : null,
      graphql: parsed,
    });
    if (!recorded) return sendJson(response, 503, JSON.parse(UNRECORDED));
  }
  for (const [key, value] of result.headers) response.setHeader(key, value);
  response.statusCode = result.status ?? 200;
  if (result.body.kind === 'complete') {
    response.end(result.body.string);
    return;
  }
  for await (const chunk of result.body.asyncIterator) response.write(chunk);
  response.end();
}

/** How close() tells a server to drain: each server's connections, as createHttpServer tracks them. */
const drains = new WeakMap<Server, () => void>();

export function createHttpServer<TContext extends BaseContext>(options: HttpOptions<TContext>): Server {
  // Per connection: the response being written, and whether it has served any. Draining closes a
  // keep-alive connection once idle and answers the request in flight with `Connection: close`;
  // a connection accepted but not yet read gets its answer too (closing it could drop a request).
  const connections = new Map<Socket, { busy?: ServerResponse; served: number }>();
  let draining = false;
  const known = ['/health', '/ready', '/graphql', '/metrics', ...Object.keys(options.routes ?? {})];
  const server = createServer((request, response) => {
    // Parsed once: the route's label names the request's span and its metrics.
    const url = new URL(request.url ?? '/', 'http://localhost');
    const label = routeLabel(url.pathname, known);
    const trace = traceOf(request.headers[TRACEPARENT_HEADER], options.tracer, `${request.method} ${label}`);
    if (trace.span) response.once('finish', () => endTrace(trace, response.statusCode, label));
    withTrace(trace, () => serve(request, response, url, label), request);
  });
  const serve = (request: IncomingMessage, response: ServerResponse, url: URL, label: string) => {
    const connection = connections.get(request.socket);
    if (connection) connection.busy = response;
    if (draining) response.shouldKeepAlive = false;
    response.once('finish', () => {
      options.metrics?.httpRequests.inc({ route: label, status: String(response.statusCode) });
      if (!connection) return;
      connection.busy = undefined;
      connection.served++;
      if (draining) setImmediate(() => connection.busy === undefined && request.socket.end());
    });
    const route = async () => {
      if (url.pathname === '/health' && request.method === 'GET') return sendJson(response, 200, { status: 'ok' });
      if (url.pathname === '/ready' && request.method === 'GET') {
        const readiness = await options.readiness();
        return sendJson(response, readiness.ready ? 200 : 503, readiness);
      }
      if (url.pathname === '/graphql') return handleGraphQL(options, request, response, url);
      if (url.pathname === '/metrics' && request.method === 'GET' && options.metricsEndpoint) {
        return serveMetrics(options.metricsEndpoint, request, response);
      }
      const extra = request.method === 'GET' ? options.routes?.[url.pathname] : undefined;
      if (extra) return extra(request, response);
      return sendError(response, 404, 'NOT_FOUND', `no route ${request.method} ${url.pathname}`);
    };
    route().catch((error: Error) => {
      const expected = error instanceof HttpError;
      if (!expected) {
        const text = `unexpected error serving ${request.method} ${url.pathname}: ${safeErrorText(error)}\n${errorFrames(error)}`;
        if (options.log) options.log.error(text, traceFields(requestTrace(request)));
        else process.stderr.write(`[http] ${text}\n`);
      }
      if (response.headersSent) {
        response.end();
        return;
      }
      if (!request.complete) {
        // The rest of the body is still coming: answer, then close the connection (a keep-alive
        // client would otherwise wait on it, or have that rest read as its next request). What
        // arrives meanwhile is read and dropped, so that the client reads the answer, not a reset.
        response.shouldKeepAlive = false;
        response.setHeader('connection', 'close');
        request.resume();
      }
      if (expected) sendError(response, error.status, error.code, error.message);
      else sendError(response, 500, 'INTERNAL_SERVER_ERROR', 'internal error');
    });
  };
  server.on('connection', (socket: Socket) => {
    connections.set(socket, { served: 0 });
    socket.once('close', () => connections.delete(socket));
  });
  drains.set(server, () => {
    draining = true;
    for (const [socket, connection] of connections) {
      if (connection.busy) {
        if (!connection.busy.headersSent) connection.busy.shouldKeepAlive = false;
      } else if (connection.served > 0) {
        socket.end();
      }
    }
  });
  return server;
}

/** Listens on `port` (0: any free port) and resolves with the port actually bound. */
export function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/**
 * Stops accepting connections at once, then lets the requests in flight finish for up to
 * `graceMs`: keep-alive connections are closed as soon as they are idle (a client must not keep
 * a stopping server open), busy ones once their answer is sent; whatever is still open after
 * the grace is cut.
 */
export function close(server: Server, graceMs = 0): Promise<void> {
  return new Promise((resolve) => {
    const cut = setTimeout(() => server.closeAllConnections(), graceMs);
    const closed = () => {
      clearTimeout(cut);
      resolve();
    };
    const drain = drains.get(server);
    if (drain) {
      // net.Server's close, not http.Server's: the latter also closes every connection with no
      // response under way, including one accepted whose request is not read yet: that request
      // would be dropped. drain() closes the truly idle ones.
      NetServer.prototype.close.call(server, closed);
      drain();
    } else {
      server.close(closed);
    }
  });
}
