import {
  auditSettingsFor,
  checkpointDirFor,
  createLog,
  partnerId,
  partnerMemberId,
  PRINCIPAL_HEADER,
  readConfig,
  signPrincipal,
  systemPrincipal,
  type Audience,
  type LogLevel,
  type LogSink,
  type NotifySettings,
  type Principal,
  type SeedPartnerKind,
  type TracingSetup,
} from '@passerelle/common';
import { readTokenSettings, signDevToken, type OidcSettings, type PartnerDirectory } from '@passerelle/gateway';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startStack, type Stack } from '../../tools/src/stack';
import { createTestDatabase } from './database';

export interface GraphQLResponse<T = Record<string, unknown>> {
  status: number;
  data?: T | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
}

/** Who sends a test request: a principal to sign a development token for, or a raw token (null: none). */
export type As = { audience: Audience; partnerId: string; sub?: string; scopes?: string[] } | { token: string | null };

/** Member `member` of the `index`th seeded institution of a kind, acting as `audience`. */
export function seeded(audience: Audience, kind: SeedPartnerKind, index = 0, member = 0, scopes?: string[]) {
  return { audience, partnerId: partnerId(kind, index), sub: partnerMemberId(kind, index, member), scopes };
}

/** The kind of seeded institution each audience acts for (the first of its kind in the demo world). */
export const SEEDED_KIND: Record<Audience, SeedPartnerKind> = {
  department: 'DEPARTMENT',
  crip: 'CRIP',
  school: 'SCHOOL',
  pmi: 'PMI',
  judge: 'COURT',
  prosecutor: 'PROSECUTOR',
  association: 'ASSOCIATION',
  analyst: 'OBSERVATORY',
  snated: 'SNATED',
  concern_sender: 'HOSPITAL',
};

/** A member of the first seeded institution of the audience's kind; département members manage (`audit:read`). */
export const seededAs = (audience: Audience) => seeded(audience, SEEDED_KIND[audience], 0, 0, audience === 'department' ? ['audit:read'] : []);

const SYSTEM = systemPrincipal('test');

/** A caseworker of the département's ASE, the default sender of test requests. */
export const DEPARTMENT = seeded('department', 'DEPARTMENT');

/**
 * A member of the département holding directory:admin: the directory's writes (institutions,
 * members, agreements) need it (matrix DIRECTORY_ADMINISTRATION). Member 1: member 0 is the
 * default sender, and nobody changes their own record.
 */
export const DIRECTORY_ADMIN = seeded('department', 'DEPARTMENT', 0, 1, ['directory:admin']);

/** `stack.query` as DIRECTORY_ADMIN. */
export function asDirectoryAdmin(stack: Pick<TestStack, 'query'>) {
  return {
    query: <T = any>(query: string, variables: Record<string, unknown> = {}) => stack.query<T>(query, variables, DIRECTORY_ADMIN),
  };
}

export function tokenFor(as: Exclude<As, { token: string | null }>, ttlSeconds?: number): Promise<string> {
  const config = readConfig(['JWT_SECRET', 'JWT_ISSUER', 'JWT_AUDIENCE']);
  return signDevToken({
    audience: as.audience,
    partnerId: as.partnerId,
    sub: as.sub ?? 'no-such-member',
    scopes: as.scopes,
    ttlSeconds,
    secret: config.JWT_SECRET,
    issuer: config.JWT_ISSUER,
    tokenAudience: config.JWT_AUDIENCE,
  });
}

export interface TestStack extends Stack {
  databaseUrl: string;
  /** A bearer token the gateway accepts (production mode: signed by the test's identity provider). */
  token(as: Exclude<As, { token: string | null }>): Promise<string>;
  /** Sends a GraphQL operation to the gateway over HTTP, as a client would (as the département by default). */
  query<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    as?: As,
  ): Promise<GraphQLResponse<T>>;
  /**
   * Sends an operation straight to one subgraph, signed as the gateway would sign it (by default
   * for Passerelle itself): what the gateway sends for `_entities`, without the gateway.
   */
  querySubgraph<T = Record<string, unknown>>(
    subgraph: string,
    query: string,
    variables?: Record<string, unknown>,
    principal?: Principal,
  ): Promise<GraphQLResponse<T>>;
  /** SQL statements each subgraph sent since the last reset. */
  statements(): Record<string, number>;
  resetStatements(): void;
}

export async function postGraphQL<T>(
  url: string,
  query: string,
  variables?: Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<GraphQLResponse<T>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, ...((await response.json()) as object) } as GraphQLResponse<T>;
}

/** The whole platform on a fresh database of its own, seeded with `children` demo children. */
/**
 * What production verifies tokens against: an identity provider's JWKS (ES256), served on
 * loopback for the test; development HS256 tokens are refused in production.
 */
