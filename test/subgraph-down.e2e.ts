import { startTestStack, type TestStack } from './support/stack';
import { SETUP_TIMEOUT_MS } from './support/timeouts';

/**
 * Issue 12, item 3: a subgraph that is down must not read as "no data". With placements down,
 * the child's own fields arrive, and each field placements owed is null with an error carrying
 * its path and the code SUBGRAPH_UNAVAILABLE.
 */
const CHILDREN = /* GraphQL */ `
  query Down {
    children(first: 3) {
      nodes {
        id
        firstNames
        placements(first: 2) { nodes { startDate } }
        current: currentPlacement { startDate }
        visitRights(first: 2) { nodes { id } }
        enrollments(first: 2) { nodes { classLevel } }
      }
    }
  }
`;

interface Answer {
  children: { nodes: { id: string; firstNames: string; placements: unknown; current: unknown; visitRights: unknown; enrollments: unknown }[] };
}

describe('a subgraph that is down', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack({ children: 30 });
  }, SETUP_TIMEOUT_MS);
  afterAll(() => stack?.stop());

  it('nulls only its fields, each with an error carrying the path and SUBGRAPH_UNAVAILABLE', async () => {
    const up = await stack.query<Answer>(CHILDREN);
    expect(up.errors).toBeUndefined();
    await stack.subgraphs.placements!.stop();

    const down = await stack.query<Answer>(CHILDREN);
    const nodes = down.data!.children.nodes;
    expect(nodes.map((n) => n.id)).toEqual(up.data!.children.nodes.map((n) => n.id));
    expect(nodes.map((n) => n.firstNames)).toEqual(up.data!.children.nodes.map((n) => n.firstNames));
    expect(nodes.map((n) => n.enrollments)).toEqual(up.data!.children.nodes.map((n) => n.enrollments));
    const expected: string[] = [];
    nodes.forEach((node, i) => {
      expect(node.placements).toBeNull();
      expect(node.current).toBeNull();
      expect(node.visitRights).toBeNull();
      expected.push(`children.nodes.${i}.placements`, `children.nodes.${i}.current`, `children.nodes.${i}.visitRights`);
    });
    const errors = down.errors ?? [];
    expect(errors.map((e) => (e.path ?? []).join('.')).sort()).toEqual(expected.sort());
    for (const error of errors) {
      expect(error.extensions?.code).toBe('SUBGRAPH_UNAVAILABLE');
      expect(error.message).not.toMatch(/127\.0\.0\.1|ECONNREFUSED|http:/);
    }
  });
});
