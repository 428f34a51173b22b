import { buildSchema, parse } from 'graphql';
import { forbidFields } from './field-rules';
import { readAccessRules } from '@passerelle/common';

const sdl = `
  directive @access(category: String!) on OBJECT | FIELD_DEFINITION
  type Query { child(id: ID!): Child }
  type Child @access(category: "CHILD_IDENTITY") {
    id: ID!
    lastName: String!
    accessLog: [AccessRecord!] @access(category: "AUDIT_LOG")
  }
  type AccessRecord @access(category: "AUDIT_LOG") { at: String! }
`;
const schema = buildSchema(sdl);
const rules = readAccessRules(sdl);
const manager = { sub: 'm', partnerId: 'p', audience: 'department' as const, scopes: ['audit:read'] };
const caseworker = { ...manager, scopes: [] };

const run = (principal: typeof manager, query: string) => {
  const data = { child: { id: '1', lastName: 'Hervé', log: [{ at: 'today' }], accessLog: [{ at: 'today' }] } };
  const errors = forbidFields(schema, rules, principal, parse(query), undefined, data);
  return { data, errors };
};

describe('principal-level field rules', () => {
  it('a field needing a scope the principal lacks comes back null with FORBIDDEN at its path; the rest arrives', () => {
    const { data, errors } = run(caseworker, `{ child(id: "1") { id lastName log: accessLog { at } } }`);
    expect(data.child.log).toBeNull();
    expect(data.child.lastName).toBe('Hervé');
    expect(errors).toEqual([
      { message: 'Child.accessLog needs the scope audit:read', path: ['child', 'log'], extensions: { code: 'FORBIDDEN' } },
    ]);
  });

  it('follows fragments', () => {
    const { data, errors } = run(caseworker, `query { child(id: "1") { ...F } } fragment F on Child { accessLog { at } }`);
    expect(data.child.accessLog).toBeNull();
    expect(errors).toHaveLength(1);
  });

  it('a principal holding the scope gets the field', () => {
    const { data, errors } = run(manager, `{ child(id: "1") { accessLog { at } } }`);
    expect(data.child.accessLog).toEqual([{ at: 'today' }]);
    expect(errors).toEqual([]);
  });
});

describe('fields outside the institution’s agreements', () => {
  const school = { sub: 's', partnerId: 'p', audience: 'school' as const, scopes: [], grants: ['CHILD_IDENTITY'] };
  const sdl2 = `
    directive @access(category: String!) on OBJECT | FIELD_DEFINITION
    type Query { children: [Child!]! }
    type Child @access(category: "CHILD_IDENTITY") {
      id: ID!
      school: String @access(category: "SCHOOLING")
      classLevel: String! @access(category: "SCHOOLING")
    }
  `;
  const schema2 = buildSchema(sdl2);
  const rules2 = readAccessRules(sdl2);

  it('come back null with FORBIDDEN; a non-null one nulls its parent, as GraphQL does', () => {
    const data = { children: [{ id: '1', school: 'Jules Verne', classLevel: 'CM2' }] };
    const nullable = forbidFields(schema2, rules2, school, parse(`{ children { id school } }`), undefined, structuredClone(data));
    expect(nullable).toHaveLength(1);
    expect(nullable[0]).toMatchObject({ path: ['children', 0, 'school'], extensions: { code: 'FORBIDDEN' } });

    const copy = structuredClone(data) as Record<string, unknown>;
    const errors = forbidFields(schema2, rules2, school, parse(`{ children { id classLevel } }`), undefined, copy);
    expect(errors[0]!.message).toMatch(/SCHOOLING\) is not granted by your institution’s data-sharing agreements/);
    // classLevel is non-null, the list items are non-null, the list is non-null: the whole answer goes.
    expect(copy).toEqual({ children: null });
  });
});
