import type { GraphQLFormattedError } from 'graphql';
import { ErrorCode } from './errors';

const CODES: readonly string[] = Object.values(ErrorCode);

/**
 * In production an unexpected error (a bug, a database failure) reaches the client as
 * "internal error" with its code, never with its message: that message may carry SQL, a table
 * name or a value. Errors raised on purpose (with one of Passerelle's codes) pass unchanged.
 */
export function formatError(production: boolean) {
  return (formatted: GraphQLFormattedError): GraphQLFormattedError => {
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
