import { repoPath } from '@passerelle/common';
import { buildSchema, parse, validate, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import { readFileSync } from 'node:fs';
import { firstSeeded, ISSUE_14_WORKLOADS, WORKLOADS } from './workloads';

/** The benches' workloads (tools/src/workloads.ts) against the checked-in contracts: none can drift from the schema. */
describe('partner workloads', () => {
  const contracts = new Map<string, GraphQLSchema>();
  const contract = (audience: string) => {
    if (!contracts.has(audience)) contracts.set(audience, buildSchema(readFileSync(repoPath(`schema/contracts/${audience}.graphql`), 'utf8')));
    return contracts.get(audience)!;
  };

  it.each(WORKLOADS.map((w) => [w.name, w] as const))('%s parses, has an operation name and validates against its audience’s contract', (_name, w) => {
    const document = parse(w.query);
    const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === 'OperationDefinition');
    expect(operations).toHaveLength(1);
    expect(operations[0]!.name?.value).toMatch(/^[A-Z]\w+$/);
    expect(validate(contract(w.audience), document).map((e) => e.message)).toEqual([]);
  });

  it('names each workload once, W1–W4 first (the four of issue 14)', () => {
    expect(WORKLOADS.map((w) => w.name)).toEqual(['W1', 'W2', 'W3', 'W4', 'W5', 'W6', 'W7', 'W8', 'W9', 'W10', 'W11', 'W12']);
    expect(ISSUE_14_WORKLOADS.map((w) => `${w.name} ${w.audience}`)).toEqual(['W1 school', 'W2 department', 'W3 judge', 'W4 department']);
  });

  it('declares a variable only where it chooses its value in the database', () => {
    for (const w of WORKLOADS) {
      const declared = (parse(w.query).definitions[0] as OperationDefinitionNode).variableDefinitions ?? [];
      expect([w.name, declared.length > 0]).toEqual([w.name, w.variables !== undefined]);
    }
  });

  it('the `first` chooser is the first seeded institution of the kind and its member 0, without the database', async () => {
    const noDatabase = { query: () => Promise.reject(new Error('no database')) };
    for (const w of WORKLOADS) await expect(w.who.first(noDatabase)).resolves.toEqual(firstSeeded(w.audience));
  });
});
