import { isAudience, type Principal } from '@passerelle/common';
import { GraphQLError } from 'graphql';
import { decodeJwt } from 'jose';
import type { IncomingMessage } from 'node:http';
import type { PartnerDirectory } from './directory';
import { IdentityRefused, type OidcVerifier } from './oidc';
import { TokenError, type TokenClaims, type TokenVerifier } from './tokens';

function unauthenticated(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });
}

function refused(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'FORBIDDEN', http: { status: 403 } } });
}

/** The issuer a token claims, read without verifying it (which verifier to ask), or null. */
function claimedIssuer(token: string): string | null {
  try {
    const iss = decodeJwt(token).iss;
    return typeof iss === 'string' ? iss : null;
  } catch {
    return null;
  }
}

/**
 * Bearer token → principal. No or bad token: UNAUTHENTICATED (401). A valid token whose
 * partner, member or agreement does not hold today: FORBIDDEN (403) saying which. With an
 * OpenID Connect provider (`oidc`), a token that claims its issuer is verified against it and
 * mapped to a member by the directory; the others go to `verifyToken` (development HS256 or
 * JWT_JWKS_URL), or are refused when there is none (production with a provider).
 */
export function createAuthenticator(verifyToken: TokenVerifier | null, directory: PartnerDirectory, oidc?: OidcVerifier) {
  /** `verified` is called once the token's signature, issuer, audience and expiry hold. */
  return async (request: IncomingMessage, verified?: () => void): Promise<Principal> => {
    const header = request.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header) : null;
    if (!match) throw unauthenticated('a bearer token is required (Authorization: Bearer <token>)');
    const token = match[1]!;
    let claims: TokenClaims;
    try {
      if (oidc && (!verifyToken || claimedIssuer(token) === oidc.settings.issuer)) {
        let identity;
        try {
          identity = await oidc.verify(token);
        } catch (error) {
          if (error instanceof IdentityRefused) verified?.();
          throw error;
        }
        verified?.();
        claims = await oidc.claims(identity);
      } else if (verifyToken) {
        claims = await verifyToken(token);
        verified?.();
      } else {
        throw new TokenError('the token is invalid');
      }
    } catch (error) {
      if (error instanceof TokenError) throw unauthenticated(error.message);
      if (error instanceof IdentityRefused) throw refused(error.message);
      throw error;
    }
    if (!isAudience(claims.audience)) throw unauthenticated(`the token names an unknown audience "${claims.audience}"`);
    const verdict = await directory.check({ partnerId: claims.partnerId, sub: claims.sub, audience: claims.audience });
    if (!verdict.allowed) throw refused(verdict.reason ?? 'this institution has no access');
    const principal: Principal = {
      sub: claims.sub,
      partnerId: claims.partnerId,
      audience: claims.audience,
      ...(verdict.partnerKind ? { partnerKind: verdict.partnerKind } : {}),
      scopes: claims.scopes,
      grants: verdict.grants ?? [],
    };
    // A département member's role and team come from the directory only (never the token); with
    // none, the subgraphs give the narrowest slice (scope.ts, caseworkerOf).
    if (claims.audience === 'department' && verdict.department) principal.department = verdict.department;
    return principal;
  };
}

// `email`: who an identity provider's token said signed in, when the directory names no member.
const CLAIMS = ['sub', 'partner_id', 'audience', 'scope', 'iss', 'aud', 'exp', 'iat', 'nbf', 'jti', 'email'] as const;

/**
 * What the request's bearer token claims, read without verifying it, for the audit record of a
 * refused request (who claimed to ask): the claims Passerelle reads, strings cut at 200
 * characters. Null without a bearer token; `{ malformed: true }` when it is not a JWT.
 */
export function claimedBy(request: IncomingMessage): Record<string, unknown> | null {
  const header = request.headers.authorization;
  if (typeof header !== 'string' || header === '') return null;
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match) return { malformed: true };
  let payload: Record<string, unknown>;
  try {
    payload = decodeJwt(match[1]!) as Record<string, unknown>;
  } catch {
    return { malformed: true };
  }
  const cut = (v: unknown): unknown =>
    typeof v === 'string' ? v.slice(0, 200)
    : typeof v === 'number' || typeof v === 'boolean' ? v
    : Array.isArray(v) ? v.slice(0, 10).map(cut)
    : v === undefined || v === null ? undefined
    : '[object]';
  const claims: Record<string, unknown> = {};
  for (const name of CLAIMS) {
    const value = cut(payload[name]);
    if (value !== undefined) claims[name] = value;
  }
  return claims;
}
