import { Directive } from 'type-graphql';
import type { DataCategory } from './matrix';

/**
 * Passerelle's access directive. A subgraph declares, next to a type or a field, the category of
 * data it carries (DOMAIN.md's matrix rows); the directive is composed into the supergraph
 * (`@composeDirective` under its own `@link`) and the gateway enforces it. Apollo's own
 * `@requiresScopes`/`@policy` would make @apollo/gateway refuse the supergraph.
 *
 * On a type: the category of every field of the type that does not say otherwise.
 * On a Query field or a type's field: reading it needs a read grant; on a Mutation field: a write grant.
 */
export const ACCESS_SPEC_URL = 'https://specs.passerelle.social.gouv.example/access/v1.0';

export const ACCESS_SCHEMA_EXTENSION = `extend schema @link(url: "${ACCESS_SPEC_URL}", import: ["@access"]) @composeDirective(name: "@access")

directive @access(category: String!) on OBJECT | FIELD_DEFINITION`;

/** `@Access('CHILD_IDENTITY')` on a type-graphql class or field. */
export function Access(category: DataCategory): MethodDecorator & PropertyDecorator & ClassDecorator {
  return Directive(`@access(category: "${category}")`);
}
