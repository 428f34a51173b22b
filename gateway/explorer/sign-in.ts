/**
 * The explorer's sign-in with the identity provider: OAuth 2.0 Authorization Code with PKCE
 * (RFC 7636, S256), as a public client — no secret in the page. The state and the code verifier
 * live in this tab's sessionStorage from the redirect to the provider until the code comes back;
 * the refresh token, when the provider gives one, in sessionStorage too (it goes only to the
 * provider's token endpoint).
 */

export interface ProviderConfig {
  issuer: string;
  authorizationEndpoint: string;
  tokenEndpoint: string;
  revocationEndpoint?: string | null;
  endSessionEndpoint?: string | null;
  clientId: string;
  scope: string;
  resource: string | null;
}

export interface PickerEntry {
  audience: string;
  partnerId: string;
  member: string;
  label: string;
}

export interface SignInConfig {
  provider: (ProviderConfig & { unreachable?: undefined }) | { issuer: string; unreachable: true } | null;
  development: { entries: PickerEntry[]; scopes: string[] } | null;
}

export interface ProviderTokens {
  accessToken: string;
  refreshToken: string | null;
  idToken: string | null;
  /** Seconds since the epoch. */
  expiresAt: number;
}

/** What the page's sessionStorage, location and history offer, as much as sign-in uses. */
export interface TabStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}
export interface PageLocation {
  origin: string;
  pathname: string;
  search: string;
}
export interface PageHistory {
  replaceState(data: unknown, unused: string, url: string): void;
}

const PENDING_KEY = 'passerelle.explorer.sign-in';
export const REFRESH_KEY = 'passerelle.explorer.refresh';
export const ID_TOKEN_KEY = 'passerelle.explorer.id-token';

const base64url = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

export function randomString(bytes = 32): string {
  return base64url(crypto.getRandomValues(new Uint8Array(bytes)));
}

/** The S256 challenge of a verifier. */
export async function challengeOf(verifier: string): Promise<string> {
  return base64url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
}

/** Where the provider sends the code back: the explorer page itself. */
export function redirectUri(location: PageLocation): string {
  return `${location.origin}${location.pathname}`;
}

/** The authorization request's URL; remembers the state and verifier for the way back. */
export async function beginSignIn(config: ProviderConfig, storage: TabStorage, location: PageLocation): Promise<string> {
  const state = randomString(16);
  const verifier = randomString(32);
  storage.setItem(PENDING_KEY, JSON.stringify({ state, verifier, issuer: config.issuer }));
  const url = new URL(config.authorizationEndpoint);
  const params: Record<string, string> = {
    response_type: 'code',
    client_id: config.clientId,
    redirect_uri: redirectUri(location),
    scope: config.scope,
    state,
    code_challenge: await challengeOf(verifier),
    code_challenge_method: 'S256',
  };
  if (config.resource) params.resource = config.resource;
  for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
  return url.toString();
}

async function tokenRequest(config: ProviderConfig, params: Record<string, string>): Promise<ProviderTokens> {
  const body = new URLSearchParams({ client_id: config.clientId, ...params });
  if (config.resource) body.set('resource', config.resource);
  const response = await fetch(config.tokenEndpoint, {
    method: 'POST',
    credentials: 'omit',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body,
  });
  const answer = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  if (!response.ok || typeof answer.access_token !== 'string') {
    throw new Error(`the identity provider refused: ${String(answer.error ?? `HTTP ${response.status}`)} ${String(answer.error_description ?? '')}`.trim());
  }
  return {
    accessToken: answer.access_token,
    refreshToken: typeof answer.refresh_token === 'string' ? answer.refresh_token : null,
    idToken: typeof answer.id_token === 'string' ? answer.id_token : null,
    expiresAt: Math.floor(Date.now() / 1000) + (typeof answer.expires_in === 'number' ? answer.expires_in : 300),
  };
}

/**
 * Back from the provider (`?code=…&state=…`, or `?error=…`): the code exchanged with the
 * verifier. Null when the page was not opened by the provider's redirect. The query is removed
 * from the address bar either way.
 */
export async function completeSignIn(config: ProviderConfig, storage: TabStorage, location: PageLocation, history: PageHistory): Promise<ProviderTokens | null> {
  const params = new URLSearchParams(location.search);
  const code = params.get('code');
  const error = params.get('error');
  if (!code && !error) return null;
  const pending = storage.getItem(PENDING_KEY);
  storage.removeItem(PENDING_KEY);
  history.replaceState(null, '', location.pathname);
  if (error) throw new Error(`the identity provider refused: ${error} ${params.get('error_description') ?? ''}`.trim());
  const { state, verifier } = pending ? (JSON.parse(pending) as { state: string; verifier: string }) : { state: null, verifier: null };
  if (!verifier || state !== params.get('state')) throw new Error('this sign-in was not started from this tab (state mismatch): sign in again');
  return tokenRequest(config, { grant_type: 'authorization_code', code: code!, redirect_uri: redirectUri(location), code_verifier: verifier });
}

export function refreshTokens(config: ProviderConfig, refreshToken: string): Promise<ProviderTokens> {
  return tokenRequest(config, { grant_type: 'refresh_token', refresh_token: refreshToken });
}

/**
 * Signing out: the refresh token revoked at the provider (RFC 7009, best effort), the tokens
 * forgotten, and the URL that ends the provider's session (RP-initiated logout) and comes back
 * here — so that the next "Sign in" on a shared computer asks who signs in. Null without one.
 */
export async function signOut(config: ProviderConfig, storage: TabStorage, location: PageLocation): Promise<string | null> {
  const refreshToken = storage.getItem(REFRESH_KEY);
  const idToken = storage.getItem(ID_TOKEN_KEY);
  storage.removeItem(REFRESH_KEY);
  storage.removeItem(ID_TOKEN_KEY);
  if (refreshToken && config.revocationEndpoint) {
    await fetch(config.revocationEndpoint, {
      method: 'POST',
      credentials: 'omit',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: refreshToken, token_type_hint: 'refresh_token', client_id: config.clientId }),
    }).catch(() => undefined);
  }
  if (!config.endSessionEndpoint) return null;
  const url = new URL(config.endSessionEndpoint);
  url.searchParams.set('client_id', config.clientId);
  url.searchParams.set('post_logout_redirect_uri', redirectUri(location));
  if (idToken) url.searchParams.set('id_token_hint', idToken);
  return url.toString();
}
