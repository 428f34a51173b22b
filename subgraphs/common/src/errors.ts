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
  /** A dependency needed to serve the request safely is down (e.g. the nonce store): retry later. */
  SERVICE_UNAVAILABLE: 'SERVICE_UNAVAILABLE',
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

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID.test(value);
}

/** Checks an identifier argument before it reaches SQL (PostgreSQL would reject it less clearly). */
export function requireUuid(value: string, argument: string): string {
  if (!isUuid(value)) throw badInput(`${argument} must be an id (a UUID), got "${value}"`, argument);
  return value.toLowerCase();
}
