import { parse } from 'graphql';
import { measureOperation } from './limits';

describe('the shape of an operation', () => {
  it('counts depth through fragments and inline fragments, and every field asked', () => {
    const document = parse(`
      query Q { children(first: 2) { nodes { ...F ... on Child { guardians { lastName } } } } }
      fragment F on Child { id placements { nodes { facility { name } } } }
    `);
    // children > nodes > placements > nodes > facility > name
    expect(measureOperation(document, 'Q')).toMatchObject({ depth: 6, fields: 9 });
  });

  it('leaves introspection out: it asks no subgraph, and explorers nest it deep', () => {
    const document = parse(`{ __schema { types { fields { type { ofType { ofType { ofType { ofType { ofType { ofType { ofType { ofType { name } } } } } } } } } } } } }`);
    expect(measureOperation(document)).toMatchObject({ depth: 1, fields: 0 });
  });

  it('picks the named operation of a document that holds several', () => {
    const document = parse(`query A { a { b { c } } } query B { a }`);
    expect(measureOperation(document, 'B')).toMatchObject({ depth: 1, fields: 1 });
    expect(measureOperation(document, 'A').depth).toBe(3);
  });

  it('counts every `__typename` and every alias: 10 000 of them at the root are 10 000 fields', () => {
    const aliases = Array.from({ length: 10_000 }, (_, i) => `t${i}: __typename`).join(' ');
    expect(measureOperation(parse(`{ ${aliases} }`)).fields).toBe(10_000);
  });

  it('estimates the answer from page sizes: selections under a page count once per item it may hold', () => {
    const document = parse(`query ($n: Int!) { children(first: $n) { nodes { id guardians { lastName } placements(first: 10) { nodes { id } } } } }`);
    // children, then per child: nodes, id, guardians, lastName, placements; per placement: nodes, id
    expect(measureOperation(document, undefined, { n: 100 }).values).toBe(1 + 100 * 5 + 100 * 10 * 2);
    expect(measureOperation(document, undefined, { n: 1 }).values).toBe(1 + 5 + 10 * 2);
  });

  it('takes the default page size where `first` is left out', () => {
    expect(measureOperation(parse(`{ children { nodes { id } } }`)).values).toBe(1 + 20 * 2);
  });
});
