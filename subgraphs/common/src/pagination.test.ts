import { CursorCodec } from './cursor';
import { toPage } from './pagination';

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
