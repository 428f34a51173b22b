import { readAccessRules, repoPath, scopeQueryName, type AccessRules, type Audience } from '@passerelle/common';
import {
  getNamedType,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
  isScalarType,
  Kind,
  parse,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLSchema,
} from 'graphql';
import { readFileSync } from 'node:fs';
import { Client } from 'pg';
import { apiSchemaOf, type AccessVerdict, type PartnerDirectory } from '@passerelle/gateway';
import type { TestStack } from '../support/stack';

/**
 * What the attack suites generate their cases from: the composed supergraph (its API schema and
 * its `@access` rules) and each subgraph's own SDL, as checked in.
 */
export const SUPERGRAPH = readFileSync(repoPath('schema/supergraph.graphql'), 'utf8');
export const RULES: AccessRules = readAccessRules(SUPERGRAPH);
export const SUBGRAPH_NAMES = ['cases', 'placements', 'partners'] as const;

export const apiSchema = (): Promise<GraphQLSchema> => apiSchemaOf(SUPERGRAPH);

/** The Mutation fields each subgraph defines itself (from its checked-in SDL). */
export function subgraphMutations(): Record<(typeof SUBGRAPH_NAMES)[number], string[]> {
  const out = {} as Record<(typeof SUBGRAPH_NAMES)[number], string[]>;
  for (const name of SUBGRAPH_NAMES) {
    const sdl = parse(readFileSync(repoPath(`schema/subgraphs/${name}.graphql`), 'utf8'));
    out[name] = sdl.definitions.flatMap((d) =>
      (d.kind === Kind.OBJECT_TYPE_DEFINITION || d.kind === Kind.OBJECT_TYPE_EXTENSION) && d.name.value === 'Mutation'
        ? (d.fields ?? []).map((f) => f.name.value)
        : [],
    );
  }
  return out;
}

const SCALARS: Record<string, unknown> = {
  ID: '8d0b1c7e-3f4a-4b8e-9c2d-5e6f7a8b9c0d',
  String: 'attaque',
  Int: 1,
  Float: 1,
  Boolean: true,
  LocalDate: '2026-11-02',
  DateTimeISO: '2026-11-02T09:00:00.000Z',
};

/** A value of an input type that coerces: required input fields filled, optional ones left out. */
export function sampleValue(type: GraphQLInputType): unknown {
  if (isNonNullType(type)) return sampleValue(type.ofType);
  if (isListType(type)) return [sampleValue(type.ofType)];
  if (isEnumType(type)) return type.getValues()[0]!.name;
  if (isScalarType(type)) {
    if (!(type.name in SCALARS)) throw new Error(`no sample value for scalar ${type.name}`);
    return SCALARS[type.name];
  }
  if (isInputObjectType(type)) {
    return Object.fromEntries(
      Object.values(type.getFields())
        .filter((f) => isNonNullType(f.type) && f.defaultValue === undefined)
        .map((f) => [f.name, sampleValue(f.type)]),
    );
  }
  throw new Error(`unexpected input type ${String(type)}`);
}

/**
 * A mutation that passes validation and variable coercion: every required argument as a variable
 * with a sample value, the result reduced to `__typename`. It would run if nothing refused it.
 */
export function mutationOperation(field: GraphQLField<unknown, unknown>): { query: string; variables: Record<string, unknown> } {
  const required = field.args.filter((a) => isNonNullType(a.type) && a.defaultValue === undefined);
  const definitions = required.map((a) => `$${a.name}: ${String(a.type)}`).join(', ');
  const args = required.map((a) => `${a.name}: $${a.name}`).join(', ');
  const selection = isLeafType(getNamedType(field.type)) ? '' : ' { __typename }';
  return {
    query: `mutation${definitions ? ` (${definitions})` : ''} { ${field.name}${args ? `(${args})` : ''}${selection} }`,
    variables: Object.fromEntries(required.map((a) => [a.name, sampleValue(a.type)])),
  };
}

/** Rows of every table of the three subgraphs' schemas (the audit log apart: it records attempts). */
export async function rowCounts(databaseUrl: string): Promise<Record<string, number>> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const tables = await client.query<{ name: string }>(
      `SELECT schemaname || '.' || tablename AS name FROM pg_tables
        WHERE schemaname IN ('cases', 'placements', 'partners') AND tablename NOT LIKE '%migrations%' ORDER BY 1`,
    );
    const sql = tables.rows.map((t) => `SELECT '${t.name}' AS name, count(*)::int AS n FROM ${t.name}`).join(' UNION ALL ');
    const counts = await client.query<{ name: string; n: number }>(sql);
    return Object.fromEntries(counts.rows.map((r) => [r.name, r.n]));
  } finally {
    await client.end();
  }
}

/**
 * A directory that lets every principal act, and grants its institution the categories listed
 * for its member (`sub`), or every one: the attack suites choose the agreements they attack.
 */
export function grantingDirectory(grantsBySub: Record<string, string[]>, everything: string[]): PartnerDirectory {
  return {
    async check(question): Promise<AccessVerdict> {
      return { allowed: true, grants: grantsBySub[question.sub] ?? everything };
    },
  };
}

/**
 * An institution's slice as the three subgraphs' own facts make it, asked afresh as Passerelle
 * itself (no cache): what a later read would let it see.
 */
export async function sliceOf(stack: TestStack, audience: Audience, partnerId: string): Promise<string[]> {
  const all = await Promise.all(
    SUBGRAPH_NAMES.map(async (subgraph) => {
      const field = scopeQueryName(subgraph);
      const result = await stack.querySubgraph<Record<string, string[]>>(
        subgraph,
        `query ($a: String!, $p: ID!) { ${field}(audience: $a, partnerId: $p) }`,
        { a: audience, p: partnerId },
      );
      return result.data![field]!;
    }),
  );
  return [...new Set(all.flat())].sort();
}
