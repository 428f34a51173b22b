import { MapperKind, mapSchema, pruneSchema } from '@graphql-tools/utils';
import { AUDIENCES, canRead, canWrite, withScalarParsing, type Audience } from '@passerelle/common';
import {
  getNamedType,
  isInterfaceType,
  isLeafType,
  isObjectType,
  isUnionType,
  lexicographicSortSchema,
  type GraphQLNamedType,
  type GraphQLSchema,
} from 'graphql';
import { categoryOf, type AccessRules } from '@passerelle/common';

/**
 * An audience's contract: the supergraph's API schema filtered to what the audience may ever
 * read (or, for mutations, write). Validation and introspection of that audience's requests use
 * it, so a field outside the contract fails exactly as if it did not exist.
 *
 * A field is in the contract when its category grants the audience (a mutation: W; anything
 * else: R) and its type is still in the contract. A field with no category is structural
 * (a connection, a relation) and stays while the type it leads to has something left; a leaf
 * with no category stays out — nothing is shown by default.
 */
export function deriveContract(apiSchema: GraphQLSchema, rules: AccessRules, audience: Audience): GraphQLSchema {
  const mutationType = apiSchema.getMutationType()?.name;
  const types = Object.values(apiSchema.getTypeMap()).filter((t) => !t.name.startsWith('__'));

  const grantedByCategory = (typeName: string, fieldName: string, leaf: boolean): boolean => {
    const category = categoryOf(rules, typeName, fieldName);
    if (!category) return !leaf && typeName !== mutationType;
    return typeName === mutationType ? canWrite(audience, category) : canRead(audience, category);
  };

  // A type is *substantive* when the audience may read something real in it: a leaf of a
  // category other than PUBLIC, or a relation to a substantive type. Page information and
  // cursors (PUBLIC) never keep a type in the contract by themselves: a connection stays only
  // while its nodes do. Fixpoint, since relations can be cyclic.
  const publicOnly = (type: GraphQLNamedType) =>
    (isObjectType(type) || isInterfaceType(type)) &&
    Object.keys(type.getFields()).every((f) => categoryOf(rules, type.name, f) === 'PUBLIC');
  const substantive = new Set<string>();
  const fieldKeeps = (type: GraphQLNamedType, fieldName: string, target: GraphQLNamedType): boolean => {
    if (!grantedByCategory(type.name, fieldName, isLeafType(target))) return false;
    if (isLeafType(target)) return true;
    return substantive.has(target.name) || publicOnly(target);
  };
  for (let changed = true; changed; ) {
    changed = false;
    for (const type of types) {
      if (substantive.has(type.name)) continue;
      let isSubstantive = false;
      if (isObjectType(type) || isInterfaceType(type)) {
        isSubstantive = Object.values(type.getFields()).some((field) => {
          const target = getNamedType(field.type);
          if (!fieldKeeps(type, field.name, target)) return false;
          return isLeafType(target) ? categoryOf(rules, type.name, field.name) !== 'PUBLIC' : substantive.has(target.name);
        });
      } else if (isUnionType(type)) {
        isSubstantive = type.getTypes().some((member) => substantive.has(member.name));
      }
      if (isSubstantive) {
        substantive.add(type.name);
        changed = true;
      }
    }
  }
  const alive = new Set<string>(
    types.filter((t) => isLeafType(t) || !(isObjectType(t) || isInterfaceType(t) || isUnionType(t)) || substantive.has(t.name) || publicOnly(t)).map((t) => t.name),
  );
  const queryName = apiSchema.getQueryType()?.name;
  if (queryName) alive.add(queryName);
  const allowed = new Set<string>();
  for (const type of types) {
    if (!alive.has(type.name) || !(isObjectType(type) || isInterfaceType(type))) continue;
    for (const field of Object.values(type.getFields())) {
      const target = getNamedType(field.type);
      if (alive.has(target.name) && fieldKeeps(type, field.name, target)) allowed.add(`${type.name}.${field.name}`);
    }
  }
  // A write the audience may make but whose result it may not read (an association contributes to
  // situation reports it cannot read): the mutation stays, and its result shows only the id and
  // version of what was written — a receipt, nothing more.
  if (mutationType) {
    const aliveBefore = new Set(alive);
    for (const field of Object.values(apiSchema.getMutationType()!.getFields())) {
      const target = getNamedType(field.type);
      if (aliveBefore.has(target.name) || !isObjectType(target) || !grantedByCategory(mutationType, field.name, false)) continue;
      const receipt = ['id', 'version'].filter((f) => f in target.getFields());
      if (receipt.length === 0) continue;
      alive.add(target.name);
      for (const f of receipt) allowed.add(`${target.name}.${f}`);
      allowed.add(`${mutationType}.${field.name}`);
    }
  }
  if (mutationType && !Object.keys((apiSchema.getMutationType()!).getFields()).some((f) => allowed.has(`${mutationType}.${f}`))) {
    alive.delete(mutationType);
  }

  const filtered = mapSchema(apiSchema, {
    [MapperKind.COMPOSITE_FIELD]: (field, fieldName, typeName) => (allowed.has(`${typeName}.${fieldName}`) ? field : null),
    [MapperKind.TYPE]: (type) => (alive.has(type.name) ? type : null),
    // The supergraph names its custom scalars; validation needs their parsing (a bad LocalDate is
    // refused here, as BAD_USER_INPUT naming its argument, before any subgraph is asked).
    [MapperKind.SCALAR_TYPE]: (type) => (alive.has(type.name) ? withScalarParsing(type) : null),
  });
  return lexicographicSortSchema(pruneSchema(filtered));
}

export type Contracts = Record<Audience, GraphQLSchema>;

export function deriveContracts(apiSchema: GraphQLSchema, rules: AccessRules): Contracts {
  return Object.fromEntries(AUDIENCES.map((a) => [a, deriveContract(apiSchema, rules, a)])) as Contracts;
}
