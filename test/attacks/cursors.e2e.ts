import { DataCategory } from '@passerelle/partners';
import { randomBytes } from 'node:crypto';
import type { PartnerDirectory } from '@passerelle/gateway';
import { data } from '../cases-support';
import { sql } from '../scope-cases-support';
import { DEPARTMENT, seeded, startTestStack, type GraphQLResponse, type TestStack } from '../support/stack';
import { SETUP_TIMEOUT_MS } from '../support/timeouts';

/**
 * Class 5 of issue 10: cursors carried the sort key, so a school whose agreements grant no
 * identity read its pupils' family names by base64-decoding the `cursor` of `children`, and a
 * crafted `after` reached PostgreSQL (its error text came back as INTERNAL_SERVER_ERROR).
 */

const SCHOOL = seeded('school', 'SCHOOL', 0);
/** A caseworker of the département who may read the access log. */
const AUDITOR = seeded('department', 'DEPARTMENT', 0, 0, ['audit:read']);
/** The school's agreements grant everything but the child's identity; everyone else everything; the département's member manages (whole département). */
const directory: PartnerDirectory = {
  check: async (question) => ({
    allowed: true,
    grants: Object.values(DataCategory).filter((c) => question.audience !== 'school' || c !== DataCategory.CHILD_IDENTITY),
    department: question.audience === 'department' ? { role: 'MANAGER', teamId: null, communes: [] } : null,
  }),
};

/** What the school may ask of its list: the cursors (a child's id is identity too). */
const PAGE = `query ($first: Int!, $after: String) {
  children(first: $first, after: $after) { edges { cursor } pageInfo { hasNextPage endCursor } }
}`;
const IDS = `query ($first: Int!, $after: String) {
  children(first: $first, after: $after) { edges { cursor node { id } } pageInfo { hasNextPage endCursor } }
}`;

