import { startTestStack, type TestStack } from './support/stack';
import { SETUP_TIMEOUT_MS } from './support/timeouts';

const CHILDREN_WITH_EVERYTHING = /* GraphQL */ `
  query ChildrenWithEverything($first: Int!) {
    children(first: $first) {
      nodes {
        id
        firstNames
        lastName
        placements(first: 5) { nodes { startDate endDate facility { name kind } } }
        enrollments(first: 5) { nodes { classLevel school { name code } } }
      }
      pageInfo { hasNextPage endCursor }
    }
  }
`;

describe('one query through the gateway crosses the three subgraphs', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack({ children: 240 });
  }, SETUP_TIMEOUT_MS);
  afterAll(() => stack?.stop());

  it('returns children from cases with placements and enrolments from the other subgraphs', async () => {
    const result = await stack.query<{ children: { nodes: any[] } }>(CHILDREN_WITH_EVERYTHING, { first: 100 });
    expect(result.errors).toBeUndefined();
    const nodes = result.data!.children.nodes;
    expect(nodes).toHaveLength(100);
    const placed = nodes.filter((c) => c.placements.nodes.length > 0);
    const enrolled = nodes.filter((c) => c.enrollments.nodes.length > 0);
    expect(placed.length).toBeGreaterThan(10);
    expect(enrolled.length).toBeGreaterThan(10);
    expect(placed[0].placements.nodes[0].facility.name).toEqual(expect.any(String));
    expect(enrolled[0].enrollments.nodes[0].school.code).toMatch(/^044\d{4}[A-Z]$/);
  });

  it('costs the same SQL statements per subgraph for 10 children as for 100', async () => {
    stack.resetStatements();
    const small = await stack.query(CHILDREN_WITH_EVERYTHING, { first: 10 });
    const forTen = stack.statements();
    stack.resetStatements();
    const large = await stack.query(CHILDREN_WITH_EVERYTHING, { first: 100 });
    const forHundred = stack.statements();
    expect(small.errors).toBeUndefined();
    expect(large.errors).toBeUndefined();
    expect(forHundred).toEqual(forTen);
    // cases: the page; placements: placements, then facilities; partners: enrolments, then schools.
    expect(forHundred).toEqual({ cases: 1, placements: 2, partners: 2 });
  });

  it('resolves every Child reference coming back from placements in one statement', async () => {
    stack.resetStatements();
    const viaEntities = await stack.query<{ children: { nodes: any[] } }>(
      /* GraphQL */ `
        query {
          children(first: 50) {
            nodes { placements(first: 3) { nodes { child { id firstNames lastName } } } }
          }
        }
      `,
    );
    expect(viaEntities.errors).toBeUndefined();
    const backFromCases = viaEntities.data!.children.nodes.flatMap((c) => c.placements.nodes.map((p: any) => p.child));
    expect(backFromCases.length).toBeGreaterThan(5);
    expect(backFromCases.every((c: any) => typeof c.lastName === 'string')).toBe(true);
    // cases: the page + one batched entity fetch for every Child reference; placements: one statement.
    expect(stack.statements()).toEqual({ cases: 2, placements: 1, partners: 0 });
  });

  it('pages through a list with cursors, without gaps or repeats', async () => {
    const seen = new Set<string>();
    let after: string | null = null;
    for (let page = 0; page < 3; page++) {
      const result: any = await stack.query(
        `query ($after: String) { children(first: 80, after: $after) { nodes { id } pageInfo { hasNextPage endCursor } } }`,
        { after },
      );
      expect(result.errors).toBeUndefined();
      for (const node of result.data.children.nodes) seen.add(node.id);
      after = result.data.children.pageInfo.endCursor;
      expect(result.data.children.pageInfo.hasNextPage).toBe(page < 2);
    }
    expect(seen.size).toBe(240);
  });
});

describe('bad input gets a clear error with a code and the offending argument', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack({ children: 5 });
  }, SETUP_TIMEOUT_MS);
  afterAll(() => stack?.stop());

  it('an unknown child id is NOT_FOUND at its path', async () => {
    const result = await stack.query(`{ child(id: "00000000-0000-4000-8000-000000000000") { id } }`);
    expect(result.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(result.errors?.[0]?.path).toEqual(['child']);
  });

  it('a malformed id is BAD_USER_INPUT naming the argument', async () => {
    const result = await stack.query(`{ child(id: "not-a-uuid") { id } }`);
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'id' });
    expect(result.errors?.[0]?.message).toContain('id');
  });

  it('a page size over the limit is BAD_USER_INPUT', async () => {
    const result = await stack.query(`{ children(first: 1000) { nodes { id } } }`);
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(JSON.stringify(result.errors?.[0])).toContain('first');
  });

  it('a cursor that is not one is BAD_USER_INPUT naming `after`', async () => {
    const result = await stack.query(`{ children(first: 2, after: "garbage") { nodes { id } } }`);
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'after' });
  });

  it('a field that does not exist fails validation', async () => {
    const result = await stack.query(`{ children(first: 2) { nodes { shoeSize } } }`);
    expect(result.status).toBe(400);
    expect(result.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('every service answers /health and /ready', async () => {
    const urls = [stack.gateway.url, ...Object.values(stack.subgraphs).map((s) => s.url)];
    for (const url of urls) {
      expect((await fetch(new URL('/health', url))).status).toBe(200);
      const ready = await fetch(new URL('/ready', url));
      expect(ready.status).toBe(200);
      expect(await ready.json()).toMatchObject({ ready: true });
    }
  });
});
