import type { GraphQLFormattedError } from 'graphql';
import { ErrorCode, isDatabaseUnavailable } from './errors';

const CODES: readonly string[] = Object.values(ErrorCode);

/**
 * In production an unexpected error (a bug, a database failure) reaches the client as
 * "internal error" with its code, never with its message: that message may carry SQL, a table
 * name or a value. Errors raised on purpose (with one of Passerelle's codes) pass unchanged.
 */
export function formatError(production: boolean) {
  return (formatted: GraphQLFormattedError, error?: unknown): GraphQLFormattedError => {
    // A lost database connection is no bug: the client is told to retry, in every mode, and
    // never sees the driver's text.
    const raised = formatted.extensions?.code;
    if ((raised === undefined || raised === 'INTERNAL_SERVER_ERROR') && isDatabaseUnavailable(error)) {
      return {
        message: 'the database is unavailable for now; retry in a moment',
        path: formatted.path,
        locations: formatted.locations,
        extensions: { code: ErrorCode.SERVICE_UNAVAILABLE },
      };
    }
    const code = formatted.extensions?.code;
    const deliberate = typeof code === 'string' && (CODES.includes(code) || code.startsWith('GRAPHQL_') || code === 'BAD_REQUEST');
    if (!production || deliberate) return formatted;
    return {
      message: 'internal error',
      path: formatted.path,
      locations: formatted.locations,
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    };
  };
}
