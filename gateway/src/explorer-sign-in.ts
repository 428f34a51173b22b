import {
  AUDIENCE_PARTNER_KINDS,
  AUDIENCES,
  CATEGORIES,
  departmentCaseworker,
  FIXED_PARTNERS,
  partnerId,
  partnerMemberId,
  variables,
  type Audience,
  type SeedPartnerKind,
} from '@passerelle/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { signDevToken } from './auth/dev-token';
import type { OidcSettings, ProviderMetadata } from './auth/oidc';
import type { TokenSettings } from './auth/tokens';

/**
 * How the explorer signs in, told to the page at `/explorer/sign-in.json`:
 *
 * - with an OpenID Connect provider (OIDC_ISSUER): its authorization and token endpoints, the
 *   explorer's client id, scope and resource — the page runs Authorization Code + PKCE itself (a
 *   public client: no secret anywhere);
 * - in development, when the tokens are the public development ones (HS256 under the default
 *   JWT_SECRET, not production): a picker of the seeded audiences and institutions, whose token
 *   `/explorer/dev-token` signs. It mints nothing the public secret does not already let anyone
 *   sign, and only for the picker's own members; with any other secret, or in production, the
 *   route does not exist.
 */

export interface PickerEntry {
  audience: Audience;
  partnerId: string;
  member: string;
  label: string;
}

export interface ExplorerSignIn {
  provider?: { settings: OidcSettings; discover: () => Promise<ProviderMetadata> };
  development?: { tokens: Omit<TokenSettings, 'production'> };
  /** Whether the page offers the token field (default true): not in production with a provider, where members sign in. */
  tokenField?: boolean;
}

/** Whether the development picker may exist: public development tokens only. */
export function developmentPicker(tokens: Omit<TokenSettings, 'production'>, production: boolean): ExplorerSignIn['development'] {
  return !production && !tokens.jwksUrl && tokens.secret === variables.JWT_SECRET.default ? { tokens } : undefined;
}

const GROWING: Partial<Record<SeedPartnerKind, string>> = { SCHOOL: 'School', PMI: 'PMI centre', ASSOCIATION: 'Association' };

/** The seeded institutions each audience may act for (the first two of each kind), member 0 of each. */
export function pickerEntries(): PickerEntry[] {
  const entries: PickerEntry[] = [];
  for (const audience of AUDIENCES) {
    for (const kind of AUDIENCE_PARTNER_KINDS[audience] as readonly SeedPartnerKind[]) {
      const names: readonly string[] =
        kind in FIXED_PARTNERS ? FIXED_PARTNERS[kind as keyof typeof FIXED_PARTNERS] : GROWING[kind] ? [1, 2].map((n) => `${GROWING[kind]} n°${n} (seeded)`) : [];
      names.slice(0, 2).forEach((name, index) => {
        const partner = partnerId(kind, index);
        entries.push({ audience, partnerId: partner, member: partnerMemberId(kind, index, 0), label: kind === 'DEPARTMENT' ? `${name} — manager` : name });
        if (kind === 'DEPARTMENT' && index === 0 && audience === 'department') {
          entries.push({ audience, partnerId: partner, member: partnerMemberId(kind, 0, departmentCaseworker(0)), label: `${name} — caseworker of the first team` });
        }
      });
    }
  }
  return entries;
}

/** Every scope the access matrix names (audit:read, audit:dpo, webhook:admin…). */
export const KNOWN_SCOPES = [...new Set(Object.values(CATEGORIES).flatMap((c) => ('scopes' in c ? [...(c.scopes as readonly string[])] : [])))].sort();

function json(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
  response.end(JSON.stringify(body));
}

/** The origins the page may fetch besides its own: the provider's token endpoint. */
export async function providerOrigins(signIn: ExplorerSignIn): Promise<string[]> {
  if (!signIn.provider) return [];
  const origins = new Set([new URL(signIn.provider.settings.issuer).origin]);
  try {
    const metadata = await signIn.provider.discover();
    for (const endpoint of [metadata.token_endpoint, metadata.revocation_endpoint]) if (endpoint) origins.add(new URL(endpoint).origin);
  } catch {
    // The provider is unreachable: the page says so (sign-in.json), the issuer's origin stands.
  }
  return [...origins];
}

export function signInRoutes(signIn: ExplorerSignIn): Record<string, (request: IncomingMessage, response: ServerResponse) => Promise<void>> {
  const entries = signIn.development ? pickerEntries() : [];
  const routes: Record<string, (request: IncomingMessage, response: ServerResponse) => Promise<void>> = {
    '/explorer/sign-in.json': async (_request, response) => {
      let provider: Record<string, unknown> | null = null;
      if (signIn.provider) {
        const { settings } = signIn.provider;
        try {
          const metadata = await signIn.provider.discover();
          provider = {
            issuer: metadata.issuer,
            authorizationEndpoint: metadata.authorization_endpoint ?? null,
            tokenEndpoint: metadata.token_endpoint ?? null,
            revocationEndpoint: metadata.revocation_endpoint ?? null,
            endSessionEndpoint: metadata.end_session_endpoint ?? null,
            clientId: settings.clientId,
            scope: settings.scope,
            resource: settings.resource ?? null,
          };
        } catch {
          provider = { issuer: settings.issuer, unreachable: true };
        }
      }
      json(response, 200, {
        provider,
        development: signIn.development ? { entries, scopes: KNOWN_SCOPES } : null,
      });
    },
  };
  if (signIn.development) {
    const { tokens } = signIn.development;
    routes['/explorer/dev-token'] = async (request, response) => {
      const query = new URL(request.url ?? '/', 'http://localhost').searchParams;
      const entry = entries.find((e) => e.audience === query.get('audience') && e.partnerId === query.get('partner') && e.member === query.get('member'));
      const scopes = (query.get('scope') ?? '').split(' ').filter(Boolean);
      if (!entry || scopes.some((s) => !KNOWN_SCOPES.includes(s))) {
        json(response, 400, { error: 'not a seeded member of the picker, or an unknown scope' });
        return;
      }
      const token = await signDevToken({
        audience: entry.audience,
        partnerId: entry.partnerId,
        sub: entry.member,
        scopes,
        secret: tokens.secret,
        issuer: tokens.issuer,
        tokenAudience: tokens.audience,
      });
      json(response, 200, { token });
    };
  }
  return routes;
}
