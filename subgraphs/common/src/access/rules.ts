import { isDataCategory, type DataCategory } from './matrix';
import { Kind, parse, type ConstDirectiveNode } from 'graphql';

/**
 * The `@access` rules of the supergraph: the category of each type and of each field that says
 * its own. Read from the composed supergraph, the one artefact every part agrees on.
 */
export interface AccessRules {
  typeCategory: ReadonlyMap<string, DataCategory>;
  fieldCategory: ReadonlyMap<string, DataCategory>;
}

function categoryIn(directives: readonly ConstDirectiveNode[] | undefined, where: string): DataCategory | undefined {
  const access = directives?.find((d) => d.name.value === 'access');
  if (!access) return undefined;
  const arg = access.arguments?.find((a) => a.name.value === 'category');
  const value = arg?.value.kind === Kind.STRING ? arg.value.value : undefined;
  if (!isDataCategory(value)) throw new Error(`@access on ${where} names an unknown category "${String(value)}"`);
  return value;
}

export function readAccessRules(supergraphSdl: string): AccessRules {
  const typeCategory = new Map<string, DataCategory>();
  const fieldCategory = new Map<string, DataCategory>();
  for (const definition of parse(supergraphSdl).definitions) {
    if (
      definition.kind !== Kind.OBJECT_TYPE_DEFINITION &&
      definition.kind !== Kind.OBJECT_TYPE_EXTENSION &&
      definition.kind !== Kind.INTERFACE_TYPE_DEFINITION
    ) {
      continue;
    }
    const typeName = definition.name.value;
    const own = categoryIn(definition.directives, typeName);
    if (own) typeCategory.set(typeName, own);
    for (const field of definition.fields ?? []) {
      const category = categoryIn(field.directives, `${typeName}.${field.name.value}`);
      if (category) fieldCategory.set(`${typeName}.${field.name.value}`, category);
    }
  }
  return { typeCategory, fieldCategory };
}

/** The field's own category, else its type's; undefined for structural fields with neither. */
export function categoryOf(rules: AccessRules, typeName: string, fieldName: string): DataCategory | undefined {
  return rules.fieldCategory.get(`${typeName}.${fieldName}`) ?? rules.typeCategory.get(typeName);
}
