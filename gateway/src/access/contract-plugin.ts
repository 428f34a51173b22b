import { HeaderMap, type ApolloServerPlugin, type GraphQLRequestContextDidResolveOperation } from '@apollo/server';
import {
  execute,
  GraphQLError,
  Kind,
  validate,
  type DocumentNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import type { GatewayContext } from '../signing';
import type { Contracts } from './contracts';

const INTROSPECTION_ROOTS = new Set(['__schema', '__type', '__typename']);

function introspectionKind(operation: OperationDefinitionNode, document: DocumentNode): 'none' | 'only' | 'mixed' {
  const roots: string[] = [];
  const collect = (selections: OperationDefinitionNode['selectionSet']['selections']) => {
    for (const selection of selections) {
      if (selection.kind === Kind.FIELD) roots.push(selection.name.value);
      else if (selection.kind === Kind.INLINE_FRAGMENT) collect(selection.selectionSet.selections);
      else {
        const fragment = document.definitions.find(
          (d) => d.kind === Kind.FRAGMENT_DEFINITION && d.name.value === selection.name.value,
        );
        if (fragment?.kind === Kind.FRAGMENT_DEFINITION) collect(fragment.selectionSet.selections);
      }
    }
  };
  collect(operation.selectionSet.selections);
  const introspective = roots.filter((r) => r === '__schema' || r === '__type').length;
  if (introspective === 0) return 'none';
  return roots.every((r) => INTROSPECTION_ROOTS.has(r)) ? 'only' : 'mixed';
}

/**
 * Validation and introspection against the requester's audience contract. Apollo has already
 * validated the operation against the whole API schema; this validates it again against the
 * contract (cached per audience and document), so a field outside the contract fails with
 * GRAPHQL_VALIDATION_FAILED exactly as an unknown field does, and introspection answers from the
 * contract, so a school's explorer never learns that concern content exists.
 */
export function contractPlugin(contracts: () => Contracts): ApolloServerPlugin<GatewayContext> {
  const validated = new Map<string, readonly GraphQLError[]>();
  const contractOf = (ctx: GraphQLRequestContextDidResolveOperation<GatewayContext>): GraphQLSchema =>
    contracts()[ctx.contextValue.principal.audience as keyof Contracts];

  return {
    async requestDidStart() {
      return {
        async didResolveOperation(ctx) {
          const audience = ctx.contextValue.principal.audience;
          const key = `${audience}:${ctx.queryHash}`;
          let errors = validated.get(key);
          if (!errors) {
            errors = validate(contractOf(ctx), ctx.document);
            if (validated.size > 2000) validated.clear();
            validated.set(key, errors);
          }
          if (errors.length > 0) {
            throw new GraphQLError(errors[0]!.message, {
              nodes: errors[0]!.nodes,
              extensions: { code: 'GRAPHQL_VALIDATION_FAILED', http: { status: 400 } },
            });
          }
          if (ctx.operation && introspectionKind(ctx.operation, ctx.document) === 'mixed') {
            throw new GraphQLError('introspection (__schema, __type) must be sent in an operation of its own', {
              extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } },
            });
          }
        },
        async responseForOperation(ctx) {
          if (introspectionKind(ctx.operation, ctx.document) !== 'only') return null;
          const result = await execute({
            schema: contracts()[ctx.contextValue.principal.audience as keyof Contracts],
            document: ctx.document,
            operationName: ctx.operationName,
            variableValues: ctx.request.variables,
          });
          return { http: { headers: new HeaderMap(), status: undefined }, body: { kind: 'single', singleResult: result } };
        },
      };
    },
  };
}