async function startIdentityProvider(): Promise<{ jwksUrl: string; sign(as: Exclude<As, { token: string | null }>): Promise<string>; server: Server }> {
  const { publicKey, privateKey } = await generateKeyPair('ES256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'test', alg: 'ES256', use: 'sig' };
  const server = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ keys: [jwk] }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const config = readConfig(['JWT_ISSUER', 'JWT_AUDIENCE']);
  return {
    server,
    jwksUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks.json`,
    sign: (as) =>
      new SignJWT({ partner_id: as.partnerId, audience: as.audience, scope: (as.scopes ?? []).join(' ') })
        .setProtectedHeader({ alg: 'ES256', kid: 'test' })
        .setSubject(as.sub ?? 'no-such-member')
        .setIssuer(config.JWT_ISSUER)
        .setAudience(config.JWT_AUDIENCE)
        .setIssuedAt()
        .setExpirationTime('1h')
        .sign(privateKey),
  };
}

/** The whole platform on a fresh database of its own, seeded with `children` demo children. */
export async function startTestStack(options: {
  children: number;
  today?: string;
  directory?: PartnerDirectory;
  signingKey?: string;
  /** NODE_ENV=production: unexpected errors reach clients as "internal error"; tokens from a JWKS. */
  production?: boolean;
  /** Every service's log lines, at that level and as JSON, to `sink` (default: errors only, to stderr). */
  logs?: { level: LogLevel; sink: LogSink };
  /** METRICS_TOKEN of every service. */
  metricsToken?: string;
  /** OpenTelemetry traces of every service. */
  tracing?: TracingSetup;
  /** Audiences that may run only their registered documents. */
  trustedDocuments?: Audience[];
  /** The notification dispatchers' settings (shorter waits for a test). */
  notify?: Partial<NotifySettings>;
  /** Sign-in with an OpenID Connect provider (with `production`, its tokens are the only ones accepted). */
  oidc?: OidcSettings;
  /**
   * The fewest ids for which the subgraphs store a slice rather than send it; by default
   * PASSERELLE_TEST_STORED_SLICE_MIN (stored-slices.e2e.ts runs whole suites again with 1).
   */
  storedSliceMin?: number;
}): Promise<TestStack> {
  const database = await createTestDatabase();
  const identity = options.production && !options.oidc ? await startIdentityProvider() : undefined;
  const signingKey = options.signingKey ?? randomBytes(32).toString('base64url');
  // The audit chain's checkpoints: a directory of the test's own, the key derived from the signing key.
  const checkpointDir = mkdtempSync(path.join(tmpdir(), 'passerelle-audit-'));
  const stack = await startStack({
    databaseUrl: database.url,
    seed: { children: options.children, today: options.today ?? '2026-11-01' },
    log: options.logs ? createLog('gateway', options.logs.level, 'json', options.logs.sink) : createLog('test', 'error'),
    logLevel: options.logs?.level,
    logFormat: options.logs ? 'json' : undefined,
    logSink: options.logs?.sink,
    metricsToken: options.metricsToken,
    tracing: options.tracing,
    trustedDocuments: options.trustedDocuments,
    directory: options.directory,
    signingKey,
    audit: auditSettingsFor(signingKey, checkpointDirFor(checkpointDir, database.url)),
    production: options.production,
    notify: options.notify,
    storedSliceMin: options.storedSliceMin ?? (process.env.PASSERELLE_TEST_STORED_SLICE_MIN ? Number(process.env.PASSERELLE_TEST_STORED_SLICE_MIN) : undefined),
    tokens: identity ? { ...readTokenSettings(), jwksUrl: identity.jwksUrl } : options.oidc ? { ...readTokenSettings(), oidc: options.oidc } : undefined,
  });
  const token = (as: Exclude<As, { token: string | null }>) => (identity ? identity.sign(as) : tokenFor(as));
  const testStack: TestStack = {
    ...stack,
    databaseUrl: database.url,
    token,
    async query(query, variables, as = DEPARTMENT) {
      const bearer = 'token' in as ? as.token : await token(as);
      return postGraphQL(stack.gateway.url, query, variables, bearer ? { authorization: `Bearer ${bearer}` } : {});
    },
    querySubgraph(subgraph, query, variables, principal = SYSTEM) {
      return postGraphQL(stack.subgraphs[subgraph]!.url, query, variables, {
        [PRINCIPAL_HEADER]: signPrincipal(principal, { query, variables }, stack.signingKey, subgraph),
      });
    },
    statements: () => Object.fromEntries(Object.values(stack.subgraphs).map((s) => [s.name, s.db.statements.count])),
    resetStatements: () => Object.values(stack.subgraphs).forEach((s) => s.db.statements.reset()),
    async stop() {
      await stack.stop();
      await database.drop();
      if (identity) await new Promise((resolve) => identity.server.close(resolve));
      rmSync(checkpointDir, { recursive: true, force: true });
    },
  };
  // Caches serve nothing until their LISTEN connection is up (fail-safe): wait for it, so that
  // tests see the caches a running platform has.
  await Promise.all([
    stack.gateway.directoryListener?.whenListening(),
    ...Object.values(stack.subgraphs).map((s) => s.scopeListener.whenListening()),
  ]);
  // The gateway checks a principal with the partners subgraph once, then remembers it until a
  // change: check the département's now, so that statement counts measure the queries alone.
  await testStack.query('{ __typename }');
  return testStack;
}
