import { agreementCategoryOf, categoryOf, requiredScopes, type AccessRules, type DataCategory } from '@passerelle/common';
import {
  getNamedType,
  isInterfaceType,
  isNonNullType,
  isObjectType,
  isUnionType,
  type GraphQLInterfaceType,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLSchema,
} from 'graphql';

/**
 * Which fields a grant can refuse while their parent object is still returned.
 *
 * Field rules (field-rules.ts) null a field whose category the institution's agreements do not
 * grant, or whose scope the principal lacks, and add a FORBIDDEN error at its path. Were such a
 * field non-null, GraphQL's null propagation would null its parent, and so on up: one refused
 * name nulled a whole `searchChildren` list. So every field listed here must be nullable
 * (refusable.test.ts fails naming any that is not), and docs/ACCESS.md lists them.
 *
 * A *condition* is one thing a principal may lack: an agreement category (`CHILD_IDENTITY`) or a
 * scope (`scope:audit:read`). A field's conditions are those of its effective category (its own
 * `@access`, else its type's); platform categories need no agreement, so a field in one with no
 * scope has none and is never refused. A field is refusable with its parent returned when, for
 * one of its conditions, the parent type is reachable from a root through fields none of which
 * needs that condition: a principal lacking it gets the parent, and the field refused. A field
 * reached only through fields needing the same condition is refused with its ancestor instead
 * (a guardian's name under `Child.guardians`), and stays as the subgraph declares it.
 *
 * Mutation root fields are not listed: the gateway refuses a whole mutation before execution
 * when its category is not granted, so their result type stays what it is.
 */
export interface RefusableField {
  type: string;
  field: string;
  /** The field's effective category. */
  category: DataCategory;
  /** The conditions (agreement category, `scope:<name>`) under which it is refused with its parent returned. */
  refusedWithout: string[];
  /** Whether the API schema declares it non-null (which refusable.test.ts forbids). */
  nonNull: boolean;
}

/** What a principal must have to read a field of this category: its agreement category, its scopes. */
export function conditionsOf(category: DataCategory | undefined): string[] {
  if (!category) return [];
  const agreement = agreementCategoryOf(category);
  return [...(agreement ? [agreement] : []), ...requiredScopes(category).map((s) => `scope:${s}`)];
}

function composites(schema: GraphQLSchema): (GraphQLObjectType | GraphQLInterfaceType)[] {
  return Object.values(schema.getTypeMap()).filter(
    (t): t is GraphQLObjectType | GraphQLInterfaceType => !t.name.startsWith('__') && (isObjectType(t) || isInterfaceType(t)),
  );
}

/** The object and interface types a field of this type can lead to (an interface's or union's members too). */
function targetsOf(schema: GraphQLSchema, target: GraphQLNamedType): string[] {
  if (isUnionType(target)) return target.getTypes().map((t) => t.name);
  if (isInterfaceType(target)) return [target.name, ...schema.getPossibleTypes(target).map((t) => t.name)];
  if (isObjectType(target)) return [target.name];
  return [];
}

/** The types reachable from the roots through fields none of which needs `condition`. */
function reachableWithout(schema: GraphQLSchema, rules: AccessRules, condition: string): Set<string> {
  const roots = [schema.getQueryType(), schema.getMutationType()].flatMap((t) => (t ? [t.name] : []));
  const reached = new Set<string>(roots);
  const queue = [...roots];
  while (queue.length > 0) {
    const type = schema.getType(queue.pop()!);
    if (!type || !(isObjectType(type) || isInterfaceType(type))) continue;
    for (const field of Object.values(type.getFields())) {
      if (conditionsOf(categoryOf(rules, type.name, field.name)).includes(condition)) continue;
      for (const next of targetsOf(schema, getNamedType(field.type))) {
        if (!reached.has(next)) {
          reached.add(next);
          queue.push(next);
        }
      }
    }
  }
  return reached;
}

/** Every field a grant can refuse while its parent object is returned, sorted by type and field. */
export function refusableFields(schema: GraphQLSchema, rules: AccessRules): RefusableField[] {
  const mutation = schema.getMutationType()?.name;
  const types = composites(schema);
  const conditions = new Set(
    types.flatMap((t) => Object.keys(t.getFields()).flatMap((f) => conditionsOf(categoryOf(rules, t.name, f)))),
  );
  const reachable = new Map([...conditions].map((c) => [c, reachableWithout(schema, rules, c)] as const));
  const out: RefusableField[] = [];
  for (const type of types) {
    if (type.name === mutation) continue;
    for (const field of Object.values(type.getFields())) {
      const category = categoryOf(rules, type.name, field.name);
      const refusedWithout = conditionsOf(category).filter((c) => reachable.get(c)!.has(type.name));
      if (!category || refusedWithout.length === 0) continue;
      out.push({ type: type.name, field: field.name, category, refusedWithout, nonNull: isNonNullType(field.type) });
    }
  }
  return out.sort((a, b) => a.type.localeCompare(b.type) || a.field.localeCompare(b.field));
}
