import { GraphQLError } from 'graphql';
import { decodeCursor, encodeCursor, toPage } from './pagination';

describe('cursors', () => {
  it('round-trip the sort value and the id', () => {
    const date = new Date('2026-01-02T03:04:05.000Z');
    expect(decodeCursor(encodeCursor(date, 'abc'))).toEqual(['2026-01-02T03:04:05.000Z', 'abc']);
    expect(decodeCursor(encodeCursor('Hervé', 'id-1'))).toEqual(['Hervé', 'id-1']);
    expect(decodeCursor(encodeCursor(null, 'id-2'))).toEqual([null, 'id-2']);
  });

  it.each(['', 'garbage', Buffer.from('{"a":1}').toString('base64url'), Buffer.from('[1]').toString('base64url')])(
    'refuses %j as BAD_USER_INPUT naming the argument',
    (cursor) => {
      let error: unknown;
      try {
        decodeCursor(cursor, 'after');
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(GraphQLError);
      expect((error as GraphQLError).extensions).toEqual({ code: 'BAD_USER_INPUT', argument: 'after' });
    },
  );
});

describe('a page', () => {
  const rows = [1, 2, 3].map((n) => ({ id: `id-${n}`, name: `n${n}` }));

  it('says there is more when the query returned one row past the page', () => {
    const page = toPage(rows, 2, { property: 'name', direction: 'ASC' });
    expect(page.nodes.map((r) => r.id)).toEqual(['id-1', 'id-2']);
    expect(page.pageInfo.hasNextPage).toBe(true);
    expect(decodeCursor(page.pageInfo.endCursor!)).toEqual(['n2', 'id-2']);
  });

  it('ends with no cursor when empty', () => {
    expect(toPage([], 5, { property: 'name', direction: 'ASC' }).pageInfo).toEqual({ hasNextPage: false, endCursor: null });
  });
});
