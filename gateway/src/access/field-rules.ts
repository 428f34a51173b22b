import type { ApolloServerPlugin } from '@apollo/server';
import { requiredScopes, type Principal } from '@passerelle/common';
import {
  getNamedType,
  isObjectType,
  Kind,
  type DocumentNode,
  type GraphQLFormattedError,
  type GraphQLObjectType,
  type GraphQLSchema,
  type SelectionSetNode,
} from 'graphql';
import type { GatewayContext } from '../signing';
import { categoryOf, type AccessRules } from './rules';

/**
 * Field rules that depend on the principal, not only on its audience (a scope such as
 * `audit:read` for the audit log): such a field comes back null with a FORBIDDEN error at its
 * path, and the rest of the answer still arrives. Audience-level rules are the contracts'.
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

  const lacks = (type: GraphQLObjectType, field: string) => {
    const category = categoryOf(rules, type.name, field);
    return category ? requiredScopes(category).filter((s) => !principal.scopes.includes(s)) : [];
  };

  const walk = (value: unknown, type: GraphQLObjectType, selectionSet: SelectionSetNode, path: (string | number)[]) => {
    if (value === null || typeof value !== 'object') return;
    const object = value as Record<string, unknown>;
    const typename = typeof object.__typename === 'string' ? object.__typename : type.name;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        const name = selection.name.value;
        const key = selection.alias?.value ?? name;
        const field = type.getFields()[name];
        if (!field || !(key in object)) continue;
        const missing = lacks(type, name);
        if (missing.length > 0) {
          if (object[key] !== null) {
            object[key] = null;
            errors.push({
              message: `${type.name}.${name} needs the scope ${missing.join(', ')}`,
              path: [...path, key],
              extensions: { code: 'FORBIDDEN' },
            });
          }
          continue;
        }
        const target = getNamedType(field.type);
        if (selection.selectionSet && isObjectType(target)) {
          const child = object[key];
          if (Array.isArray(child)) child.forEach((item, i) => walk(item, target, selection.selectionSet!, [...path, key, i]));
          else walk(child, target, selection.selectionSet, [...path, key]);
        }
      } else {
        const fragment = selection.kind === Kind.INLINE_FRAGMENT ? selection : fragments.get(selection.name.value);
        if (!fragment) continue;
        const condition = fragment.typeCondition?.name.value;
        if (condition && condition !== type.name && condition !== typename) continue;
        walk(object, type, fragment.selectionSet, path);
      }
    }
  };
  walk(data, root, operation.selectionSet, []);
  return errors;
}

export function fieldRulesPlugin(schema: () => GraphQLSchema, rules: () => AccessRules): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse(ctx) {
          const body = ctx.response.body;
          if (body.kind !== 'single' || !body.singleResult.data || !ctx.document || !ctx.contextValue?.principal) return;
          const errors = forbidFields(
            schema(),
            rules(),
            ctx.contextValue.principal,
            ctx.document,
            ctx.operationName,
            body.singleResult.data,
          );
          if (errors.length > 0) body.singleResult.errors = [...(body.singleResult.errors ?? []), ...errors];
        },
      };
    },
  };
}
