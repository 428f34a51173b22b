import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { GraphQLError } from 'graphql';
import { isAudience, type Audience } from './matrix';

/**
 * Who is asking, as the gateway verified it: the member (`sub`), the institution, its audience
 * and scopes. The gateway forwards it to the subgraphs in a header signed with a key only they
 * share; the signature covers the subgraph it is meant for, the subgraph request's body and a
 * short expiry, and each header is accepted once across every replica (nonce-store.ts), so a
 * captured header is worth nothing at another subgraph, for another request, a second time or later.
 */
export interface Principal {
  /** The PartnerMember acting (token `sub`); `system:<service>` for Passerelle's own calls. */
  sub: string;
  /** The institution (Partner id) the member acts for. */
  partnerId: string;
  /** What the institution is, for the access matrix; `system` for Passerelle's own calls. */
  audience: Audience | 'system';
  /**
   * The institution's kind (the partners subgraph's PartnerKind), as the directory answered it
   * when the gateway accepted the token; undefined for Passerelle's own calls. An audience that
   * stands for several kinds (`concern_sender`: a hospital, the police…) is told apart by it.
   */
  partnerKind?: string;
  scopes: string[];
  /**
   * The data categories the institution's agreements in force grant today; undefined for
   * Passerelle's own calls. A field of a category outside it comes back FORBIDDEN.
   */
  grants?: string[];
  /**
   * For a member of the département (audience `department`) only: their place in the service,
   * from the partners directory (never from the token), which narrows their rows (scope.ts,
   * `departmentSliceOf`). Absent for a département principal: the narrowest slice (a caseworker
   * of no team: their caseload and break-glass grants only).
   */
  department?: DepartmentSlice;
}

/**
 * What a département member's role opens (issue 13, "the département's own slice"): a manager
 * (responsable, inspecteur) reads the whole département; a caseworker (référent ASE) the children
 * living in their territorial team's communes, the children of their caseload, and those a
 * break-glass grant opens to them for a while.
 */
export const DEPARTMENT_ROLES = ['MANAGER', 'CASEWORKER'] as const;
export type DepartmentRole = (typeof DEPARTMENT_ROLES)[number];

export interface DepartmentSlice {
  role: DepartmentRole;
  /** The member's territorial team (territoire d'action sociale); null: none. */
  teamId: string | null;
  /** INSEE codes of the communes the team covers (empty without a team). */
  communes: string[];
}

function isDepartmentSlice(value: unknown): value is DepartmentSlice {
  const v = value as DepartmentSlice;
  return (
    !!v &&
    typeof v === 'object' &&
    (DEPARTMENT_ROLES as readonly string[]).includes(v.role) &&
    (v.teamId === null || typeof v.teamId === 'string') &&
    Array.isArray(v.communes) &&
    v.communes.every((c) => typeof c === 'string')
  );
}

export const PRINCIPAL_HEADER = 'x-passerelle-principal';
const DEFAULT_TTL_MS = 30_000;

interface SignedPayload {
  principal: Principal;
  /** The subgraph the header is for (`cases`, `placements`, `partners`): the others refuse it. */
  aud: string;
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

/** Signs `principal` for one request to one subgraph (`subgraph`: its name, as in the supergraph). */
export function signPrincipal(
  principal: Principal,
  request: { query?: string; variables?: unknown },
  key: string,
  subgraph: string,
  now = Date.now(),
  ttlMs = DEFAULT_TTL_MS,
): string {
  const payload: SignedPayload = {
    principal,
    aud: subgraph,
    body: bodyHash(request.query, request.variables),
    exp: now + ttlMs,
    nonce: randomBytes(12).toString('base64url'),
  };
  const encoded = b64(JSON.stringify(payload));
  return `${encoded}.${b64(createHmac('sha256', key).update(encoded).digest())}`;
}

export function unauthenticated(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });
}

/** Single use of a header's nonce: answers whether the nonce is new (and records it). */
export interface NonceStore {
  accept(nonce: string, exp: number, now: number): boolean | Promise<boolean>;
}

/**
 * Remembers the nonces it accepted until they expire, to refuse a replayed header. In one
 * process only: a subgraph puts `PgNonceStore` behind it, which holds across replicas.
 */
