import { repoPath } from '@passerelle/common';
import { exportJWK, generateKeyPair, type JWK } from 'jose';
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { freePort } from './faults';

/**
 * A real OpenID Connect provider (oidc-provider, test/support/oidc-provider.mjs) in a child
 * process on loopback, and a user agent that signs in to it with Authorization Code + PKCE the
 * way the explorer does (redirects followed by hand, cookies kept, the login form posted).
 */

export interface ProviderAccount {
  email: string;
  email_verified?: boolean;
  siret?: string;
  uai?: string;
  finess?: string;
}

export interface ProviderSetup {
  accounts: Record<string, ProviderAccount>;
  /** Resource indicators it issues JWT access tokens for; the first is the default. */
  resources: string[];
  client: { client_id: string; redirect_uris: string[]; origins: string[] };
  /** Seconds an access token lives (default 600). */
  accessTtl?: number;
}

export interface TestProvider {
  issuer: string;
  port: number;
  /** The signing keys' ids, the one that signs first. */
  kids: string[];
  /** Restarts the provider with `keys` (private JWKs; the first signs), same issuer. */
  restart(keys: JWK[]): Promise<void>;
  jwksHits(): Promise<number>;
  stop(): Promise<void>;
}

export async function signingKey(kid: string): Promise<JWK> {
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  return { ...(await exportJWK(privateKey)), kid, alg: 'ES256', use: 'sig' };
}

function spawnProvider(port: number, keys: JWK[], setup: ProviderSetup): Promise<ChildProcess> {
  const child = spawn(process.execPath, [repoPath('test/support/oidc-provider.mjs')], {
    env: {
      ...process.env,
      OIDC_PORT: String(port),
      OIDC_KEYS: JSON.stringify(keys),
      OIDC_ACCOUNTS: JSON.stringify(setup.accounts),
      OIDC_RESOURCES: JSON.stringify(setup.resources),
      OIDC_CLIENT: JSON.stringify(setup.client),
      OIDC_ACCESS_TTL: String(setup.accessTtl ?? 600),
    },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the test identity provider did not start: ${stderr}`)), 20_000);
    child.stdout!.once('data', () => {
      clearTimeout(timer);
      resolve(child);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the test identity provider exited (${code}): ${stderr}`));
    });
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

export async function startProvider(port: number, keys: JWK[], setup: ProviderSetup): Promise<TestProvider> {
  let child = await spawnProvider(port, keys, setup);
  const issuer = `http://127.0.0.1:${port}`;
  const provider: TestProvider = {
    issuer,
    port,
    kids: keys.map((k) => k.kid!),
    async restart(next) {
      await stopChild(child);
      child = await spawnProvider(port, next, setup);
      provider.kids = next.map((k) => k.kid!);
    },
    async jwksHits() {
      const response = await fetch(`${issuer}/__test/jwks-hits`);
      return ((await response.json()) as { hits: number }).hits;
    },
    stop: () => stopChild(child),
  };
  return provider;
}

/** A cookie jar per origin, enough for the provider's session and interaction cookies. */
class Cookies {
  private readonly jar = new Map<string, string>();
  header(): string {
    return [...this.jar].map(([k, v]) => `${k}=${v}`).join('; ');
  }
  take(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      if (/expires=Thu, 01 Jan 1970/i.test(line) || value === '') this.jar.delete(name);
      else this.jar.set(name, value);
    }
  }
}

export interface ProviderTokens {
  access_token: string;
  refresh_token?: string;
  id_token?: string;
  expires_in: number;
  token_type: string;
}

export const base64url = (bytes: Buffer) => bytes.toString('base64url');

/**
 * Signs `account` in as the explorer does: the authorization request with a PKCE challenge and a
 * state, the provider's login form posted, consent, the code exchanged with the verifier.
 */
export async function signIn(
  provider: TestProvider,
  options: { clientId: string; redirectUri: string; account: string; scope?: string; resource?: string },
): Promise<ProviderTokens> {
  const cookies = new Cookies();
  const verifier = base64url(randomBytes(32));
  const challenge = base64url(createHash('sha256').update(verifier).digest());
  const state = base64url(randomBytes(16));
  const authorize = new URL('/auth', provider.issuer);
  authorize.search = new URLSearchParams({
    client_id: options.clientId,
    response_type: 'code',
    redirect_uri: options.redirectUri,
    scope: options.scope ?? 'openid email organisation passerelle',
    code_challenge: challenge,
    code_challenge_method: 'S256',
    state,
    ...(options.resource ? { resource: options.resource } : {}),
  }).toString();
  let next: { url: string; method: 'GET' | 'POST'; body?: string } = { url: authorize.toString(), method: 'GET' };
  for (let hop = 0; hop < 12; hop++) {
    const response = await fetch(next.url, {
      method: next.method,
      redirect: 'manual',
      headers: { cookie: cookies.header(), ...(next.body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
      body: next.body,
    });
    cookies.take(response);
    const location = response.headers.get('location');
    if (location) {
      const target = new URL(location, next.url);
      if (target.toString().startsWith(options.redirectUri)) {
        if (target.searchParams.get('state') !== state) throw new Error('the provider sent back another state');
        const code = target.searchParams.get('code');
        if (!code) throw new Error(`no code: ${target.searchParams.get('error')} ${target.searchParams.get('error_description')}`);
        return exchange(provider, { grant_type: 'authorization_code', code, redirect_uri: options.redirectUri, client_id: options.clientId, code_verifier: verifier });
      }
      next = { url: target.toString(), method: 'GET' };
      continue;
    }
    const html = await response.text();
    const form = /<form method="post" action="([^"]+)"/.exec(html);
    if (response.status !== 200 || !form) throw new Error(`unexpected answer from the provider (HTTP ${response.status}): ${html.slice(0, 300)}`);
    next = { url: new URL(form[1]!, next.url).toString(), method: 'POST', body: new URLSearchParams({ account: options.account }).toString() };
  }
  throw new Error('too many redirects signing in');
}

export async function exchange(provider: TestProvider, params: Record<string, string>): Promise<ProviderTokens> {
  const response = await fetch(new URL('/token', provider.issuer), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(params).toString(),
  });
  const body = (await response.json()) as ProviderTokens & { error?: string; error_description?: string };
  if (!response.ok) throw new Error(`token endpoint: ${body.error} ${body.error_description}`);
  return body;
}

export function refresh(provider: TestProvider, clientId: string, refreshToken: string): Promise<ProviderTokens> {
  return exchange(provider, { grant_type: 'refresh_token', refresh_token: refreshToken, client_id: clientId });
}
