import { buildSubgraphSchema } from '@apollo/subgraph';
import { printSchemaWithDirectives } from '@graphql-tools/utils';
import { parse, type GraphQLSchema } from 'graphql';
import { buildSchema, createResolversMap, type BuildSchemaOptions } from 'type-graphql';
import { ACCESS_SCHEMA_EXTENSION } from './access/directive';
import { recordTouchedChildren } from './audit/touched';
import { validationAsBadInput } from './validation';

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
    ...options,
    globalMiddlewares: [recordTouchedChildren, validationAsBadInput, ...(options.globalMiddlewares ?? [])],
    skipCheck: true,
  });
  const sdl = `${FEDERATION_LINK}\n\n${ACCESS_SCHEMA_EXTENSION}\n\n${printSchemaWithDirectives(built)}`;
  const resolvers = createResolversMap(built) as Record<string, object>;
  for (const [typeName, reference] of Object.entries(referenceResolvers)) {
    resolvers[typeName] = { ...resolvers[typeName], ...reference };
  }
  const schema = buildSubgraphSchema([{ typeDefs: parse(sdl), resolvers: resolvers as never }]);
  return { schema, sdl };
}
