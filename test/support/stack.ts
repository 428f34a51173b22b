import { createLog, partnerId, readConfig, type Audience } from '@passerelle/common';
import { signDevToken, type PartnerDirectory } from '@passerelle/gateway';
import { startStack, type Stack } from '../../tools/src/stack';
import { createTestDatabase } from './database';

export interface GraphQLResponse<T = Record<string, unknown>> {
  status: number;
  data?: T | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
}

/** Who sends a test request: a principal to sign a development token for, or a raw token (null: none). */
export type As = { audience: Audience; partnerId: string; sub?: string; scopes?: string[] } | { token: string | null };

/** The département's ASE, the default sender of test requests. */
export const DEPARTMENT: As = { audience: 'department', partnerId: partnerId('DEPARTMENT', 0), sub: 'test-caseworker' };

export function tokenFor(as: Exclude<As, { token: string | null }>, ttlSeconds?: number): Promise<string> {
  const config = readConfig(['JWT_SECRET', 'JWT_ISSUER', 'JWT_AUDIENCE']);
  return signDevToken({
    audience: as.audience,
    partnerId: as.partnerId,
    sub: as.sub ?? `test-member-of-${as.partnerId}`,
    scopes: as.scopes,
    ttlSeconds,
    secret: config.JWT_SECRET,
    issuer: config.JWT_ISSUER,
    tokenAudience: config.JWT_AUDIENCE,
  });
}

export interface TestStack extends Stack {
  databaseUrl: string;
  /** Sends a GraphQL operation to the gateway over HTTP, as a client would (as the département by default). */
  query<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    as?: As,
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
export async function startTestStack(options: {
  children: number;
  today?: string;
  directory?: PartnerDirectory;
  signingKey?: string;
}): Promise<TestStack> {
  const database = await createTestDatabase();
  const stack = await startStack({
    databaseUrl: database.url,
    seed: { children: options.children, today: options.today ?? '2026-11-01' },
    log: createLog('test', 'error'),
    directory: options.directory,
    signingKey: options.signingKey,
  });
  return {
    ...stack,
    databaseUrl: database.url,
    async query(query, variables, as = DEPARTMENT) {
      const token = 'token' in as ? as.token : await tokenFor(as);
      return postGraphQL(stack.gateway.url, query, variables, token ? { authorization: `Bearer ${token}` } : {});
    },
    statements: () => Object.fromEntries(Object.values(stack.subgraphs).map((s) => [s.name, s.db.statements.count])),
    resetStatements: () => Object.values(stack.subgraphs).forEach((s) => s.db.statements.reset()),
    async stop() {
      await stack.stop();
      await database.drop();
    },
  };
}
