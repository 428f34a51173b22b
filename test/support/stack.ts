import { createLog } from '@passerelle/common';
import { startStack, type Stack } from '../../tools/src/stack';
import { createTestDatabase } from './database';

export interface GraphQLResponse<T = Record<string, unknown>> {
  status: number;
  data?: T | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
}

export interface TestStack extends Stack {
  databaseUrl: string;
  /** Sends a GraphQL operation to the gateway over HTTP, as a client would. */
  query<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>): Promise<GraphQLResponse<T>>;
  /** SQL statements each subgraph sent since the last reset. */
  statements(): Record<string, number>;
  resetStatements(): void;
}

export async function postGraphQL<T>(url: string, query: string, variables?: Record<string, unknown>): Promise<GraphQLResponse<T>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, ...((await response.json()) as object) } as GraphQLResponse<T>;
}

/** The whole platform on a fresh database of its own, seeded with `children` demo children. */
export async function startTestStack(options: { children: number; today?: string }): Promise<TestStack> {
  const database = await createTestDatabase();
  const stack = await startStack({
    databaseUrl: database.url,
    seed: { children: options.children, today: options.today ?? '2026-11-01' },
    log: createLog('test', 'error'),
  });
  return {
    ...stack,
    databaseUrl: database.url,
    query: (query, variables) => postGraphQL(stack.gateway.url, query, variables),
    statements: () => Object.fromEntries(Object.values(stack.subgraphs).map((s) => [s.name, s.db.statements.count])),
    resetStatements: () => Object.values(stack.subgraphs).forEach((s) => s.db.statements.reset()),
    async stop() {
      await stack.stop();
      await database.drop();
    },
  };
}
