import { isEnumType, isInputObjectType, isInterfaceType, isObjectType, isIntrospectionType, type GraphQLNamedType } from 'graphql';
import { buildCasesSchema } from './schema';

/** Types that come from federation or graphql-scalars, documented by their own packages. */
const FOREIGN = new Set(['_Service', '_Any', '_Entity', 'link__Import', 'link__Purpose', 'federation__FieldSet', 'federation__Scope', 'federation__Policy', 'federation__ContextFieldValue']);

function undocumented(type: GraphQLNamedType): string[] {
  const missing: string[] = [];
  if (!type.description) missing.push(type.name);
  if (isObjectType(type) || isInterfaceType(type)) {
    for (const field of Object.values(type.getFields())) {
      if (field.name.startsWith('_')) continue;
      if (!field.description) missing.push(`${type.name}.${field.name}`);
      for (const arg of field.args) if (!arg.description) missing.push(`${type.name}.${field.name}(${arg.name})`);
    }
  }
  if (isInputObjectType(type)) {
    for (const field of Object.values(type.getFields())) if (!field.description) missing.push(`${type.name}.${field.name}`);
  }
  if (isEnumType(type)) {
    for (const value of type.getValues()) if (!value.description) missing.push(`${type.name}.${value.name}`);
  }
  return missing;
}

describe('the cases schema, as the explorer shows it', () => {
  it('documents every type, field, argument and enum value', async () => {
    const { schema } = await buildCasesSchema();
    const missing = Object.values(schema.getTypeMap())
      .filter((type) => !isIntrospectionType(type) && !FOREIGN.has(type.name) && !['Query', 'Mutation', 'String', 'Int', 'Float', 'Boolean', 'ID'].includes(type.name))
      .flatMap(undocumented);
    const rootFields = ['Query', 'Mutation'].flatMap((name) => {
      const root = schema.getType(name);
      return root && isObjectType(root) ? undocumented(root).filter((m) => m !== name) : [];
    });
    expect([...missing, ...rootFields]).toEqual([]);
  });

  it('shares only entities with the other subgraphs: Child, Guardian, Concern and Measure by id, Partner as a reference', async () => {
    const { sdl } = await buildCasesSchema();
    for (const entity of ['Child', 'Guardian', 'Concern', 'Measure']) expect(sdl).toMatch(new RegExp(`type ${entity}( @\\w+\\([^)]*\\))* @key\\(fields: "id"\\)`));
    expect(sdl).toMatch(/type Partner @key\(fields: "id", resolvable: false\) \{\s*"""[^"]*"""\s*id: ID!\s*\}/);
    expect(sdl).toMatch(/closedOn: LocalDate\n/);
  });
});
