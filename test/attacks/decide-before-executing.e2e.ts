import {
  AGREEMENT_CATEGORIES,
  agreementCategoryOf,
  AUDIENCES,
  canWrite,
  categoryOf,
  type Audience,
  type Principal,
} from '@passerelle/common';
import { deriveContracts, type Contracts } from '@passerelle/gateway';
import type { GraphQLSchema } from 'graphql';
import { seeded, SEEDED_KIND, startTestStack, type TestStack } from '../support/stack';
import { apiSchema, grantingDirectory, mutationOperation, RULES, rowCounts, subgraphMutations, SUBGRAPH_NAMES } from './support';
import { SETUP_TIMEOUT_MS } from '../support/timeouts';

/**
 * Classes 1, 2 and 4 of the attacks on the write side, generated from the composed schema and the
 * access matrix: whatever a principal may not run is refused before anything runs — by its
 * audience's contract (an operation type, a mutation outside it), by its institution's agreements
 * (a mutation whose category they do not grant), and again by each subgraph for a validly signed
 * principal sent straight to it. Proof of "before": at the gateway, no SQL statement in any
 * subgraph; everywhere, the row count of every table unchanged.
 */

/** Members whose institution's agreements grant nothing (`bare`) or everything (the seeded member). */
const BARE = 'member-with-no-agreement-category';
const as = (audience: Audience, bare = false) => ({
  ...seeded(audience, SEEDED_KIND[audience], 0, 0, ['audit:read']),
  ...(bare ? { sub: `${BARE}-${audience}` } : {}),
});
const principalOf = (audience: Audience, grants: string[]): Principal => ({
  sub: `attacker-${audience}`,
  partnerId: seeded(audience, SEEDED_KIND[audience]).partnerId,
  audience,
  scopes: ['audit:read'],
  grants,
});

let stack: TestStack;
let schema: GraphQLSchema;
let contracts: Contracts;
let before: Record<string, number>;
const mutations = () => Object.values(schema.getMutationType()!.getFields());

beforeAll(async () => {
  schema = await apiSchema();
  contracts = deriveContracts(schema, RULES);
  const bare = Object.fromEntries(AUDIENCES.map((a) => [`${BARE}-${a}`, []]));
  stack = await startTestStack({ children: 12, directory: grantingDirectory(bare, [...AGREEMENT_CATEGORIES]) });
  before = await rowCounts(stack.databaseUrl);
}, SETUP_TIMEOUT_MS);

afterAll(async () => {
  await stack?.stop();
});

/** Sends the operation and checks that no subgraph ran a statement for it. */
async function refusedBeforeExecution(query: string, variables: Record<string, unknown>, who: ReturnType<typeof as>) {
  await stack.query('{ __typename }', {}, who); // the principal is checked once, outside what is measured
  stack.resetStatements();
  const response = await stack.query<any>(query, variables, who);
  expect(Object.values(stack.statements()).reduce((a, b) => a + b, 0)).toBe(0);
  expect(response.data ?? null).toBeNull();
  return response;
}

describe('an operation type absent from an audience’s contract is refused before any subgraph is called', () => {
  it.each(AUDIENCES.flatMap((a) => (['mutation', 'subscription'] as const).map((op) => [a, op] as const)))(
    '%s sending a %s',
    async (audience, op) => {
      const contract = contracts[audience];
      const root = op === 'mutation' ? contract.getMutationType() : contract.getSubscriptionType();
      if (root) return; // the contract has this operation type: covered by the mutation cases below
      // The first mutation of the full schema, with arguments that coerce: it would write if it ran.
      const { query, variables } = mutationOperation(schema.getMutationType()!.getFields().createChild!);
      const document = op === 'mutation' ? query : query.replace(/^mutation/, 'subscription');
      const response = await refusedBeforeExecution(document, variables, as(audience));
      expect(response.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
      const typename = await refusedBeforeExecution(`${op} { __typename }`, {}, as(audience));
      expect(typename.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(typename.errors?.[0]?.message).toBe(`Schema is not configured to execute ${op} operation.`);
    },
  );
});

describe('a mutation outside the audience’s contract fails validation as an unknown field does, and runs nowhere', () => {
  const cases = () => AUDIENCES.flatMap((audience) => mutations().map((field) => [audience, field.name] as const));
  it('covers every (mutation, audience) pair the matrix does not open', () => {
    const refused = cases().filter(([audience, name]) => !contracts[audience].getMutationType()?.getFields()[name]);
    // Sanity: the matrix refuses most pairs; every pair is either in a contract or tested below.
    expect(refused.length).toBeGreaterThan(200);
  });
  it.each(AUDIENCES)('as %s', async (audience) => {
    const contract = contracts[audience];
    for (const field of mutations()) {
      if (contract.getMutationType()?.getFields()[field.name]) continue;
      const { query, variables } = mutationOperation(field);
      const response = await refusedBeforeExecution(query, variables, as(audience));
      expect([field.name, response.errors?.[0]?.extensions?.code]).toEqual([field.name, 'GRAPHQL_VALIDATION_FAILED']);
    }
  });
});

describe('a mutation whose category the institution’s agreements do not grant is refused before it runs', () => {
  it.each(AUDIENCES)('as %s with an agreement that grants nothing', async (audience) => {
    const contract = contracts[audience];
    for (const field of mutations()) {
      if (!contract.getMutationType()?.getFields()[field.name]) continue;
      const category = categoryOf(RULES, 'Mutation', field.name)!;
      if (!agreementCategoryOf(category)) continue; // platform categories need no agreement
      const { query, variables } = mutationOperation(field);
      const response = await refusedBeforeExecution(query, variables, as(audience, true));
      expect([field.name, response.errors?.[0]?.extensions?.code, response.errors?.[0]?.path]).toEqual([
        field.name,
        'FORBIDDEN',
        [field.name],
      ]);
    }
  });
});

describe('each subgraph refuses, for itself, a write its signed principal may not make', () => {
  const owned = subgraphMutations();
  it.each(SUBGRAPH_NAMES)('%s: every one of its mutations, for every audience without the write right or the grant', async (subgraph) => {
    let tried = 0;
    for (const name of owned[subgraph]) {
      const field = schema.getMutationType()!.getFields()[name];
      if (!field) continue; // @inaccessible: in no API schema, Passerelle's own
      const category = categoryOf(RULES, 'Mutation', name);
      const { query, variables } = mutationOperation(field);
      for (const audience of AUDIENCES) {
        const matrixRefuses = !category || !canWrite(audience, category);
        const grants = matrixRefuses ? [...AGREEMENT_CATEGORIES] : [];
        if (!matrixRefuses && !agreementCategoryOf(category!)) continue; // allowed, no agreement needed
        const response = await stack.querySubgraph<any>(subgraph, query, variables, principalOf(audience, grants));
        expect([name, audience, response.errors?.[0]?.extensions?.code, response.data ?? null]).toEqual([name, audience, 'FORBIDDEN', null]);
        tried += 1;
      }
    }
    expect(tried).toBeGreaterThan(0);
  });
});

describe('afterwards', () => {
  it('after every refused attempt above, no table of any subgraph has gained or lost a row', async () => {
    expect(await rowCounts(stack.databaseUrl)).toEqual(before);
  });
});
