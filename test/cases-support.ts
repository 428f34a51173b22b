import { partnerMemberId } from '@passerelle/common';
import type { GraphQLResponse, TestStack } from './support/stack';

/** The data of a response that must have succeeded; the errors otherwise, to read in the failure. */
export function data<T>(result: GraphQLResponse<T>): T {
  if (result.errors?.length || !result.data) throw new Error(`unexpected errors: ${JSON.stringify(result.errors)}`);
  return result.data;
}

/** The one error of a response that must have failed. */
export function error(result: GraphQLResponse<unknown>): { message: string; extensions?: Record<string, unknown> } {
  expect(result.errors).toHaveLength(1);
  return result.errors![0]!;
}

export async function run<T = any>(stack: TestStack, query: string, variables?: Record<string, unknown>): Promise<T> {
  return data(await stack.query<T>(query, variables));
}

/** Today in France, as the subgraph computes deadlines. */
export function todayInFrance(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}

export function addDays(day: string, days: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** A binôme of evaluators: two seeded members of the CRIP (evaluators are members, issue 13). */
export const BINOME = [partnerMemberId('CRIP', 0, 0), partnerMemberId('CRIP', 0, 1)];
