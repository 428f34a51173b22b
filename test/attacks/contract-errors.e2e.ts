import { AUDIENCES } from '@passerelle/common';
import { deriveContracts, type Contracts } from '@passerelle/gateway';
import { isObjectType, type GraphQLSchema } from 'graphql';
import { seededAs, startTestStack, type TestStack } from '../support/stack';
import { apiSchema, RULES } from './support';
import { SETUP_TIMEOUT_MS } from '../support/timeouts';

/**
 * Class 6: the full schema never shows through an error. Every validation message and suggestion
 * is computed from the audience's contract, so a name outside it is answered exactly as a name
 * that does not exist, and no message names anything the contract does not hold. Generated from
 * the schema: every type and every field outside each audience's contract.
 */

const as = seededAs;

let stack: TestStack;
let schema: GraphQLSchema;
let contracts: Contracts;

beforeAll(async () => {
  schema = await apiSchema();
  contracts = deriveContracts(schema, RULES);
  stack = await startTestStack({ children: 4 });
}, SETUP_TIMEOUT_MS);

afterAll(async () => {
  await stack?.stop();
});

/** Every name a contract holds: its types, and every field and argument of them. */
function namesIn(contract: GraphQLSchema): Set<string> {
  const names = new Set<string>();
  for (const type of Object.values(contract.getTypeMap())) {
    names.add(type.name);
    if (isObjectType(type)) for (const f of Object.values(type.getFields())) [f.name, ...f.args.map((a) => a.name)].forEach((n) => names.add(n));
  }
  return names;
}

const quoted = (message: string) => [...message.matchAll(/"([^"]+)"/g)].map((m) => m[1]!);

describe.each(AUDIENCES)('as %s', (audience) => {
  it('a fragment on a type outside the contract fails exactly as one on a type that does not exist', async () => {
    const contract = contracts[audience];
    const outside = Object.keys(schema.getTypeMap()).filter((t) => !t.startsWith('__') && !contract.getType(t) && isObjectType(schema.getType(t)));
    // Suggestions ("Did you mean …?") name types of the contract only, close to the name sent;
    // apart from them, the answer must not depend on whether the name exists beyond the contract.
    const shape = (message: string | undefined, name: string) => message?.replace(name, '<T>').replace(/ ?Did you mean(.+?)\?$/, '');
    const known = namesIn(contract);
    const nonexistent = 'Zyxwvut';
    const reference = await stack.query<any>(`{ __typename ... on ${nonexistent} { __typename } }`, {}, as(audience));
    for (const name of outside) {
      const response = await stack.query<any>(`{ __typename ... on ${name} { __typename } }`, {}, as(audience));
      expect([name, response.status, response.errors?.[0]?.extensions?.code, shape(response.errors?.[0]?.message, name)]).toEqual([
        name,
        reference.status,
        reference.errors?.[0]?.extensions?.code,
        shape(reference.errors?.[0]?.message, nonexistent),
      ]);
      expect(quoted(response.errors![0]!.message).filter((n) => n !== name && !known.has(n))).toEqual([]);
    }
  });

  it('a misspelt field outside the contract gets no suggestion from outside it; no message names anything outside it', async () => {
    const contract = contracts[audience];
    const known = namesIn(contract);
    const query = schema.getQueryType()!;
    const child = schema.getType('Child');
    const probes: string[] = [];
    for (const field of Object.keys(query.getFields())) {
      if (!contract.getQueryType()?.getFields()[field]) probes.push(`{ ${field.slice(0, -1)} }`);
    }
    if (isObjectType(child) && contract.getQueryType()?.getFields().child) {
      for (const field of Object.keys(child.getFields())) {
        if (!(contract.getType('Child') as typeof child).getFields()[field]) probes.push(`{ child(id: "x") { ${field.slice(0, -1)} } }`);
      }
    }
    if (audience !== 'department') expect(probes.length).toBeGreaterThan(0);
    for (const probe of probes) {
      const response = await stack.query<any>(probe, {}, as(audience));
      expect(response.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
      const sent = /\{ (?:child\(id: "x"\) \{ )?(\w+)/.exec(probe)![1]!;
      const leaked = quoted(response.errors![0]!.message).filter((n) => n !== sent && !known.has(n));
      expect([probe, leaked]).toEqual([probe, []]);
    }
  });
});

it('a school typing `conten` on a concern is not told that `content` exists', async () => {
  const response = await stack.query<any>(`{ concerns(first: 1) { nodes { conten } } }`, {}, as('school'));
  expect(response.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  expect(response.errors?.[0]?.message).not.toMatch(/content/);
});
