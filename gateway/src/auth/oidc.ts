import {
  ConfigError,
  DIRECTORY_CHANNEL,
  InvalidatedCache,
  readConfig,
  serviceUnavailable,
  signedSubgraphQuery,
  systemPrincipal,
  type ChangeListener,
} from '@passerelle/common';
import { createRemoteJWKSet, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { TokenError, type TokenClaims } from './tokens';

/**
 * Sign-in with an OpenID Connect provider (issue 16). The gateway discovers the provider
 * (`<issuer>/.well-known/openid-configuration`), verifies its access tokens against the
 * provider's JWKS (signature, `iss`, `aud`, `exp`, `typ`), then asks Passerelle's directory which
 * member the token's identity claims name. The provider vouches for who the person is; the
 * directory decides what they are — member, institution, audience, scopes — so that nothing a
 * user can influence at the provider (a profile attribute, a requested scope) widens a slice.
 */

export type OrganisationRegister = 'siret' | 'uai' | 'finess';

export interface OidcSettings {
  issuer: string;
  /** The `aud` the gateway requires. */
  audience: string;
  /** The `typ` header required (`at+jwt`), or `any`. */
  tokenType: string;
  match: 'email' | 'subject';
  emailClaim: string;
  /** register → claim name. */
  organisationClaims: Partial<Record<OrganisationRegister, string>>;
  /** The explorer's public client. */
  clientId: string;
  scope: string;
  resource?: string;
  /** How long an unknown `kid` waits before the JWKS is fetched again (jose's cooldown; default 30 s). */
  jwksCooldownMs?: number;
  /** How long fetched keys are trusted before a refetch (default 10 min). */
  jwksMaxAgeMs?: number;
}

/** The provider's metadata the gateway and the explorer use. */
export interface ProviderMetadata {
  issuer: string;
  jwks_uri: string;
  authorization_endpoint?: string;
  token_endpoint?: string;
  end_session_endpoint?: string;
  revocation_endpoint?: string;
}

/** The identity a verified token carries, before the directory names a member. */
export interface OidcIdentity {
  match: 'email' | 'subject';
  subject: string;
  email: string | null;
  siret: string | null;
  uai: string | null;
  finess: string | null;
}

export interface IdentityVerdict {
  memberId: string | null;
  partnerId: string | null;
  audience: string | null;
  scopes: string[];
  reason: string | null;
}

/** Which member an identity names: the partners subgraph's `_identify`. */
export interface IdentityDirectory {
  identify(identity: OidcIdentity): Promise<IdentityVerdict>;
}

/** A valid provider token that names no member Passerelle accepts: FORBIDDEN, not UNAUTHENTICATED. */
export class IdentityRefused extends Error {}

export function readOidcSettings(env: Record<string, string | undefined> = process.env): OidcSettings | undefined {
  const config = readConfig(
    ['OIDC_ISSUER', 'OIDC_AUDIENCE', 'OIDC_TOKEN_TYPE', 'OIDC_MEMBER_MATCH', 'OIDC_EMAIL_CLAIM', 'OIDC_ORGANISATION_CLAIMS', 'OIDC_CLIENT_ID', 'OIDC_SCOPE', 'OIDC_RESOURCE'],
    env,
  );
  if (!config.OIDC_ISSUER) return undefined;
  if (!config.OIDC_AUDIENCE) throw new ConfigError('OIDC_AUDIENCE', 'is required with OIDC_ISSUER: the `aud` the gateway accepts in the provider’s tokens');
  // Keys and discovery over plain HTTP could be swapped on the way: https in production, but for
  // a provider on the same host.
  const issuerUrl = new URL(config.OIDC_ISSUER);
  if (readConfig(['NODE_ENV'], env).NODE_ENV === 'production' && issuerUrl.protocol !== 'https:' && !['127.0.0.1', 'localhost', '[::1]'].includes(issuerUrl.hostname)) {
    throw new ConfigError('OIDC_ISSUER', 'must use https: when NODE_ENV=production (but on loopback)');
  }
  return {
    issuer: config.OIDC_ISSUER,
    audience: config.OIDC_AUDIENCE,
    tokenType: config.OIDC_TOKEN_TYPE,
    match: config.OIDC_MEMBER_MATCH,
    emailClaim: config.OIDC_EMAIL_CLAIM,
    organisationClaims: config.OIDC_ORGANISATION_CLAIMS as OidcSettings['organisationClaims'],
    clientId: config.OIDC_CLIENT_ID,
    scope: config.OIDC_SCOPE,
    ...(config.OIDC_RESOURCE ? { resource: config.OIDC_RESOURCE } : {}),
  };
}

/**
 * The provider's metadata, fetched once and kept; a failed fetch is not kept (the next token
 * tries again), so that a provider briefly down at the gateway's start does not stop it.
 */
export function providerDiscovery(issuer: string, fetchTimeoutMs = 5000): () => Promise<ProviderMetadata> {
  let pending: Promise<ProviderMetadata> | null = null;
  const discover = async (): Promise<ProviderMetadata> => {
    const url = `${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
    const response = await fetch(url, { signal: AbortSignal.timeout(fetchTimeoutMs), redirect: 'error' });
    if (!response.ok) throw new Error(`${url} answered HTTP ${response.status}`);
    const metadata = (await response.json()) as Partial<ProviderMetadata>;
    // OpenID Connect Discovery 1.0 §4.3: the issuer in the document must be the one configured.
    if (metadata.issuer !== issuer) throw new Error(`${url} names issuer "${String(metadata.issuer)}", not "${issuer}"`);
    if (typeof metadata.jwks_uri !== 'string') throw new Error(`${url} has no jwks_uri`);
    return metadata as ProviderMetadata;
  };
  return () => {
    pending ??= discover().catch((error: unknown) => {
      pending = null;
      throw error;
    });
    return pending;
  };
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}

/** The identity claims of a verified payload, as the settings name them. */
export function identityOf(payload: JWTPayload, settings: OidcSettings): OidcIdentity {
  const subject = text(payload.sub);
  if (!subject) throw new TokenError('the token has no `sub`');
  const claim = (register: OrganisationRegister) => {
    const name = settings.organisationClaims[register];
    return name ? text(payload[name]) : null;
  };
  const email = text(payload[settings.emailClaim]);
  if (settings.match === 'email' && payload.email_verified === false) {
    throw new IdentityRefused('the identity provider has not verified this e-mail');
  }
  return { match: settings.match, subject, email, siret: claim('siret'), uai: claim('uai'), finess: claim('finess') };
}

/**
 * Verifies a provider's access token and maps it to a member: TokenError (401) when the token
 * does not hold, IdentityRefused (403) when it holds but names no member. The principal's `sub`
 * is then the member's id, its institution, audience and scopes the directory's.
 */
export function createOidcVerifier(settings: OidcSettings, identities: IdentityDirectory, discover = providerDiscovery(settings.issuer)) {
  let keys: { uri: string; get: JWTVerifyGetKey } | null = null;
  const keySet = async (): Promise<JWTVerifyGetKey> => {
    let metadata: ProviderMetadata;
    try {
      metadata = await discover();
    } catch {
      throw serviceUnavailable('the identity provider cannot be reached to check this token; retry in a moment');
    }
    if (!keys || keys.uri !== metadata.jwks_uri) {
      keys = {
        uri: metadata.jwks_uri,
        get: createRemoteJWKSet(new URL(metadata.jwks_uri), {
          cooldownDuration: settings.jwksCooldownMs ?? 30_000,
          cacheMaxAge: settings.jwksMaxAgeMs ?? 600_000,
          timeoutDuration: 5000,
        }),
      };
    }
    return keys.get;
  };
  return {
    settings,
    /** Signature, issuer, audience, expiry and type; then the identity. */
    async verify(token: string): Promise<OidcIdentity> {
      const getKey = await keySet();
      let payload: JWTPayload;
      try {
        ({ payload } = await jwtVerify(token, getKey, {
          issuer: settings.issuer,
          audience: settings.audience,
          requiredClaims: ['exp', 'sub'],
          algorithms: ['RS256', 'PS256', 'ES256', 'EdDSA'],
          ...(settings.tokenType === 'any' ? {} : { typ: settings.tokenType }),
        }));
      } catch (error) {
        const code = String((error as { code?: unknown }).code ?? '');
        // The keys could not be had (a network error, a timeout, an answer that is not a JWKS):
        // the provider's trouble, not the token's — a refusal the client may retry.
        const keysUnavailable =
          !code.startsWith('ERR_J') ||
          code === 'ERR_JWKS_TIMEOUT' ||
          code === 'ERR_JWKS_INVALID' ||
          (code === 'ERR_JOSE_GENERIC' && /JSON Web Key Set/i.test((error as Error).message));
        if (keysUnavailable) throw serviceUnavailable('the identity provider’s keys cannot be fetched; retry in a moment');
        throw new TokenError(
          code === 'ERR_JWT_EXPIRED'
            ? 'the token has expired'
            : code === 'ERR_JOSE_ALG_NOT_ALLOWED'
              ? 'the token’s signing algorithm is not accepted'
              : code === 'ERR_JWKS_NO_MATCHING_KEY'
                ? 'the token is signed by a key the identity provider does not publish'
                : code === 'ERR_JWT_CLAIM_VALIDATION_FAILED'
                  ? `the token’s claims are not accepted (${(error as Error).message})`
                  : 'the token is invalid',
        );
      }
      return identityOf(payload, settings);
    },
    /** The member the identity names, as TokenClaims (scopes from the directory). */
    async claims(identity: OidcIdentity): Promise<TokenClaims> {
      const verdict = await identities.identify(identity);
      if (!verdict.memberId || !verdict.partnerId || !verdict.audience) {
        throw new IdentityRefused(verdict.reason ?? 'this identity names no member of Passerelle');
      }
      return { sub: verdict.memberId, partnerId: verdict.partnerId, audience: verdict.audience, scopes: verdict.scopes };
    },
  };
}

export type OidcVerifier = ReturnType<typeof createOidcVerifier>;

const IDENTIFY = /* GraphQL */ `
  query Identify($match: String!, $subject: String, $email: String, $siret: String, $uai: String, $finess: String) {
    _identify(match: $match, subject: $subject, email: $email, siret: $siret, uai: $uai, finess: $finess) { memberId partnerId audience scopes reason }
  }
`;

/** The partners subgraph as identity directory, asked with the gateway's own signed principal. */
export function subgraphIdentities(partnersUrl: string, signingKey: string): IdentityDirectory {
  return {
    async identify(identity) {
      try {
        const data = await signedSubgraphQuery<{ _identify: IdentityVerdict }>(
          { name: 'partners', url: partnersUrl },
          IDENTIFY,
          { ...identity },
          systemPrincipal('gateway'),
          signingKey,
        );
        return data._identify;
      } catch {
        throw serviceUnavailable('the partners directory cannot be reached to check this identity; retry in a moment');
      }
    },
  };
}

/**
 * Answers kept until any member, institution or agreement changes (the directory's
 * notifications carry a partner's id, which an identity's key does not: every entry goes), and
 * served only while the listener listens (InvalidatedCache's fail-safe).
 */
export function cachedIdentities(inner: IdentityDirectory, listener: ChangeListener | null, ttlMs = 60_000): IdentityDirectory {
  const cache = new InvalidatedCache<IdentityVerdict>(listener, { ttlMs, maxEntries: 5000 });
  listener?.onChange((channel) => {
    if (channel === DIRECTORY_CHANNEL) cache.invalidate('');
  });
  return {
    identify(identity) {
      const key = JSON.stringify([identity.match, identity.subject, identity.email, identity.siret, identity.uai, identity.finess]);
      return cache.get(key, () => inner.identify(identity));
    },
  };
}
