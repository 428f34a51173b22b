import { repoPath } from '@passerelle/common';
import { getNamedType, isLeafType, isObjectType, type GraphQLSchema } from 'graphql';
import { readFileSync } from 'node:fs';
import { apiSchemaOf } from './api-schema';
import { deriveContract } from './contracts';
import { categoryOf, readAccessRules } from '@passerelle/common';

const supergraph = readFileSync(repoPath('schema/supergraph.graphql'), 'utf8');
const rules = readAccessRules(supergraph);
let api: GraphQLSchema;
beforeAll(async () => {
  api = await apiSchemaOf(supergraph);
});

const fieldsOf = (schema: GraphQLSchema, type: string) => {
  const t = schema.getType(type);
  return t && isObjectType(t) ? Object.keys(t.getFields()).sort() : undefined;
};

describe('audience contracts derived from the supergraph', () => {
  it('every leaf field of the supergraph declares a data category (so nothing is hidden or shown by accident)', () => {
    const missing: string[] = [];
    for (const type of Object.values(api.getTypeMap())) {
      if (!isObjectType(type) || type.name.startsWith('__') || type.name === 'Query' || type.name === 'Mutation') continue;
      for (const field of Object.values(type.getFields())) {
        if (isLeafType(getNamedType(field.type)) && !categoryOf(rules, type.name, field.name)) missing.push(`${type.name}.${field.name}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('the département sees the whole API schema', () => {
    const contract = deriveContract(api, rules, 'department');
    for (const type of ['Child', 'Placement', 'Facility', 'Partner', 'Enrollment']) {
      expect(fieldsOf(contract, type)).toEqual(fieldsOf(api, type));
    }
  });

  it('a school sees children and their schooling, not their placements', () => {
    const contract = deriveContract(api, rules, 'school');
    expect(contract.getType('Placement')).toBeUndefined();
    expect(contract.getType('Facility')).toBeUndefined();
    expect(fieldsOf(contract, 'Child')).toContain('enrollments');
    expect(fieldsOf(contract, 'Child')).not.toContain('placements');
    expect(fieldsOf(contract, 'Query')).not.toContain('facilities');
  });

  it('an analyst sees no child at all', () => {
    const contract = deriveContract(api, rules, 'analyst');
    expect(contract.getType('Child')).toBeUndefined();
    expect(contract.getType('Enrollment')).toBeUndefined();
    expect(fieldsOf(contract, 'Query')).not.toContain('children');
  });
});

describe('a write the audience may make but not read back', () => {
  it('keeps the mutation and returns a receipt: the id and version of what was written, nothing more', () => {
    const contract = deriveContract(api, rules, 'association');
    expect(fieldsOf(contract, 'Mutation')).toEqual(expect.arrayContaining(['updateSituationReport', 'sendSituationReport']));
    expect(fieldsOf(contract, 'SituationReport')).toEqual(['id', 'version']);
    expect(fieldsOf(contract, 'Measure')).not.toContain('situationReports');
  });
});
