import { DEPARTMENT, seeded, seededAs, startTestStack, type TestStack } from './support/stack';
import { SETUP_TIMEOUT_MS } from './support/timeouts';

/**
 * Issue 14, goal 3: the gateway plans what its policy decides from a document alone once per
 * (audience, document, operation name) (gateway/src/access/document-plans.ts). These send the
 * very same text as different principals, audiences and variables, in both orders, and check that
 * each request is still decided for itself: a plan made for one never answers for another.
 */
describe('the policy’s document plans decide nothing that depends on the principal or the variables', () => {
  let stack: TestStack;
  let child: string;
  beforeAll(async () => {
    stack = await startTestStack({ children: 12 });
    const r = await stack.query<{ children: { nodes: { id: string }[] } }>('{ children(first: 1) { nodes { id } } }');
    child = r.data!.children.nodes[0]!.id;
  }, SETUP_TIMEOUT_MS);
  afterAll(() => stack?.stop());

  it('one text, with and without the audit:read scope: refused at its path to the member who lacks it, in either order', async () => {
    const manager = seededAs('department');
    expect(manager.scopes).toContain('audit:read');
    for (const order of [[manager, DEPARTMENT, manager], [DEPARTMENT, manager, DEPARTMENT]]) {
      // A new text per order, so that the first request of each makes the plan.
      const query = `query Log${order[0] === manager ? 'A' : 'B'}($id: ID!) { child(id: $id) { id accessLog(first: 1) { nodes { at } } } }`;
      for (const as of order) {
        const r = await stack.query<{ child: { id: string; accessLog: unknown } }>(query, { id: child }, as);
        expect(r.data?.child.id).toBe(child);
        if (as === manager) {
          expect(r.errors).toBeUndefined();
          expect(r.data?.child.accessLog).not.toBeNull();
        } else {
          expect(r.data?.child.accessLog).toBeNull();
          expect(r.errors?.map((e) => [e.extensions?.code, e.path?.join('.')])).toEqual([['FORBIDDEN', 'child.accessLog']]);
        }
      }
    }
  });

  it('one text valid in the département’s contract and not in a school’s: each audience gets its own answer, in either order', async () => {
    const school = seeded('school', 'SCHOOL');
    for (const [first, second] of [[DEPARTMENT, school], [school, DEPARTMENT]] as const) {
      const query = `{ children(first: 1) { nodes { id placements(first: 1) { nodes { id } } } } } # ${first.audience} first`;
      for (const as of [first, second, first]) {
        const r = await stack.query(query, undefined, as);
        if (as === DEPARTMENT) expect(r.errors).toBeUndefined();
        else expect(r.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
      }
    }
  });

  it('introspection answers from the asking audience’s contract, whoever asked the same text before', async () => {
    const school = seeded('school', 'SCHOOL');
    const query = '{ __type(name: "Placement") { name } }';
    for (const as of [DEPARTMENT, school, DEPARTMENT, school]) {
      const r = await stack.query<{ __type: { name: string } | null }>(query, undefined, as);
      expect(r.errors).toBeUndefined();
      expect(r.data?.__type).toEqual(as === DEPARTMENT ? { name: 'Placement' } : null);
    }
  });

  it('variables are checked at every request: a good value, then bad ones, then a good one again', async () => {
    const query = 'query ($id: ID!, $n: Int!) { child(id: $id) { id enrollments(first: $n) { nodes { id } } } }';
    const codes = [];
    for (const variables of [
      { id: child, n: 2 },
      { id: `${child}\u0000`, n: 2 },
      { id: child, n: 'two' },
      { id: child, n: 2 },
    ]) {
      const r = await stack.query(query, variables);
      codes.push(r.errors?.[0]?.extensions?.code ?? 'ok');
    }
    expect(codes).toEqual(['ok', 'BAD_USER_INPUT', 'BAD_USER_INPUT', 'ok']);
  });

  it('a page size from a variable is measured at every request (demand control)', async () => {
    const query = 'query ($n: Int!) { children(first: $n) { nodes { id enrollments(first: $n) { nodes { id classLevel schoolYear status startDate endDate school { id name } } } } } }';
    const codes = [];
    for (const n of [2, 100, 2]) {
      const r = await stack.query(query, { n });
      codes.push(r.errors?.[0]?.extensions?.code ?? 'ok');
    }
    // 100 × 100 enrolments × 9 fields is over the 100 000 values an answer may hold.
    expect(codes).toEqual(['ok', 'BAD_USER_INPUT', 'ok']);
  });
});
