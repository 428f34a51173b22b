import type { ApolloServerOptionsWithGateway, BaseContext } from '@apollo/server';
import { execute, GraphQLError, type DocumentNode, type ExecutionResult, type GraphQLSchema } from 'graphql';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';

type Gateway = ApolloServerOptionsWithGateway<BaseContext>['gateway'];

/**
 * graphql-jit's errors are its own objects: instances of graphql's GraphQLError by prototype, but
 * without `nodes` and, when the resolver threw no extensions, without `extensions` at all — which
 * Apollo Server reads (`error.extensions.code`): such an error would reach the client as Apollo's
 * "Internal server error" instead of its message. Each one is made again the way graphql-js makes
 * a located error (`originalError` kept: format-error.ts looks through it for a database failure),
 * with jit's locations, which are the same.
 */
function asGraphQLError(error: GraphQLError): GraphQLError {
  const remade = new GraphQLError(error.message, {
    path: error.path,
    originalError: error.originalError ?? undefined,
    extensions: error.extensions,
  });
  return error.locations ? Object.assign(remade, { locations: error.locations }) : remade;
}

const located = (result: ExecutionResult): ExecutionResult =>
  result.errors ? { ...result, errors: result.errors.map(asGraphQLError) } : result;

/**
 * A subgraph's operations run as JavaScript compiled once per document and operation by
 * graphql-jit, instead of graphql-js walking the document for every request (`executeFields`,
 * `completeValue`, `getArgumentValues`...: issue 14, a tenth of a subgraph's busy CPU). Apollo
 * Server lets only a gateway replace its execution: this is one, over the subgraph's own schema,
 * so everything before execution is Apollo's as ever (parsing, validation, the document cache,
 * every plugin's `didResolveOperation`, `willSendResponse`, `formatError`).
 *
 * A compiled query is kept on the DocumentNode (Apollo Server keeps one per query text in its
 * document store): it goes when the document goes. What graphql-jit cannot compile, and a request
 * whose variables do not coerce, run in graphql-js: its errors then are graphql-js's own, word
 * for word (graphql-jit words variable errors its own way, and Apollo Server recognises
 * graphql-js's to answer them with BAD_USER_INPUT and a 400).
 */
export function compiledExecution(schema: GraphQLSchema, sdl: string): Gateway {
  const compiled = new WeakMap<DocumentNode, Map<string, CompiledQuery | null>>();

  const compiledFor = (document: DocumentNode, operationName: string | undefined): CompiledQuery | null => {
    let byOperation = compiled.get(document);
    if (!byOperation) compiled.set(document, (byOperation = new Map()));
    const key = operationName ?? '';
    let query = byOperation.get(key);
    if (query === undefined) {
      try {
        const result = compileQuery(schema, document, operationName);
        query = isCompiledQuery(result) ? result : null;
      } catch {
        query = null;
      }
      byOperation.set(key, query);
    }
    return query;
  };

  const executor: Awaited<ReturnType<Gateway['load']>>['executor'] = async ({ document, request, context }) => {
    // As the client sent it: absent, or null in JSON.
    const operationName = request.operationName ?? undefined;
    const interpreted = () => execute({ schema, document, contextValue: context, variableValues: request.variables, operationName });
    const query = compiledFor(document, operationName);
    if (!query) return interpreted();
    const result = await query.query(undefined, context, request.variables ?? {});
    // No `data` at all: the variables did not coerce, nothing ran.
    if (!('data' in result) || result.data === undefined) return interpreted();
    return located(result);
  };

  return {
    // `coreSupergraphSdl` is read by Apollo's schema reporting alone, which is off in Passerelle.
    onSchemaLoadOrUpdate(callback) {
      callback({ apiSchema: schema, coreSupergraphSdl: sdl });
      return () => undefined;
    },
    async load() {
      return { executor };
    },
    async stop() {},
  };
}
