import { ConfigError, readConfig } from '@passerelle/common';
import { createRemoteJWKSet, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { readOidcSettings, type OidcSettings } from './oidc';

/**
 * Bearer tokens. Production: RS256/ES256 verified against the identity provider's JWKS, issuer
 * and audience checked. Development: HS256 with a shared secret (what `npm run token` signs),
 * refused when NODE_ENV=production. `alg: none` and any algorithm outside the mode's list are
 * refused by jose before anything else is read.
 */
export interface TokenClaims {
  sub: string;
  partnerId: string;
  audience: string;
  scopes: string[];
}

export interface TokenSettings {
  production: boolean;
  jwksUrl?: string;
  secret: string;
  issuer: string;
  audience: string;
  /** An OpenID Connect provider members sign in with (oidc.ts). */
  oidc?: OidcSettings;
}

export class TokenError extends Error {}

export type TokenVerifier = (token: string) => Promise<TokenClaims>;

function claimsOf(payload: JWTPayload): TokenClaims {
  const sub = payload.sub;
  const partnerId = payload.partner_id;
  const audience = payload.audience;
  const scope = payload.scope ?? '';
  if (typeof sub !== 'string' || sub === '') throw new TokenError('the token has no `sub`');
  if (typeof partnerId !== 'string' || partnerId === '') throw new TokenError('the token has no `partner_id`');
  if (typeof audience !== 'string' || audience === '') throw new TokenError('the token has no `audience`');
  if (typeof scope !== 'string') throw new TokenError('the token’s `scope` must be a space-separated string');
  return { sub, partnerId, audience, scopes: scope.split(' ').filter(Boolean) };
}

export function createTokenVerifier(settings: TokenSettings): TokenVerifier {
  if (settings.production && !settings.jwksUrl) {
    throw new ConfigError('JWT_JWKS_URL', 'is required when NODE_ENV=production, unless OIDC_ISSUER is set (development HS256 tokens are refused)');
  }
  const options = { issuer: settings.issuer, audience: settings.audience, requiredClaims: ['exp'] };
  let verify: (token: string) => Promise<{ payload: JWTPayload }>;
  if (settings.jwksUrl) {
    const jwks: JWTVerifyGetKey = createRemoteJWKSet(new URL(settings.jwksUrl));
    verify = (token) => jwtVerify(token, jwks, { ...options, algorithms: ['RS256', 'ES256'] });
  } else {
    const key = new TextEncoder().encode(settings.secret);
    verify = (token) => jwtVerify(token, key, { ...options, algorithms: ['HS256'] });
  }
  return async (token) => {
    let payload: JWTPayload;
    try {
      ({ payload } = await verify(token));
    } catch (error) {
      const code = (error as { code?: string }).code ?? '';
      const reason =
        code === 'ERR_JWT_EXPIRED'
          ? 'the token has expired'
          : code === 'ERR_JOSE_ALG_NOT_ALLOWED'
            ? 'the token’s signing algorithm is not accepted'
            : code === 'ERR_JWT_CLAIM_VALIDATION_FAILED'
              ? `the token’s claims are not accepted (${(error as Error).message})`
              : 'the token is invalid';
      throw new TokenError(reason);
    }
    return claimsOf(payload);
  };
}

/** Token settings from the environment (JWT_*). */
export function readTokenSettings(env: Record<string, string | undefined> = process.env): Omit<TokenSettings, 'production'> {
  const config = readConfig(['JWT_JWKS_URL', 'JWT_SECRET', 'JWT_ISSUER', 'JWT_AUDIENCE'], env);
  const oidc = readOidcSettings(env);
  return { jwksUrl: config.JWT_JWKS_URL, secret: config.JWT_SECRET, issuer: config.JWT_ISSUER, audience: config.JWT_AUDIENCE, ...(oidc ? { oidc } : {}) };
}