export class ReplayGuard implements NonceStore {
  private readonly seen = new Map<string, number>();
  /**
   * The accepted nonces in order of arrival. Headers carry `exp = signed at + TTL`, so arrival
   * order is expiry order (to within the signers' clock skew): expired nonces are dropped from the
   * front, a constant amortised cost per request however many are held. A nonce that expires out
   * of order waits behind its elders, which only keeps it a little longer.
   */
  private queue: { nonce: string; exp: number }[] = [];
  private head = 0;

  has(nonce: string, now: number): boolean {
    const exp = this.seen.get(nonce);
    return exp !== undefined && exp >= now;
  }

  accept(nonce: string, exp: number, now: number): boolean {
    this.forgetExpired(now);
    if (this.seen.has(nonce)) return false;
    this.seen.set(nonce, exp);
    this.queue.push({ nonce, exp });
    return true;
  }

  /** How many nonces are held (for tests and measures). */
  get size(): number {
    return this.seen.size;
  }

  private forgetExpired(now: number): void {
    while (this.head < this.queue.length && this.queue[this.head]!.exp < now) {
      this.seen.delete(this.queue[this.head]!.nonce);
      this.head++;
    }
    // Compact once the dropped prefix is most of the array (amortised O(1)).
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
  }
}

export interface VerifyOptions {
  /** The verifying subgraph's own name: a header signed for another is refused. */
  subgraph: string;
  replay: NonceStore;
  now?: number;
}

/**
 * Verifies the header against the received request and the receiving subgraph; throws
 * UNAUTHENTICATED (HTTP 401). The nonce is spent last, once everything else holds, so a forged
 * or misdirected header costs no write to the nonce store.
 */
export async function verifyPrincipal(
  header: string | string[] | undefined,
  request: { query?: string; variables?: unknown },
  key: string,
  options: VerifyOptions,
): Promise<Principal> {
  const now = options.now ?? Date.now();
  if (typeof header !== 'string' || header === '') {
    throw unauthenticated('this service answers only the Passerelle gateway (no signed principal)');
  }
  const [encoded, signature, extra] = header.split('.');
  if (!encoded || !signature || extra !== undefined) throw unauthenticated('malformed principal header');
  const expected = createHmac('sha256', key).update(encoded).digest();
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw unauthenticated('invalid principal signature');
  }
  let payload: SignedPayload;
  try {
    payload = JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8')) as SignedPayload;
  } catch {
    throw unauthenticated('malformed principal header');
  }
  if (typeof payload.exp !== 'number' || payload.exp < now) throw unauthenticated('expired principal header');
  if (payload.aud !== options.subgraph) throw unauthenticated('principal header signed for another service');
  if (payload.body !== bodyHash(request.query, request.variables)) {
    throw unauthenticated('principal header signed for another request');
  }
  const p = payload.principal;
  if (!p || typeof p.sub !== 'string' || typeof p.partnerId !== 'string' || !(isAudience(p.audience) || p.audience === 'system')) {
    throw unauthenticated('malformed principal');
  }
  if (p.partnerKind !== undefined && typeof p.partnerKind !== 'string') throw unauthenticated('malformed principal');
  if (p.department !== undefined && (p.audience !== 'department' || !isDepartmentSlice(p.department))) {
    throw unauthenticated('malformed principal');
  }
  if (typeof payload.nonce !== 'string' || payload.nonce === '') throw unauthenticated('malformed principal header');
  if (!(await options.replay.accept(payload.nonce, payload.exp, now))) throw unauthenticated('principal header already used');
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
  subgraph: { name: string; url: string },
  query: string,
  variables: Record<string, unknown>,
  principal: Principal,
  signingKey: string,
): Promise<T> {
  const header = signPrincipal(principal, { query, variables }, signingKey, subgraph.name);
  const response = await fetch(subgraph.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [PRINCIPAL_HEADER]: header },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T | null; errors?: { message: string }[] };
  if (!body.data || body.errors?.length) throw new Error(body.errors?.[0]?.message ?? `HTTP ${response.status}`);
  return body.data;
}
