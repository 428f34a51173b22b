import { isAudience, type Principal } from '@passerelle/common';
import { GraphQLError } from 'graphql';
import type { IncomingMessage } from 'node:http';
import type { PartnerDirectory } from './directory';
import { TokenError, type TokenVerifier } from './tokens';

function unauthenticated(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });
}

function refused(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'FORBIDDEN', http: { status: 403 } } });
}

/**
 * Bearer token → principal. No or bad token: UNAUTHENTICATED (401). A valid token whose
 * partner, member or agreement does not hold today: FORBIDDEN (403) saying which.
 */
export function createAuthenticator(verifyToken: TokenVerifier, directory: PartnerDirectory) {
  return async (request: IncomingMessage): Promise<Principal> => {
    const header = request.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header) : null;
    if (!match) throw unauthenticated('a bearer token is required (Authorization: Bearer <token>)');
    let claims;
    try {
      claims = await verifyToken(match[1]!);
    } catch (error) {
      if (error instanceof TokenError) throw unauthenticated(error.message);
      throw error;
    }
    if (!isAudience(claims.audience)) throw unauthenticated(`the token names an unknown audience "${claims.audience}"`);
    const verdict = await directory.check({ partnerId: claims.partnerId, sub: claims.sub, audience: claims.audience });
    if (!verdict.allowed) throw refused(verdict.reason ?? 'this institution has no access');
    return {
      sub: claims.sub,
      partnerId: claims.partnerId,
      audience: claims.audience,
      scopes: claims.scopes,
      grants: verdict.grants ?? [],
    };
  };
}