type ChildPage = { children: { edges: { cursor: string; node?: { id: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } };

/** What an attacker gets by decoding a cursor every way a cursor is commonly encoded. */
function decodings(cursor: string): string[] {
  const out = [cursor];
  for (const encoding of ['base64url', 'base64', 'hex'] as const) {
    const bytes = Buffer.from(cursor, encoding);
    out.push(bytes.toString('utf8'), bytes.toString('latin1'), bytes.toString('utf16le'));
  }
  return out;
}

const isJson = (text: string) => {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
};

/** The refusal of a bad `after`: BAD_USER_INPUT naming the argument, at the list's path, and nothing from the database. */
function expectBadCursor(result: GraphQLResponse, path: (string | number)[]): void {
  expect(result.errors).toHaveLength(1);
  const [error] = result.errors!;
  expect(error!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'after' });
  expect(error!.message).toBe('after is not a cursor of this list');
  expect(error!.path).toEqual(path);
  expect(JSON.stringify(result)).not.toMatch(/INTERNAL_SERVER_ERROR|syntax|invalid input|SELECT|relation|column|postgres/i);
}

describe('cursors reveal nothing and accept only their own list', () => {
  let stack: TestStack;
  /** The school's pupils in the list's order (family name, then id), with their family names. */
  let pupils: { id: string; last_name: string }[];

  beforeAll(async () => {
    stack = await startTestStack({ children: 300, directory });
    // The school's slice as the partners subgraph defines it, ordered as `children` orders it.
    const scope = await stack.querySubgraph<{ _partnersChildrenInScope: string[] }>(
      'partners',
      `query ($partnerId: ID!) { _partnersChildrenInScope(audience: "school", partnerId: $partnerId) }`,
      { partnerId: SCHOOL.partnerId },
    );
    pupils = await sql(stack.databaseUrl, 'SELECT id::text, last_name FROM cases.child WHERE id = ANY($1) ORDER BY last_name, id', [
      data(scope)._partnersChildrenInScope,
    ]);
  }, SETUP_TIMEOUT_MS);
  afterAll(() => stack?.stop());

  it('the school may not read its pupils’ names (the premise of the attack)', async () => {
    expect(pupils.length).toBeGreaterThanOrEqual(6);
    const result = await stack.query<any>(`{ children(first: 3) { nodes { lastName } } }`, {}, SCHOOL);
    expect(result.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(JSON.stringify(result.data ?? null)).not.toContain(pupils[0]!.last_name);
  });

  it('a school’s `children` cursors contain no name of the page, in any decoding, and are not JSON', async () => {
    const page = data(await stack.query<ChildPage>(PAGE, { first: 20 }, SCHOOL)).children;
    expect(page.edges.length).toBe(Math.min(20, pupils.length));
    const onPage = pupils.slice(0, page.edges.length);
    for (const { cursor } of page.edges) {
      for (const [i, text] of decodings(cursor).entries()) {
        for (const pupil of onPage) {
          const name = pupil.last_name;
          if (i === 0) {
            // The cursor as sent is base64url: its ciphertext spells a short word in some mix of
            // cases now and then (CI once found "simon" in a cursor lowercased: a few runs in a
            // thousand), while a name written into it in the clear would appear as stored, in
            // capitals or in lower case: those are what is looked for (one run in thousands).
            for (const form of [name, name.toUpperCase(), name.toLowerCase()]) expect(text).not.toContain(form);
          } else {
            expect(text.toLowerCase()).not.toContain(name.toLowerCase());
          }
          expect(text).not.toContain(pupil.id);
        }
        expect(isJson(text)).toBe(false);
      }
    }
    // Equal length whatever the name's length: the length tells nothing either.
    expect(new Set(page.edges.map((e) => e.cursor.length)).size).toBe(1);
    // And the same row gets a new cursor each time (random IV): no cursor can be compared to another.
    const again = data(await stack.query<ChildPage>(PAGE, { first: 20 }, SCHOOL)).children;
    expect(again.edges[0]!.cursor).not.toBe(page.edges[0]!.cursor);
  }, SETUP_TIMEOUT_MS);

  it('pagination still walks every page, in order, without gaps or repeats', async () => {
    const walk = async (as: typeof SCHOOL | typeof DEPARTMENT, query: string, first: number) => {
      const seen: string[] = [];
      let after: string | null = null;
      let pages = 0;
      do {
        const page: ChildPage['children'] = data(await stack.query<ChildPage>(query, { first, after }, as)).children;
        seen.push(...page.edges.map((e) => e.node?.id ?? e.cursor));
        after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
        pages++;
      } while (after && pages < 200);
      return { seen, pages };
    };
    // The school: as many items as pupils, page after page.
    const school = await walk(SCHOOL, PAGE, 4);
    expect(school.seen).toHaveLength(pupils.length);
    expect(school.pages).toBe(Math.ceil(pupils.length / 4));
    // The département, who may see ids: every child once, in the database's order.
    const all = await sql<{ id: string }>(stack.databaseUrl, 'SELECT id::text FROM cases.child ORDER BY last_name, id');
    const department = await walk(DEPARTMENT, IDS, 7);
    expect(department.seen).toEqual(all.map((r) => r.id));
  });

  it.each([
    ['a JSON cursor with SQL in it', () => Buffer.from(JSON.stringify(["x' OR 1=1 --", '00000000-0000-0000-0000-000000000000'])).toString('base64url')],
    ['an old-style cursor of a real pupil', () => Buffer.from(JSON.stringify(['A', '00000000-0000-0000-0000-000000000000'])).toString('base64url')],
    ['random bytes', () => randomBytes(157).toString('base64url')],
    ['garbage', () => 'garbage'],
  ])('%s as `after`: BAD_USER_INPUT with the path, no database text', async (_, make) => {
    expectBadCursor(await stack.query(PAGE, { first: 3, after: make() }, SCHOOL), ['children']);
  });

  it('a real cursor altered by one bit, or truncated: BAD_USER_INPUT', async () => {
    const cursor = data(await stack.query<ChildPage>(PAGE, { first: 2 }, SCHOOL)).children.pageInfo.endCursor!;
    const raw = Buffer.from(cursor, 'base64url');
    const flipped = Buffer.from(raw);
    flipped[20] = flipped[20]! ^ 0x80;
    expectBadCursor(await stack.query(PAGE, { first: 3, after: flipped.toString('base64url') }, SCHOOL), ['children']);
    expectBadCursor(await stack.query(PAGE, { first: 3, after: raw.subarray(0, raw.length - 4).toString('base64url') }, SCHOOL), ['children']);
  });

  it('a cursor of another list (same subgraph, same key) is refused by `children`', async () => {
    const concerns = data(await stack.query<any>(`{ concerns(first: 1) { pageInfo { endCursor } } }`, {}, DEPARTMENT)).concerns;
    expect(concerns.pageInfo.endCursor).toEqual(expect.any(String));
    expectBadCursor(await stack.query(PAGE, { first: 3, after: concerns.pageInfo.endCursor }, SCHOOL), ['children']);
    const [busy] = await sql<{ id: string }>(stack.databaseUrl, 'SELECT child_id::text AS id FROM cases.child_timeline LIMIT 1');
    const timeline = data(
      await stack.query<any>(`query ($id: ID!) { child(id: $id) { timeline(first: 1) { pageInfo { endCursor } } } }`, { id: busy!.id }, DEPARTMENT),
    ).child.timeline;
    expect(timeline.pageInfo.endCursor).toEqual(expect.any(String));
    expectBadCursor(await stack.query(PAGE, { first: 3, after: timeline.pageInfo.endCursor }, SCHOOL), ['children']);
    // And the other way round: a `children` cursor is no timeline cursor.
    const mine = data(await stack.query<ChildPage>(PAGE, { first: 1 }, DEPARTMENT)).children.pageInfo.endCursor;
    expectBadCursor(
      await stack.query(`query ($id: ID!, $after: String) { child(id: $id) { timeline(first: 1, after: $after) { nodes { id } } } }`, { id: busy!.id, after: mine }),
      ['child', 'timeline'],
    );
  });

  it('the hand-made cursors (timeline, access log) and the nested lists are sealed and checked too', async () => {
    const query = `query ($id: ID!, $after: String) { child(id: $id) {
      timeline(first: 2) { edges { cursor } }
      accessLog(first: 2) { edges { cursor } }
      concerns(first: 2, after: $after) { edges { cursor } }
    } }`;
    // Reading the child once as the school writes an access-log record to page through.
    await stack.query(`query ($id: ID!) { child(id: $id) { id } }`, { id: pupils[0]!.id }, SCHOOL);
    const child = data(await stack.query<any>(query, { id: pupils[0]!.id }, AUDITOR)).child;
    expect(child.accessLog.edges.length).toBeGreaterThan(0);
    const cursors: string[] = [...child.timeline.edges, ...child.accessLog.edges].map((e: { cursor: string }) => e.cursor);
    for (const cursor of cursors) for (const text of decodings(cursor)) expect(isJson(text)).toBe(false);
    const crafted = Buffer.from(JSON.stringify(["x' OR 1=1 --", 'x'])).toString('base64url');
    for (const list of ['timeline', 'accessLog', 'concerns']) {
      const nested = `query ($id: ID!, $after: String) { child(id: $id) { ${list}(first: 2, after: $after) { edges { cursor } } } }`;
      expectBadCursor(await stack.query(nested, { id: pupils[0]!.id, after: crafted }, AUDITOR), ['child', list]);
    }
  });
});

/**
 * Every list the département can reach, found from its contract (root lists with no required
 * argument, and every list of a child): no cursor is readable, and a crafted `after` is
 * BAD_USER_INPUT naming the argument. A new list that makes its own cursors fails here.
 */
describe('every list, generated from the schema', () => {
  let stack: TestStack;
  let childId: string;
  /** Arguments a list needs to answer at all (a search needs something to search for). */
  const extra: Record<string, string> = {};
  // Every scope a list needs (the adoption team's lists too).
  const AS = seeded('department', 'DEPARTMENT', 0, 0, ['audit:read', 'audit:dpo', 'adoption:team', 'archive:read']);
  const crafted = Buffer.from(JSON.stringify(["x' OR 1=1 --", '00000000-0000-0000-0000-000000000000'])).toString('base64url');

  interface TypeRef {
    kind: string;
    name: string | null;
    ofType: TypeRef | null;
  }
  interface FieldInfo {
    name: string;
    args: { name: string; type: TypeRef; defaultValue: string | null }[];
    type: TypeRef;
  }
  const named = (t: TypeRef): string => (t.name ?? named(t.ofType!));
  const TYPE = `{ kind name ofType { kind name ofType { kind name ofType { kind name } } } }`;
  const fieldsOf = async (type: string): Promise<FieldInfo[]> =>
    data(await stack.query<any>(`{ __type(name: "${type}") { fields { name args { name defaultValue type ${TYPE} } type ${TYPE} } } }`, {}, AS)).__type.fields;
  const lists = (fields: FieldInfo[]) =>
    fields.filter(
      (f) =>
        named(f.type).endsWith('Connection') &&
        f.args.some((a) => a.name === 'after') &&
        f.args.every((a) => a.name === 'first' || a.name === 'after' || a.type.kind !== 'NON_NULL' || a.defaultValue !== null),
    );

  beforeAll(async () => {
    stack = await startTestStack({ children: 60 });
    const [busy] = await sql<{ id: string }>(stack.databaseUrl, 'SELECT child_id::text AS id FROM cases.child_timeline GROUP BY child_id ORDER BY count(*) DESC LIMIT 1');
    childId = busy!.id;
    const [someone] = await sql<{ last_name: string }>(stack.databaseUrl, 'SELECT last_name FROM cases.child LIMIT 1');
    extra.searchChildren = `, name: ${JSON.stringify(someone!.last_name)}`;
    await stack.query(`query ($id: ID!) { child(id: $id) { id } }`, { id: childId }); // one access-log record at least
  }, SETUP_TIMEOUT_MS);
  afterAll(() => stack?.stop());

  it('root lists: sealed cursors, crafted `after` refused', async () => {
    const roots = lists(await fieldsOf('Query'));
    expect(roots.map((f) => f.name)).toEqual(expect.arrayContaining(['children', 'searchChildren', 'concerns']));
    let withCursors = 0;
    for (const field of roots) {
      const page = await stack.query<any>(`{ ${field.name}(first: 2${extra[field.name] ?? ''}) { edges { cursor } } }`, {}, AS);
      expect(page.errors).toBeUndefined();
      for (const { cursor } of page.data[field.name].edges) {
        withCursors++;
        for (const text of decodings(cursor)) expect(isJson(text)).toBe(false);
      }
      const refused = await stack.query(
        `query ($after: String) { ${field.name}(first: 2, after: $after${extra[field.name] ?? ''}) { edges { cursor } } }`,
        { after: crafted },
        AS,
      );
      expectBadCursor(refused, [field.name]);
    }
    expect(withCursors).toBeGreaterThan(0);
  });

  it('a child’s lists: sealed cursors, crafted `after` refused', async () => {
    const nested = lists(await fieldsOf('Child'));
    expect(nested.map((f) => f.name)).toEqual(expect.arrayContaining(['timeline', 'accessLog', 'concerns']));
    for (const field of nested) {
      const page = await stack.query<any>(`query ($id: ID!) { child(id: $id) { ${field.name}(first: 2) { edges { cursor } } } }`, { id: childId }, AS);
      expect(page.errors).toBeUndefined();
      for (const { cursor } of page.data.child[field.name].edges) for (const text of decodings(cursor)) expect(isJson(text)).toBe(false);
      const refused = await stack.query(
        `query ($id: ID!, $after: String) { child(id: $id) { ${field.name}(first: 2, after: $after) { edges { cursor } } } }`,
        { id: childId, after: crafted },
        AS,
      );
      expectBadCursor(refused, ['child', field.name]);
    }
  });
});
