import type { ApolloServerPlugin } from '@apollo/server';
import {
  getNamedType,
  isListType,
  isNonNullType,
  isObjectType,
  Kind,
  type DocumentNode,
  type GraphQLFormattedError,
  type GraphQLObjectType,
  type GraphQLSchema,
  type SelectionSetNode,
} from 'graphql';
import type { GatewayContext } from '../signing';
import { grantRefusal, type AccessRules, type Principal } from '@passerelle/common';
import { planOf, type DocumentPlans } from './document-plans';

/**
 * Field rules that depend on the principal, not only on its audience: a scope (`audit:read` for
 * the audit log), and the data categories its institution's agreements in force grant. Such a
 * field comes back null with a FORBIDDEN error at its path, and the rest of the answer still
 * arrives. Audience-level rules are the contracts'.
 */
export function forbidFields(
  schema: GraphQLSchema,
  rules: AccessRules,
  principal: Principal,
  document: DocumentNode,
  operationName: string | null | undefined,
  data: Record<string, unknown>,
): GraphQLFormattedError[] {
  const errors: GraphQLFormattedError[] = [];
  const fragments = new Map(
    document.definitions.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d] as const] : [])),
  );
  const operation = document.definitions.find(
    (d) => d.kind === Kind.OPERATION_DEFINITION && (!operationName || d.name?.value === operationName),
  );
  if (operation?.kind !== Kind.OPERATION_DEFINITION) return errors;
  const root = operation.operation === 'mutation' ? schema.getMutationType() : schema.getQueryType();
  if (!root) return errors;

  // The contract has applied the matrix (a write's receipt included); what is left is the principal's own.
  const refusal = (type: GraphQLObjectType, field: string): string | null => grantRefusal(rules, principal, type.name, field);

  // Returns true when `value` itself must become null: a refused field that the schema says is
  // non-null takes its parent with it, as GraphQL's own null propagation does.
  const walk = (value: unknown, type: GraphQLObjectType, selectionSet: SelectionSetNode, path: (string | number)[]): boolean => {
    if (value === null || typeof value !== 'object') return false;
    const object = value as Record<string, unknown>;
    const typename = typeof object.__typename === 'string' ? object.__typename : type.name;
    let nullMe = false;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        const name = selection.name.value;
        const key = selection.alias?.value ?? name;
        const field = type.getFields()[name];
        if (!field || !(key in object)) continue;
        const refused = refusal(type, name);
        let nullField = false;
        if (refused) {
          if (object[key] !== null) {
            errors.push({ message: refused, path: [...path, key], extensions: { code: 'FORBIDDEN' } });
            nullField = true;
          }
        } else {
          const target = getNamedType(field.type);
          if (selection.selectionSet && isObjectType(target)) {
            const child = object[key];
            if (Array.isArray(child)) {
              const itemType = isNonNullType(field.type) ? field.type.ofType : field.type;
              const itemNonNull = isListType(itemType) && isNonNullType(itemType.ofType);
              child.forEach((item, i) => {
                if (walk(item, target, selection.selectionSet!, [...path, key, i])) {
                  if (itemNonNull) nullField = true;
                  else child[i] = null;
                }
              });
            } else {
              nullField = walk(child, target, selection.selectionSet, [...path, key]);
            }
          }
        }
        if (nullField) {
          if (isNonNullType(field.type)) nullMe = true;
          else object[key] = null;
        }
      } else {
        const fragment = selection.kind === Kind.INLINE_FRAGMENT ? selection : fragments.get(selection.name.value);
        if (!fragment) continue;
        const condition = fragment.typeCondition?.name.value;
        if (condition && condition !== type.name && condition !== typename) continue;
        if (walk(object, type, fragment.selectionSet, path)) nullMe = true;
      }
    }
    return nullMe;
  };
  if (walk(data, root, operation.selectionSet, [])) for (const key of Object.keys(data)) data[key] = null;
  return errors;
}

/**
 * Every (type, field) pair `forbidFields` can look at for this operation, whatever the answer:
 * the walk below without data (a fragment's fields are looked up on the type it stands in, as the
 * walk does; a field is followed into its object type). A principal that may read every one of
 * them has nothing refused, and the walk over the answer is skipped.
 */
export function fieldPairs(schema: GraphQLSchema, document: DocumentNode, operationName: string | null | undefined): [string, string][] {
  const fragments = new Map(
    document.definitions.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d] as const] : [])),
  );
  const operation = document.definitions.find(
    (d) => d.kind === Kind.OPERATION_DEFINITION && (!operationName || d.name?.value === operationName),
  );
  if (operation?.kind !== Kind.OPERATION_DEFINITION) return [];
  const root = operation.operation === 'mutation' ? schema.getMutationType() : schema.getQueryType();
  if (!root) return [];
  const pairs = new Map<string, [string, string]>();
  const seen = new Set<string>();
  const visit = (type: GraphQLObjectType, selectionSet: SelectionSetNode, id: string) => {
    const key = `${type.name}\u0000${id}`;
    if (seen.has(key)) return;
    seen.add(key);
    selectionSet.selections.forEach((selection, i) => {
      if (selection.kind === Kind.FIELD) {
        const name = selection.name.value;
        const field = type.getFields()[name];
        if (!field) return;
        pairs.set(`${type.name}.${name}`, [type.name, name]);
        const target = getNamedType(field.type);
        if (selection.selectionSet && isObjectType(target)) visit(target, selection.selectionSet, `${id}.${i}`);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        visit(type, selection.selectionSet, `${id}.${i}`);
      } else {
        const fragment = fragments.get(selection.name.value);
        if (fragment) visit(type, fragment.selectionSet, `fragment:${fragment.name.value}`);
      }
    });
  };
  visit(root, operation.selectionSet, 'operation');
  return [...pairs.values()];
}

export function fieldRulesPlugin(schema: () => GraphQLSchema, rules: () => AccessRules, plans?: DocumentPlans): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse(ctx) {
          const body = ctx.response.body;
          if (body.kind !== 'single' || !body.singleResult.data || !ctx.document || !ctx.contextValue?.principal) return;
          const principal = ctx.contextValue.principal;
          if (plans) {
            // The pairs depend on the document alone; whether one is refused, on this principal.
            const plan = planOf(plans, ctx);
            const pairs = (plan.fieldPairs ??= fieldPairs(schema(), ctx.document, ctx.operationName));
            if (pairs.every(([type, field]) => grantRefusal(rules(), principal, type, field) === null)) return;
          }
          const errors = forbidFields(schema(), rules(), principal, ctx.document, ctx.operationName, body.singleResult.data);
          if (errors.length > 0) body.singleResult.errors = [...(body.singleResult.errors ?? []), ...errors];
        },
      };
    },
  };
}
