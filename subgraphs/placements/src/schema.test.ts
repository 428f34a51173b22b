import { isEnumType, isInputObjectType, isInterfaceType, isObjectType, isIntrospectionType, type GraphQLSchema } from 'graphql';
import { buildPlacementsSchema } from './schema';

/** Every type, field, argument and enum value this subgraph defines is documented. */
function undocumented(schema: GraphQLSchema): string[] {
  const missing: string[] = [];
  const federation = new Set(['_Service', '_Any', '_Entity', 'link__Import', 'link__Purpose', 'FieldSet', 'Query', 'Mutation']);
  for (const type of Object.values(schema.getTypeMap())) {
    if (isIntrospectionType(type) || type.name.startsWith('__') || type.name.startsWith('federation__') || federation.has(type.name)) continue;
    if (['String', 'Int', 'Float', 'Boolean', 'ID', 'LocalDate'].includes(type.name)) continue;
    if (!type.description) missing.push(type.name);
    if (isObjectType(type) || isInterfaceType(type) || isInputObjectType(type)) {
      for (const field of Object.values(type.getFields())) {
        if (!field.description) missing.push(`${type.name}.${field.name}`);
        for (const arg of 'args' in field ? field.args : []) if (!arg.description) missing.push(`${type.name}.${field.name}(${arg.name})`);
      }
    }
    if (isEnumType(type)) for (const value of type.getValues()) if (!value.description) missing.push(`${type.name}.${value.name}`);
  }
  const query = schema.getQueryType()!;
  for (const root of [query, schema.getMutationType()!]) {
    for (const field of Object.values(root.getFields())) {
      if (field.name.startsWith('_')) continue;
      if (!field.description) missing.push(`${root.name}.${field.name}`);
      for (const arg of field.args) if (!arg.description) missing.push(`${root.name}.${field.name}(${arg.name})`);
    }
  }
  return missing;
}

describe('the placements schema documents itself', () => {
  it('has a description on every type, field, argument and enum value', async () => {
    const { schema } = await buildPlacementsSchema();
    expect(undocumented(schema)).toEqual([]);
  });
});
