import { ApolloServerErrorCode } from '@apollo/server/errors';
import type { GraphQLFormattedError } from 'graphql';
import { ErrorCode, isDatabaseError, isDatabaseUnavailable } from './errors';

/** Codes raised on purpose: Passerelle's own, and Apollo Server's for a request it cannot run. */
const CODES: readonly string[] = [
  ...Object.values(ErrorCode),
  ...Object.values(ApolloServerErrorCode).filter((code) => code !== ApolloServerErrorCode.INTERNAL_SERVER_ERROR),
];

const internal = (formatted: GraphQLFormattedError): GraphQLFormattedError => ({
  message: 'internal error',
  path: formatted.path,
  locations: formatted.locations,
  extensions: { code: 'INTERNAL_SERVER_ERROR' },
});

/**
 * In production an unexpected error (a bug, a database failure) reaches the client as
 * "internal error" with its code, never with its message: that message may carry SQL, a table
 * name or a value. Errors raised on purpose (with one of Passerelle's codes) pass unchanged.
 * PostgreSQL's and the driver's own errors are "internal error" in development too: their text
 * (SQL, a relation, "invalid byte sequence") is never a client's business.
 */
export function formatError(production: boolean) {
  return (formatted: GraphQLFormattedError, error?: unknown): GraphQLFormattedError => {
    // A lost database connection is no bug: the client is told to retry, in every mode, and
    // never sees the driver's text.
    const raised = formatted.extensions?.code;
    const unexpected = raised === undefined || raised === 'INTERNAL_SERVER_ERROR';
    if (unexpected && isDatabaseUnavailable(error)) {
      return {
        message: 'the database is unavailable for now; retry in a moment',
        path: formatted.path,
        locations: formatted.locations,
        extensions: { code: ErrorCode.SERVICE_UNAVAILABLE },
      };
    }
    if (unexpected && isDatabaseError(error)) return internal(formatted);
    // Apollo Server refuses some requests with an HTTP 4xx but no code (a persisted query whose
    // hash does not match, an unknown persisted-query version): the request's fault, said so.
    const status = (error as { extensions?: { http?: { status?: unknown } } } | undefined)?.extensions?.http?.status;
    if (unexpected && typeof status === 'number' && status >= 400 && status < 500) {
      return { ...formatted, extensions: { ...formatted.extensions, code: ApolloServerErrorCode.BAD_REQUEST } };
    }
    const deliberate = typeof raised === 'string' && (CODES.includes(raised) || raised.startsWith('GRAPHQL_'));
    if (!production || deliberate) return formatted;
    return internal(formatted);
  };
}
