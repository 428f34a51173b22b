import { AUDIENCES, repoPath } from '@passerelle/common';
import { buildSchema, getVariableValues, Kind, parse, validate, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import { readFileSync } from 'node:fs';
import { EXAMPLES } from './examples';

const contractOf = (audience: string): GraphQLSchema =>
  buildSchema(readFileSync(repoPath(`schema/contracts/${audience}.graphql`), 'utf8'));

describe('the explorer’s example operations', () => {
  it('cover every audience, and only audiences', () => {
    expect(Object.keys(EXAMPLES).sort()).toEqual([...AUDIENCES].sort());
  });

  describe.each(AUDIENCES)('for the %s audience', (audience) => {
    const examples = EXAMPLES[audience as keyof typeof EXAMPLES];
    const contract = contractOf(audience);

    it('are valid against its contract (schema/contracts)', () => {
      expect(examples.length).toBeGreaterThan(0);
      for (const example of examples) {
        const errors = validate(contract, parse(example.query)).map((e) => e.message);
        expect({ title: example.title, errors }).toEqual({ title: example.title, errors: [] });
      }
    });

    it('have distinct titles, one operation each, and variables the operation declares', () => {
      expect(new Set(examples.map((e) => e.title)).size).toBe(examples.length);
      for (const example of examples) {
        const operations = parse(example.query).definitions.filter(
          (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
        );
        expect(operations).toHaveLength(1);
        const declared = (operations[0]!.variableDefinitions ?? []).map((v) => v.variable.name.value);
        const given = Object.keys(example.variables ? (JSON.parse(example.variables) as object) : {});
        expect(declared).toEqual(expect.arrayContaining(given));
      }
    });
  });

  it('show every audience that may write at least one of its writes, with valid variables', () => {
    for (const audience of AUDIENCES) {
      const contract = contractOf(audience);
      const writes = (EXAMPLES[audience as keyof typeof EXAMPLES] as { query: string; variables?: string }[]).filter((e) =>
        parse(e.query).definitions.some((d) => d.kind === Kind.OPERATION_DEFINITION && d.operation === 'mutation'),
      );
      const mutations = Object.keys(contract.getMutationType()?.getFields() ?? {}).filter((m) => !/Notifications?$|Webhook$/.test(m));
      expect({ audience, writes: writes.length > 0 }).toEqual({ audience, writes: mutations.length > 0 });
      for (const example of writes) {
        const operation = parse(example.query).definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;
        const { errors } = getVariableValues(contract, operation.variableDefinitions ?? [], JSON.parse(example.variables ?? '{}') as Record<string, unknown>);
        expect({ audience, errors: (errors ?? []).map((e) => e.message) }).toEqual({ audience, errors: [] });
      }
    }
  });

  it('would catch an example that drifts out of its contract', () => {
    const errors = validate(contractOf('school'), parse('{ children(first: 1) { nodes { placements { nodes { id } } } } }'));
    expect(errors.map((e) => e.message)).toEqual([expect.stringMatching(/^Cannot query field "placements" on type "Child"\./)]);
  });
});
