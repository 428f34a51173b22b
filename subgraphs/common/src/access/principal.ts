import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { GraphQLError } from 'graphql';
import { isAudience, type Audience } from './matrix';

/**
 * Who is asking, as the gateway verified it: the member (`sub`), the institution, its audience
 * and scopes. The gateway forwards it to the subgraphs in a header signed with a key only they
 * share; the signature covers the subgraph request's body and a short expiry, and each header is
 * accepted once, so a captured header is worth nothing for another request or later.
 */
export interface Principal {
  /** The PartnerMember acting (token `sub`); `system:<service>` for Passerelle's own calls. */
  sub: string;
  /** The institution (Partner id) the member acts for. */
  partnerId: string;
  /** What the institution is, for the access matrix; `system` for Passerelle's own calls. */
  audience: Audience | 'system';
  scopes: string[];
  /**
   * The data categories the institution's agreements in force grant today; undefined for
   * Passerelle's own calls. A field of a category outside it comes back FORBIDDEN.
   */
  grants?: string[];
}

export const PRINCIPAL_HEADER = 'x-passerelle-principal';
const DEFAULT_TTL_MS = 30_000;

interface SignedPayload {
  principal: Principal;
  /** sha256 of the request body, hex. */
  body: string;
  exp: number;
  nonce: string;
}

const b64 = (value: Buffer | string) => Buffer.from(value).toString('base64url');

export function bodyHash(query: string | undefined, variables: unknown): string {
  return createHash('sha256')
    .update(query ?? '')
    .update('\n')
    .update(JSON.stringify(variables ?? {}))
    .digest('hex');
}

export function signPrincipal(
  principal: Principal,
  request: { query?: string; variables?: unknown },
  key: string,
  now = Date.now(),
  ttlMs = DEFAULT_TTL_MS,
): string {
  const payload: SignedPayload = {
    principal,
    body: bodyHash(request.query, request.variables),
    exp: now + ttlMs,
    nonce: randomBytes(12).toString('base64url'),
  };
  const encoded = b64(JSON.stringify(payload));
  return `${encoded}.${b64(createHmac('sha256', key).update(encoded).digest())}`;
}

function unauthenticated(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });
}

/** Remembers the nonces it accepted until they expire, to refuse a replayed header. */
export class ReplayGuard {
  private readonly seen = new Map<string, number>();

  accept(nonce: string, exp: number, now: number): boolean {
    if (this.seen.size > 10_000) for (const [n, e] of this.seen) if (e < now) this.seen.delete(n);
    if (this.seen.has(nonce)) return false;
    this.seen.set(nonce, exp);
    return true;
  }
}

/** Verifies the header against the received request; throws UNAUTHENTICATED (HTTP 401). */
export function verifyPrincipal(
  header: string | string[] | undefined,
  request: { query?: string; variables?: unknown },
  key: string,
  replay: ReplayGuard,
  now = Date.now(),
): Principal {
  if (typeof header !== 'string' || header === '') {
    throw unauthenticated('this service answers only the Passerelle gateway (no signed principal)');
  }
  const [encoded, signature] = header.split('.');
  if (!encoded || !signature) throw unauthenticated('malformed principal header');
  const expected = createHmac('sha256', key).update(encoded).digest();
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw unauthenticated('invalid principal signature');
  }
  const payload = JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8')) as SignedPayload;
  if (payload.exp < now) throw unauthenticated('expired principal header');
  if (payload.body !== bodyHash(request.query, request.variables)) {
    throw unauthenticated('principal header signed for another request');
  }
  if (!replay.accept(payload.nonce, payload.exp, now)) throw unauthenticated('principal header already used');
  const p = payload.principal;
  if (!p || typeof p.sub !== 'string' || typeof p.partnerId !== 'string' || !(isAudience(p.audience) || p.audience === 'system')) {
    throw unauthenticated('malformed principal');
  }
  return p;
}

/** Passerelle's own principal, for one service asking another (`sub` names the asking service). */
export function systemPrincipal(service: string): Principal {
  return { sub: `system:${service}`, partnerId: 'system', audience: 'system', scopes: [] };
}

/**
 * Sends a GraphQL operation straight to a subgraph with the principal signed for it: how the
 * gateway asks the partners subgraph about a token, and how a subgraph asks its peers for their
 * part of a row scope. Answers the `data`, or throws with the first error.
 */
export async function signedSubgraphQuery<T>(
  url: string,
  query: string,
  variables: Record<string, unknown>,
  principal: Principal,
  signingKey: string,
): Promise<T> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [PRINCIPAL_HEADER]: signPrincipal(principal, { query, variables }, signingKey) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T | null; errors?: { message: string }[] };
  if (!body.data || body.errors?.length) throw new Error(body.errors?.[0]?.message ?? `HTTP ${response.status}`);
  return body.data;
}
