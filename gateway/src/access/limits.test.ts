import { parse } from 'graphql';
import { measureOperation } from './limits';

describe('the shape of an operation', () => {
  it('counts depth through fragments and inline fragments, and every field asked', () => {
    const document = parse(`
      query Q { children(first: 2) { nodes { ...F ... on Child { guardians { lastName } } } } }
      fragment F on Child { id placements { nodes { facility { name } } } }
    `);
    // children > nodes > placements > nodes > facility > name
    expect(measureOperation(document, 'Q')).toEqual({ depth: 6, fields: 9 });
  });

  it('leaves introspection out: it asks no subgraph, and explorers nest it deep', () => {
    const document = parse(`{ __schema { types { fields { type { ofType { ofType { ofType { ofType { ofType { ofType { ofType { ofType { name } } } } } } } } } } } } }`);
    expect(measureOperation(document)).toEqual({ depth: 1, fields: 0 });
  });

  it('picks the named operation of a document that holds several', () => {
    const document = parse(`query A { a { b { c } } } query B { a }`);
    expect(measureOperation(document, 'B')).toEqual({ depth: 1, fields: 1 });
    expect(measureOperation(document, 'A').depth).toBe(3);
  });
});
