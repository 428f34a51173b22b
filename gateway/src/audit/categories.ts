import { getNamedType, isObjectType, TypeInfo, visit, visitWithTypeInfo, type DocumentNode, type GraphQLSchema } from 'graphql';
import { categoryOf, type AccessRules } from '@passerelle/common';

/** The data categories an operation asks for (every field of every fragment it holds). */
export function categoriesOf(schema: GraphQLSchema, rules: AccessRules, document: DocumentNode): string[] {
  const categories = new Set<string>();
  const typeInfo = new TypeInfo(schema);
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field(node) {
        const parent = typeInfo.getParentType();
        if (!parent || !isObjectType(getNamedType(parent))) return;
        const category = categoryOf(rules, parent.name, node.name.value);
        if (category && category !== 'PUBLIC') categories.add(category);
      },
    }),
  );
  return [...categories].sort();
}
