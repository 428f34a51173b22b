import { ApolloServer } from '@apollo/server';
import { buildSchema, GraphQLError, printSchema, type GraphQLFieldResolver, type GraphQLSchema } from 'graphql';
import { compiledExecution } from './executor';
import { formatError } from './format-error';

const SDL = `
  type Query {
    item(id: ID!): Item
    items(first: Int!): [Item!]
    forbidden: String
    broken: String
    slow: Item
    required: String!
  }
  type Mutation { append(value: String!): [String!]! }
  type Item { id: ID! name: String! tags: [String!]! }
`;

function testSchema(): GraphQLSchema {
  const schema = buildSchema(SDL);
  const log: string[] = [];
  const resolvers: Record<string, Record<string, GraphQLFieldResolver<unknown, unknown, Record<string, unknown>>>> = {
    Query: {
      item: (_root, args) => ({ id: args.id, name: `item ${args.id}`, tags: ['a'] }),
      items: (_root, args) =>
        Array.from({ length: args.first as number }, (_, i) => ({ id: String(i), name: i === 1 ? null : `item ${i}`, tags: i === 2 ? ['x', null] : [] })),
      forbidden: () => {
        throw new GraphQLError('not for you', { extensions: { code: 'FORBIDDEN' } });
      },
      broken: async () => {
        throw new Error('relation "secret" does not exist');
      },
      slow: async () => ({ id: 's', name: 'slow', tags: [] }),
      required: () => null,
    },
    Mutation: {
      append: async (_root, args) => {
        await new Promise((resolve) => setTimeout(resolve, args.value === 'first' ? 20 : 0));
        log.push(args.value as string);
        return [...log];
      },
    },
  };
  for (const [typeName, fields] of Object.entries(resolvers)) {
    const type = schema.getType(typeName) as { getFields(): Record<string, { resolve?: unknown }> };
    for (const [fieldName, resolve] of Object.entries(fields)) type.getFields()[fieldName]!.resolve = resolve;
  }
  return schema;
}

async function answers(query: string, variables?: Record<string, unknown>, operationName?: string) {
  const run = async (server: ApolloServer) => {
    await server.start();
    try {
      const response = await server.executeOperation({ query, ...(variables && { variables }), ...(operationName && { operationName }) });
      return { status: response.http.status, body: response.body };
    } finally {
      await server.stop();
    }
  };
  const options = { formatError: formatError(false), includeStacktraceInErrorResponses: false };
  const interpreted = testSchema();
  const compiled = testSchema();
  return {
    interpreted: await run(new ApolloServer({ schema: interpreted, ...options })),
    compiled: await run(new ApolloServer({ gateway: compiledExecution(compiled, printSchema(compiled)), ...options })),
  };
}

describe('compiledExecution: graphql-jit behind Apollo Server answers as graphql-js does', () => {
  const cases: { title: string; query: string; variables?: Record<string, unknown>; operationName?: string }[] = [
    { title: 'data, arguments and variables', query: 'query Q($id: ID!) { item(id: $id) { id name tags } slow { name } }', variables: { id: '7' } },
    { title: 'an error raised on purpose, with its code', query: '{ forbidden item(id: 1) { id } }' },
    { title: 'an unexpected error (its message, development mode)', query: '{ broken }' },
    { title: 'null in a non-null field of a list', query: '{ items(first: 3) { id name } }' },
    { title: 'null in a non-null list item', query: '{ items(first: 3) { tags } }' },
    { title: 'null in a non-null root field', query: '{ required }' },
    { title: 'a variable of the wrong type', query: 'query Q($first: Int!) { items(first: $first) { id } }', variables: { first: 'three' } },
    { title: 'a missing variable', query: 'query Q($first: Int!) { items(first: $first) { id } }', variables: {} },
    { title: 'one operation of two, by name', query: 'query A { slow { id } } query B { item(id: 2) { name } }', operationName: 'B' },
    { title: 'mutations one after the other', query: 'mutation { one: append(value: "first") two: append(value: "second") }' },
  ];

  it.each(cases)('$title', async ({ query, variables, operationName }) => {
    const { interpreted, compiled } = await answers(query, variables, operationName);
    expect(compiled).toEqual(interpreted);
  });

  it('a non-null root field null beside another failing field: graphql-jit also reports the other error', async () => {
    // graphql-js stops at the first root field that nulls `data` and reports what failed until
    // then (which depends on timing); graphql-jit resolves every root field and reports each
    // error. The same data, the same status, each error worded the same.
    const { interpreted, compiled } = await answers('{ required forbidden }');
    const errors = (answer: typeof compiled) => (answer.body.kind === 'single' ? answer.body.singleResult.errors : undefined);
    expect(compiled.status).toEqual(interpreted.status);
    expect(compiled.body.kind === 'single' && compiled.body.singleResult.data).toBeNull();
    expect(errors(interpreted)).toEqual([expect.objectContaining({ path: ['required'] })]);
    expect(errors(compiled)).toEqual(expect.arrayContaining(errors(interpreted)!));
    expect(errors(compiled)).toContainEqual(expect.objectContaining({ path: ['forbidden'], extensions: { code: 'FORBIDDEN' } }));
  });
});
