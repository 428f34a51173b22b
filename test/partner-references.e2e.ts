import { startTestStack, type TestStack } from './support/stack';
import { SETUP_TIMEOUT_MS } from './support/timeouts';

/**
 * Cases and placements reference institutions (a concern's source, a measure's court and
 * operator, a facility's operator) by id; the partners subgraph resolves every reference of a
 * query in one batched statement, however many rows carry one.
 */
describe('Partner references from the other subgraphs, through the gateway', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack({ children: 400 });
  }, SETUP_TIMEOUT_MS);
  afterAll(() => stack?.stop());

  const measure = async (query: string, first: number) => {
    stack.resetStatements();
    const result = await stack.query<any>(query, { first });
    expect(result.errors).toBeUndefined();
    return { result, statements: stack.statements() };
  };

  it('a page of concerns with their source institutions: one partners statement for 5 or 100', async () => {
    const query = `query ($first: Int!) { concerns(first: $first) { nodes { sourceKind sourcePartner { name kind } } } }`;
    const few = await measure(query, 5);
    const many = await measure(query, 100);
    const named = many.result.data.concerns.nodes.filter((c: any) => c.sourcePartner);
    expect(named.length).toBeGreaterThan(20);
    expect(named.every((c: any) => typeof c.sourcePartner.name === 'string')).toBe(true);
    expect(many.statements.partners).toBe(1);
    expect(many.statements).toEqual(few.statements);
  });

  it('measures with their court and operator, facilities with their operator: one partners statement per reference path', async () => {
    // The gateway fetches `court` and `operator` as two paths: two batches, whatever the rows.
    const measures = `query ($first: Int!) { concerns(first: $first) { nodes { measures { court { name } operator { name } } } } }`;
    const m5 = await measure(measures, 40);
    const m100 = await measure(measures, 100);
    expect(m100.result.data.concerns.nodes.flatMap((c: any) => c.measures).length).toBeGreaterThan(10);
    expect(m100.statements.partners).toBe(2);
    expect(m100.statements).toEqual(m5.statements);
    expect(m5.result.data.concerns.nodes.flatMap((c: any) => c.measures).length).toBeLessThan(m100.result.data.concerns.nodes.flatMap((c: any) => c.measures).length);
    const facilities = `query ($first: Int!) { facilities(first: $first) { nodes { name operator { name kind } } } }`;
    const few = await measure(facilities, 5);
    const many = await measure(facilities, 40);
    expect(many.result.data.facilities.nodes.every((f: any) => f.operator.kind === 'ASSOCIATION')).toBe(true);
    expect(many.statements.partners).toBe(1);
    expect(many.statements).toEqual(few.statements);
  });
});
