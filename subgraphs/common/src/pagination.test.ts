import { CursorCodec } from './cursor';
import { allOf, anyOf, narrowToKeys, toPage } from './pagination';

describe('a page', () => {
  const rows = [1, 2, 3].map((n) => ({ id: `id-${n}`, name: `n${n}` }));
  const cursors = CursorCodec.fromSigningKey('a-signing-key-for-this-test-only-000000').forList('test.row:name:ASC');

  it('says there is more when the query returned one row past the page', () => {
    const page = toPage(rows, 2, { property: 'name', direction: 'ASC' }, cursors);
    expect(page.nodes.map((r) => r.id)).toEqual(['id-1', 'id-2']);
    expect(page.pageInfo.hasNextPage).toBe(true);
    expect(page.pageInfo.endCursor).toBe(page.edges[1]!.cursor);
    expect(cursors.decode(page.pageInfo.endCursor!)).toEqual(['n2', 'id-2']);
  });

  it('ends with no cursor when empty', () => {
    expect(toPage([], 5, { property: 'name', direction: 'ASC' }, cursors).pageInfo).toEqual({ hasNextPage: false, endCursor: null });
  });
});

describe('a slice known by its ids, narrowed to a batch of keys (issue 14)', () => {
  const slice = { sql: 'w.child_id = ANY(:__scopeChildren)', params: { __scopeChildren: ['a', 'b'] }, within: { column: 'child_id', ids: new Set(['a', 'b']), rest: null } };
  const day = { sql: 'w.start_date <= :__on', params: { __on: '2026-12-02' } };

  it('keeps the keys in the slice and drops the id list; a conjunction keeps the rest of it', () => {
    expect(narrowToKeys(slice, 'child_id', ['a', 'c', 'b'])).toEqual({ keys: ['a', 'b'], condition: null });
    const both = allOf(day, slice)!;
    expect(both.sql).toBe('(w.start_date <= :__on) AND (w.child_id = ANY(:__scopeChildren))');
    expect(narrowToKeys(both, 'child_id', ['c', 'b'])).toEqual({ keys: ['b'], condition: day });
  });

  it('keyed by another column, or after an OR, the whole condition is sent as it is', () => {
    expect(narrowToKeys(slice, 'facility_id', ['a', 'c'])).toEqual({ keys: ['a', 'c'], condition: slice });
    const either = anyOf(day, slice);
    expect(narrowToKeys(either, 'child_id', ['c'])).toEqual({ keys: ['c'], condition: either });
  });
});
