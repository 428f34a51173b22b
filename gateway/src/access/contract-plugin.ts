import { HeaderMap, type ApolloServerPlugin, type GraphQLRequestContextDidResolveOperation } from '@apollo/server';
import { literalInputs, operationRefusals, operationTypeRefusal, variableInputRefusal, type AccessRules } from '@passerelle/common';
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
import { planOf, type ContractPlan, type DocumentPlans } from './document-plans';

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

/** A kept refusal, thrown anew at each request (an error object is never shared between answers). */
const again = (error: GraphQLError) => new GraphQLError(error.message, { nodes: error.nodes, extensions: error.extensions });

/** Everything below that depends on the document and the audience's contract alone, computed once per (audience, document). */
function contractPlan(contract: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode | undefined): ContractPlan {
  const errors = validate(contract, document, DOCUMENT_RULES);
  if (errors.length > 0 || !operation) {
    return { errors, operationType: undefined, literals: { refusal: undefined, usages: new Map() }, values: [], introspection: 'none' };
  }
  return {
    errors,
    operationType: operationTypeRefusal(contract, operation),
    literals: literalInputs(contract, document),
    values: validate(contract, document, [ValuesOfCorrectTypeRule]),
    introspection: introspectionKind(operation, document),
  };
}

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
export function contractPlugin(contracts: () => Contracts, rules: () => AccessRules, plans: DocumentPlans): ApolloServerPlugin<GatewayContext> {
  const contractOf = (ctx: GraphQLRequestContextDidResolveOperation<GatewayContext>): GraphQLSchema =>
    contracts()[ctx.contextValue.principal.audience as keyof Contracts];

  return {
    async requestDidStart() {
      return {
        async didResolveOperation(ctx) {
          const contract = contractOf(ctx);
          const operation = ctx.operation;
          const plan = planOf(plans, ctx);
          // Per (audience, document): validation, the operation type, the literals, the values'
          // rule, introspection. Per request: the variables and the principal's writes.
          const checked = (plan.contract ??= contractPlan(contract, ctx.document, operation));
          if (checked.errors.length > 0) throw invalid(checked.errors[0]!.message, checked.errors[0]!.nodes);
          if (!operation) {
            throw invalid(
              ctx.request.operationName
                ? `Unknown operation named "${ctx.request.operationName}".`
                : 'Must provide operation name if query contains multiple operations.',
            );
          }
          // graphql-js validation does not check that the operation's root type exists: an
          // audience whose contract has no Mutation would otherwise run a mutation on the full schema.
          if (checked.operationType) throw again(checked.operationType);
          // Every value, inline or in variables: the contract's scalars parse as the subgraphs'
          // do, and no string with a null character goes further (input.ts).
          if (checked.literals.refusal) throw again(checked.literals.refusal);
          const badInput = variableInputRefusal(contract, operation, ctx.request.variables, checked.literals.usages);
          if (badInput) throw badInput;
          const variables =
            checked.values.length > 0 ? { errors: checked.values }
            : getVariableValues(contract, operation.variableDefinitions ?? [], ctx.request.variables ?? {});
          if (variables.errors) {
            const first = variables.errors[0]!;
            throw new GraphQLError(first.message, { nodes: first.nodes, extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } } });
          }
          if (checked.introspection === 'mixed') {
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
          // An unshared plan (a request without hash) was not kept since didResolveOperation: ask again.
          const introspection = planOf(plans, ctx).contract?.introspection ?? introspectionKind(ctx.operation, ctx.document);
          if (introspection !== 'only') return null;
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
