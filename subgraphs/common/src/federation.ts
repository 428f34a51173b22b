import { buildSubgraphSchema } from '@apollo/subgraph';
import { printSchemaWithDirectives } from '@graphql-tools/utils';
import { defaultFieldResolver, getNullableType, isListType, isObjectType, parse, type GraphQLFieldResolver, type GraphQLSchema } from 'graphql';
import { buildSchema, createResolversMap, type BuildSchemaOptions } from 'type-graphql';
import { ACCESS_SCHEMA_EXTENSION } from './access/directive';
import { noteTouched } from './audit/touched';
import { lighterScalars } from './scalars';
import { asBadInput, validateArgument } from './validation';

/** The Federation 2 directives every subgraph may use. */
export const FEDERATION_LINK =
  'extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@shareable", "@external", "@requires", "@provides", "@inaccessible", "@tag", "@composeDirective"])';

export interface FederatedSchema {
  /** The executable subgraph schema (with `_entities` and `_service`). */
  schema: GraphQLSchema;
  /** The subgraph SDL as composition reads it. */
  sdl: string;
}

export type ReferenceResolvers = Record<
  string,
  { __resolveReference(reference: Record<string, unknown>, context: never): unknown }
>;

/**
 * type-graphql classes → subgraph schema, the same way for every subgraph: build the schema
 * without type-graphql's own check, print it with its directives (`@key`, `@shareable`...),
 * and hand that SDL with type-graphql's resolvers and the reference resolvers to
 * `buildSubgraphSchema`. (`printSubgraphSchema` cannot print a type-graphql schema.)
 */
export async function buildFederatedSchema(
  options: Omit<BuildSchemaOptions, 'skipCheck'>,
  referenceResolvers: ReferenceResolvers = {},
): Promise<FederatedSchema> {
  const built = await buildSchema({
    validate: true,
    validateFn: validateArgument,
    ...options,
    skipCheck: true,
  });
  const sdl = `${FEDERATION_LINK}\n\n${ACCESS_SCHEMA_EXTENSION}\n\n${printSchemaWithDirectives(built)}`;
  const resolvers = createResolversMap(built) as Record<string, object>;
  for (const [typeName, reference] of Object.entries(referenceResolvers)) {
    resolvers[typeName] = { ...resolvers[typeName], ...reference };
  }
  const schema = buildSubgraphSchema([{ typeDefs: parse(sdl), resolvers: resolvers as never }]);
  instrumentFields(schema);
  lighterScalars(schema);
  return { schema, sdl };
}

const isPromiseLike = (value: unknown): value is PromiseLike<unknown> =>
  !!value && typeof (value as { then?: unknown }).then === 'function';

/** The promises among a list's items, nested lists included. */
function promisesIn(list: readonly unknown[], found: PromiseLike<unknown>[] = []): PromiseLike<unknown>[] {
  for (const item of list) {
    if (isPromiseLike(item)) found.push(item);
    else if (Array.isArray(item)) promisesIn(item, found);
  }
  return found;
}

/**
 * A list whose items are promises, handed over once every item has settled. graphql-jit writes a
 * refused item's null by appending it to the list rather than at the item's index: items that
 * settle out of order (an `_entities` batch whose refused facility settles before its placements)
 * came back as a list of the wrong length. Settled first, the items are taken in their order.
 */
function settledInOrder(result: unknown): unknown {
  const settle = (value: unknown) => {
    if (!Array.isArray(value)) return value;
    const pending = promisesIn(value);
    return pending.length === 0 ? value : Promise.allSettled(pending).then(() => value);
  };
  return isPromiseLike(result) ? Promise.resolve(result).then(settle) : settle(result);
}

/**
 * What every field of a subgraph does besides resolving, as one synchronous wrapper per field set
 * once here: note the child its parent object belongs to, for the audit record
 * (`noteTouched`); and, for a field with arguments, turn class-validator's failure into the
 * house's BAD_USER_INPUT (`asBadInput`). These were type-graphql global middlewares, which run
 * every field — a child's `lastName` as much as `children(first:)` — through async functions:
 * three promises per scalar (issue 14: most of a subgraph's CPU per request, in promises, their
 * microtasks and the garbage they leave). A field's own result (a value or a promise) is passed
 * through as it is.
 */
function instrumentFields(schema: GraphQLSchema): void {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    const parentType = type.name;
    for (const field of Object.values(type.getFields())) {
      const own: GraphQLFieldResolver<unknown, unknown> = field.resolve ?? defaultFieldResolver;
      const resolve: GraphQLFieldResolver<unknown, unknown> = isListType(getNullableType(field.type))
        ? (root, args, context, info) => settledInOrder(own(root, args, context, info))
        : own;
      if (field.args.length === 0) {
        field.resolve = (root, args, context, info) => {
          noteTouched(root, parentType, context);
          return resolve(root, args, context, info);
        };
        continue;
      }
      field.resolve = (root, args: Record<string, unknown>, context, info) => {
        noteTouched(root, parentType, context);
        let result: unknown;
        try {
          result = resolve(root, args, context, info);
        } catch (error) {
          asBadInput(error, args);
        }
        return isPromiseLike(result) ? Promise.resolve(result).catch((error: unknown) => asBadInput(error, args)) : result;
      };
    }
  }
}
