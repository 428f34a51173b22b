import { HeaderMap, type ApolloServerPlugin, type GraphQLRequestContextDidResolveOperation } from '@apollo/server';
import { inputRefusal, operationRefusals, operationTypeRefusal, type AccessRules } from '@passerelle/common';
import {
  execute,
  GraphQLError,
  Kind,
  specifiedRules,
  validate,
  ValuesOfCorrectTypeRule,
  type DocumentNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { getVariableValues } from 'graphql/execution/values';
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

/** Every rule but the values': a bad value is the client's input (BAD_USER_INPUT naming its argument), not a bad document. */
const DOCUMENT_RULES = specifiedRules.filter((rule) => rule !== ValuesOfCorrectTypeRule);

const invalid = (message: string, nodes?: GraphQLError['nodes']) =>
  new GraphQLError(message, { nodes, extensions: { code: 'GRAPHQL_VALIDATION_FAILED', http: { status: 400 } } });

/**
 * The audience contract is the whole truth for an audience, decided before anything executes.
 * Apollo's own validation against the full API schema is switched off (`dangerouslyDisableValidation`
 * in gateway.ts): the operation is validated against the contract alone, so an operation type,
 * field, argument, input field, enum value or type outside it fails exactly as one that does not
 * exist, and every message and suggestion ("Did you mean …?") is computed from the contract.
 * Then, still before execution: the variables are coerced against the contract, a mutation the
 * principal may not run (matrix W, scopes, its agreements' grants) refuses the whole operation,
 * and introspection answers from the contract.
 */
export function contractPlugin(contracts: () => Contracts, rules: () => AccessRules): ApolloServerPlugin<GatewayContext> {
  const validated = new Map<string, readonly GraphQLError[]>();
  const contractOf = (ctx: GraphQLRequestContextDidResolveOperation<GatewayContext>): GraphQLSchema =>
    contracts()[ctx.contextValue.principal.audience as keyof Contracts];

  return {
    async requestDidStart() {
      return {
        async didResolveOperation(ctx) {
          const contract = contractOf(ctx);
          const key = `${ctx.contextValue.principal.audience}:${ctx.queryHash}`;
          let errors = validated.get(key);
          if (!errors) {
            errors = validate(contract, ctx.document, DOCUMENT_RULES);
            if (validated.size > 2000) validated.clear();
            validated.set(key, errors);
          }
          if (errors.length > 0) throw invalid(errors[0]!.message, errors[0]!.nodes);
          const operation = ctx.operation;
          if (!operation) {
            throw invalid(
              ctx.request.operationName
                ? `Unknown operation named "${ctx.request.operationName}".`
                : 'Must provide operation name if query contains multiple operations.',
            );
          }
          // graphql-js validation does not check that the operation's root type exists: an
          // audience whose contract has no Mutation would otherwise run a mutation on the full schema.
          const unrunnable = operationTypeRefusal(contract, operation);
          if (unrunnable) throw unrunnable;
          // Every value, inline or in variables: the contract's scalars parse as the subgraphs'
          // do, and no string with a null character goes further (input.ts).
          const badInput = inputRefusal(contract, ctx.document, operation, ctx.request.variables);
          if (badInput) throw badInput;
          const values = validate(contract, ctx.document, [ValuesOfCorrectTypeRule]);
          const variables = values.length > 0 ? { errors: values } : getVariableValues(contract, operation.variableDefinitions ?? [], ctx.request.variables ?? {});
          if (variables.errors) {
            const first = variables.errors[0]!;
            throw new GraphQLError(first.message, { nodes: first.nodes, extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } } });
          }
          if (introspectionKind(operation, ctx.document) === 'mixed') {
            throw new GraphQLError('introspection (__schema, __type) must be sent in an operation of its own', {
              extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } },
            });
          }
          if (operation.operation === 'mutation') {
            const { writes } = operationRefusals(contract, rules(), ctx.contextValue.principal, ctx.document, operation);
            if (writes.length > 0) throw writes[0]!;
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
