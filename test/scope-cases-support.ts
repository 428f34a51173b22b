import { childId, childPmi, childSchool, worldSize, type SeedPlan } from '@passerelle/common';
import { Client } from 'pg';
import type { GraphQLResponse } from './support/stack';

/** The demo world the cases row-scope tests read: big enough for a judge to have 100+ children. */
export const PLAN: SeedPlan = { children: 560, today: '2026-11-01' };
export const SIZE = worldSize(PLAN);
export const INDEX = new Map(Array.from({ length: PLAN.children }, (_, i) => [childId(i), i]));

/** Seeded institutions whose agreement is in force whatever the day the tests run (see partners' seed). */
export const inForce = (index: number) => index % 11 !== 5 && index % 7 !== 3;

/** Children the seed world enrols at school `s`, and those PMI centre `p` follows. */
export const pupilsOf = (s: number) => [...INDEX].filter(([, i]) => childSchool(PLAN, SIZE, i) === s).map(([id]) => id).sort();
export const toddlersOf = (p: number) => [...INDEX].filter(([, i]) => childPmi(PLAN, SIZE, i) === p).map(([id]) => id).sort();

/** The answer straight from PostgreSQL: the oracle the scoped answers are compared with. */
export async function sql<T = Record<string, unknown>>(url: string, text: string, params: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text, params)).rows as T[];
  } finally {
    await client.end();
  }
}

export const column = async (url: string, text: string, params: unknown[] = []): Promise<string[]> =>
  (await sql<{ v: string }>(url, text, params)).map((r) => r.v).sort();

/** The single FORBIDDEN error of a refused request, and that nothing came back. */
export function refused(result: GraphQLResponse<any>): string {
  expect(result.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
  return result.errors![0]!.message;
}

