import { repoPath } from '@passerelle/common';
import { buildSchema, type GraphQLSchema } from 'graphql';
import { readFileSync } from 'node:fs';
import { apiSchemaOf } from './api-schema';
import { refusableFields } from './refusable';
import { readAccessRules } from '@passerelle/common';

describe('fields a grant can refuse while their parent is returned', () => {
  const supergraph = readFileSync(repoPath('schema/supergraph.graphql'), 'utf8');
  const rules = readAccessRules(supergraph);
  let api: GraphQLSchema;
  beforeAll(async () => {
    api = await apiSchemaOf(supergraph);
  });

  // A refused non-null field would null its parent (GraphQL's null propagation): one refused name
  // nulled a whole list of children. Declare the field nullable, with the description the others
  // carry, or give it the category of every path that leads to it.
  it('are all nullable in the supergraph', () => {
    const nonNull = refusableFields(api, rules)
      .filter((f) => f.nonNull)
      .map((f) => `${f.type}.${f.field} (refused without ${f.refusedWithout.join(', ')})`);
    expect(nonNull).toEqual([]);
  });

  it('say so in their description', () => {
    const silent = refusableFields(api, rules)
      .filter((f) => {
        const type = api.getType(f.type) as { getFields(): Record<string, { description?: string | null }> };
        return !/FORBIDDEN/.test(type.getFields()[f.field]!.description ?? '');
      })
      .map((f) => `${f.type}.${f.field}`);
    expect(silent).toEqual([]);
  });

  it('include the fields the issue was about, and not the ids that federation keys on', () => {
    const listed = new Set(refusableFields(api, rules).map((f) => `${f.type}.${f.field}`));
    for (const field of ['Child.lastName', 'Child.firstNames', 'Child.birthDate', 'Child.enrollments', 'Query.concernStatistics']) {
      expect(listed).toContain(field);
    }
    for (const field of ['Child.id', 'Measure.id', 'Concern.id', 'Placement.id', 'Guardian.id']) expect(listed).not.toContain(field);
  });
});

describe('the computation', () => {
  const sdl = `
    directive @access(category: String!) on OBJECT | FIELD_DEFINITION
    type Query {
      child(id: ID!): Child!
      stats: Int! @access(category: "AGGREGATES")
    }
    type Mutation { createChild: Child! @access(category: "CHILD_IDENTITY") }
    type Child @access(category: "CHILD_IDENTITY") {
      id: ID! @access(category: "PUBLIC")
      lastName: String!
      nickname: String
      guardians: GuardianConnection! @access(category: "PARENTAL_AUTHORITY")
      timeline: [Event!]! @access(category: "CASE_FILE")
      log: [Record!]! @access(category: "AUDIT_LOG")
    }
    type GuardianConnection { edges: [GuardianEdge!]! }
    type GuardianEdge @access(category: "PUBLIC") { node: Guardian! }
    type Guardian @access(category: "PARENTAL_AUTHORITY") { lastName: String! child: Child! }
    type Event @access(category: "MEASURES") { summary: String! }
    type Record @access(category: "AUDIT_LOG") { at: String! }
  `;
  const listed = () => {
    const fields = refusableFields(buildSchema(sdl), readAccessRules(sdl));
    return Object.fromEntries(fields.map((f) => [`${f.type}.${f.field}`, { nonNull: f.nonNull, without: f.refusedWithout }]));
  };

  it('lists a field reached through a path that does not need its condition, with whether it is non-null', () => {
    const fields = listed();
    expect(fields['Child.lastName']).toEqual({ nonNull: true, without: ['CHILD_IDENTITY'] });
    expect(fields['Child.nickname']).toEqual({ nonNull: false, without: ['CHILD_IDENTITY'] });
    expect(fields['Child.guardians']).toEqual({ nonNull: true, without: ['PARENTAL_AUTHORITY'] });
    expect(fields['Query.stats']).toEqual({ nonNull: true, without: ['AGGREGATES'] });
  });

  it('counts a scope as a condition of its own', () => {
    expect((listed())['Child.log']).toEqual({ nonNull: true, without: ['AUDIT_LOG', 'scope:audit:read'] });
  });

  it('leaves out what is refused with its ancestor: a field reached only through fields of its own condition', () => {
    const fields = listed();
    // Guardian is reached only through Child.guardians (PARENTAL_AUTHORITY); the PUBLIC edge does not open another path.
    expect(fields['Guardian.lastName']).toBeUndefined();
    // CASE_FILE is granted through MEASURES: an event's summary goes with the timeline.
    expect(fields['Event.summary']).toBeUndefined();
    expect(fields['Record.at']).toBeUndefined();
    expect(fields['Guardian.child']).toBeUndefined();
  });

  it('leaves out mutation root fields (refused as a whole before execution) and fields no grant can refuse', () => {
    const fields = listed();
    expect(fields['Mutation.createChild']).toBeUndefined();
    expect(fields['Child.id']).toBeUndefined();
    expect(fields['GuardianEdge.node']).toBeUndefined();
    expect(fields['Query.child']).toBeUndefined();
  });
});
