import { GraphQLError } from 'graphql';

/**
 * Every error a client can act on carries a stable `extensions.code`. Subgraphs throw these;
 * the gateway passes the code through unchanged.
 */
export const ErrorCode = {
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  /** A dependency needed to serve the request safely (the database, the nonce store) cannot be reached now: retry later. */
  SERVICE_UNAVAILABLE: 'SERVICE_UNAVAILABLE',
  /** The subgraph that owns a field could not be reached: the field is null, not empty (gateway). */
  SUBGRAPH_UNAVAILABLE: 'SUBGRAPH_UNAVAILABLE',
  /** The request body is larger than the services accept (HTTP 413). */
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export function notFound(typeName: string, id: string): GraphQLError {
  return new GraphQLError(`${typeName} ${id} was not found`, {
    extensions: { code: ErrorCode.NOT_FOUND, typeName, id },
  });
}

/** Bad input: `argument` names the offending argument or input field (e.g. `input.birthDate`). */
export function badInput(message: string, argument?: string): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code: ErrorCode.BAD_USER_INPUT, ...(argument ? { argument } : {}) },
  });
}

export function conflict(message: string, extra: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.CONFLICT, ...extra } });
}

export function forbidden(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.FORBIDDEN } });
}

/**
 * PostgreSQL connection failures, by SQLSTATE (57P01 admin_shutdown, 57P02 crash_shutdown,
 * 57P03 cannot_connect_now, 08xxx connection exceptions) or by Node's socket error code: the
 * one place that says which errors mean "the database is not there", not "the request is wrong".
 */
const UNAVAILABLE_CODES = new Set(['57P01', '57P02', '57P03', '08000', '08001', '08003', '08004', '08006', 'ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EHOSTUNREACH']);
const UNAVAILABLE_MESSAGES = /Connection terminated|terminating connection due to administrator command|Client has encountered a connection error|Connection is not established|timeout exceeded when trying to connect|the database system is (starting up|shutting down)/i;

/** Whether `error` (or what it wraps: GraphQL's originalError, TypeORM's driverError, `cause`) is a lost database connection. */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let e = error, depth = 0; e && typeof e === 'object' && depth < 6; depth++) {
    const { code, message } = e as { code?: unknown; message?: unknown };
    if (typeof code === 'string' && UNAVAILABLE_CODES.has(code)) return true;
    if (typeof message === 'string' && UNAVAILABLE_MESSAGES.test(message)) return true;
    // graphql-js replaces a thrown value that is not `instanceof Error` (a socket error made in
    // another realm: a vm, jest's sandbox) by "Unexpected error value: { … code: "ECONNREFUSED" … }".
    const inspected = typeof message === 'string' ? /^Unexpected error value: .*\bcode: "([0-9A-Z]+)"/.exec(message) : null;
    if (inspected && UNAVAILABLE_CODES.has(inspected[1]!)) return true;
    const next = e as { originalError?: unknown; driverError?: unknown; cause?: unknown };
    e = next.originalError ?? next.driverError ?? next.cause;
  }
  return false;
}

/**
 * An error PostgreSQL or its driver raised (TypeORM's QueryFailedError, pg's DatabaseError with its
 * SQLSTATE and severity): its text may carry SQL, a table, a value. Never shown to a client.
 */
export function isDatabaseError(error: unknown): boolean {
  for (let e = error, depth = 0; e && typeof e === 'object' && depth < 6; depth++) {
    const { name, code, severity } = e as { name?: unknown; code?: unknown; severity?: unknown };
    if (name === 'QueryFailedError' || name === 'EntityPropertyNotFoundError' || name === 'TypeORMError') return true;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) && typeof severity === 'string') return true;
    const next = e as { originalError?: unknown; driverError?: unknown; cause?: unknown };
    e = next.originalError ?? next.driverError ?? next.cause;
  }
  return false;
}

export function serviceUnavailable(message = 'the database is unavailable for now; retry in a moment'): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.SERVICE_UNAVAILABLE, http: { status: 503 } } });
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID.test(value);
}

/** Checks an identifier argument before it reaches SQL (PostgreSQL would reject it less clearly). */
export function requireUuid(value: string, argument: string): string {
  if (!isUuid(value)) throw badInput(`${argument} must be an id (a UUID), got "${value}"`, argument);
  return value.toLowerCase();
}
