import { MapperKind, mapSchema } from '@graphql-tools/utils';
import { readFileSync } from 'node:fs';
import { buildSchema, isScalarType, isSpecifiedScalarType, parse, type OperationDefinitionNode } from 'graphql';
import { repoPath } from './config';
import { CUSTOM_SCALARS, inputChecksPlugin, inputRefusal, withScalarParsing } from './input';

const SDL = `
  scalar LocalDate
  enum Sex { F M X }
  input Child { firstNames: String! birthDate: LocalDate! sex: Sex tags: [String!] }
  type Query { search(name: String, on: LocalDate, first: Int): [String!] }
  type Mutation { create(input: Child!): String }
`;
// As the gateway's contracts have it: the scalar named in SDL, parsed by its implementation.
const base = mapSchema(buildSchema(SDL), { [MapperKind.SCALAR_TYPE]: (type) => withScalarParsing(type) });

function refusal(query: string, variables?: Record<string, unknown>) {
  const document = parse(query);
  const error = inputRefusal(base, document, document.definitions[0] as OperationDefinitionNode, variables);
  return error && { argument: error.extensions.argument, code: error.extensions.code, message: error.message };
}

describe('every value checked before anything runs', () => {
  it('names the argument of a bad literal, at any depth', () => {
    expect(refusal('{ search(on: "") }')).toMatchObject({ argument: 'on', code: 'BAD_USER_INPUT' });
    expect(refusal('mutation { create(input: { firstNames: "a", birthDate: "2020-02-30" }) }')).toMatchObject({ argument: 'input.birthDate' });
    expect(refusal('mutation { create(input: { firstNames: "a", birthDate: "2020-02-03", tags: ["x", "y\\u0000"] }) }')).toMatchObject({
      argument: 'input.tags.1',
      message: 'input.tags.1 must not contain a null character (U+0000)',
    });
  });

  it('names the argument a bad variable stands for, wherever it stands', () => {
    const create = 'mutation ($i: Child!) { create(input: $i) }';
    expect(refusal(create, { i: { firstNames: 'a', birthDate: 5 } })).toMatchObject({ argument: 'input.birthDate' });
    expect(refusal(create, { i: { firstNames: 'a', birthDate: '2020-01-01', sex: 'Q' } })).toMatchObject({ argument: 'input.sex' });
    expect(refusal(create, { i: { firstNames: 'a\u0000', birthDate: '2020-01-01' } })).toMatchObject({ argument: 'input.firstNames' });
    expect(refusal(create, { i: { firstNames: 'a', birthDate: '2020-01-01', tags: ['x', 'y', 'z\u0000'] } })).toMatchObject({ argument: 'input.tags.2' });
    expect(refusal(create, { i: { firstNames: 'a', birthDate: '2020-01-01', tags: ['x'], ['k\u0000']: 1 } })).toMatchObject({ argument: 'input.k\u0000' });
    expect(refusal('mutation ($d: LocalDate!) { create(input: { firstNames: "a", birthDate: $d }) }', { d: 'tomorrow' })).toMatchObject({
      argument: 'input.birthDate',
    });
    expect(refusal('query ($n: String) { search(name: $n) }', { n: '\u0000' })).toMatchObject({ argument: 'name' });
    expect(refusal('query ($n: String, $unused: String) { search(name: $n) }', { unused: 'x\u0000' })).toMatchObject({ argument: '$unused' });
  });

  it('as a plugin: checks each request of one document (Apollo hands the same parsed document to each) with its own variables', async () => {
    const plugin = inputChecksPlugin(base);
    const check = async (query: string | ReturnType<typeof parse>, variables?: Record<string, unknown>) => {
      const document = typeof query === 'string' ? parse(query) : query;
      const hooks = await plugin.requestDidStart!({} as never);
      const request = { document, operation: document.definitions[0] as OperationDefinitionNode, request: { variables } };
      return (hooks as { didResolveOperation(r: unknown): Promise<void> }).didResolveOperation(request).then(
        () => undefined,
        (error: { extensions: { argument: unknown } }) => error.extensions.argument,
      );
    };
    const create = parse('mutation ($i: Child!) { create(input: $i) }');
    expect(await check(create, { i: { firstNames: 'a', birthDate: '2020-01-01' } })).toBeUndefined();
    expect(await check(create, { i: { firstNames: 'a', birthDate: 'never' } })).toBe('input.birthDate');
    expect(await check(create, { i: { firstNames: 'a\u0000', birthDate: '2020-01-01' } })).toBe('input.firstNames');
    expect(await check(create, { i: { firstNames: 'b', birthDate: '2021-03-04' } })).toBeUndefined();
    const literal = parse('{ search(on: "2020-02-30") }');
    expect(await check(literal)).toBe('on');
    expect(await check(literal)).toBe('on');
  });

  it('accepts good values, and leaves a document error to validation', () => {
    expect(refusal('mutation ($i: Child!) { create(input: $i) }', { i: { firstNames: 'Léa', birthDate: '2020-01-01', sex: 'F', tags: [] } })).toBeUndefined();
    expect(refusal('{ search(on: "2020-01-01", name: "a b") }')).toBeUndefined();
    expect(refusal('{ search(unknown: "x") nope }')).toBeUndefined();
  });

  it('knows the parsing of every custom scalar the supergraph declares', () => {
    const supergraph = buildSchema(readFileSync(repoPath('schema/supergraph.graphql'), 'utf8'), { assumeValidSDL: true });
    const custom = Object.values(supergraph.getTypeMap())
      .filter((t) => isScalarType(t) && !isSpecifiedScalarType(t) && !/^(join|link)__/.test(t.name) && !t.name.startsWith('_'))
      .map((t) => t.name);
    expect(custom.length).toBeGreaterThan(0);
    expect(custom.filter((name) => !CUSTOM_SCALARS[name])).toEqual([]);
  });
});
