import { childId, childSchool, partnerId, worldSize, type SeedPlan } from '@passerelle/common';
import { seeded, startTestStack, type TestStack } from './support/stack';
import { SETUP_TIMEOUT_MS } from './support/timeouts';

const PLAN: SeedPlan = { children: 120, today: '2026-11-01' };
const SIZE = worldSize(PLAN);

/** Children the seed world enrols at school `s` (aged 3 to 17). */
const pupilsOf = (s: number) =>
  Array.from({ length: PLAN.children }, (_, i) => i).filter((i) => childSchool(PLAN, SIZE, i) === s).map(childId);

describe('row scope in the partners subgraph', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack({ children: PLAN.children, today: PLAN.today });
  }, SETUP_TIMEOUT_MS);
  afterAll(() => stack?.stop());

  const pupils = `query ($id: ID!) { partner(id: $id) { enrollments(first: 100) { nodes { child { id } } } } }`;
  const ids = (r: any) => r.data.partner.enrollments.nodes.map((n: any) => n.child.id).sort();

  it('a school sees its own pupils’ enrolments, and none of another school’s', async () => {
    const school0 = seeded('school', 'SCHOOL', 0);
    const own = await stack.query<any>(pupils, { id: partnerId('SCHOOL', 0) }, school0);
    expect(own.errors).toBeUndefined();
    expect(ids(own)).toEqual(pupilsOf(0).sort());
    expect(ids(own).length).toBeGreaterThan(0);
    const other = await stack.query<any>(pupils, { id: partnerId('SCHOOL', 1) }, school0);
    expect(other.errors).toBeUndefined();
    expect(ids(other)).toEqual([]);
  });

  it('the département sees every school’s pupils', async () => {
    const other = await stack.query<any>(pupils, { id: partnerId('SCHOOL', 1) });
    expect(ids(other)).toEqual(pupilsOf(1).sort());
  });

  it('answers which children a school’s facts put in its slice, to Passerelle’s own services only', async () => {
    const query = `query ($a: String!, $p: ID!) { _partnersChildrenInScope(audience: $a, partnerId: $p) }`;
    const asSystem = await stack.querySubgraph<any>('partners', query, { a: 'school', p: partnerId('SCHOOL', 0) });
    expect(asSystem.data._partnersChildrenInScope.sort()).toEqual(pupilsOf(0).sort());
    const asSchool = await stack.querySubgraph<any>('partners', query, { a: 'school', p: partnerId('SCHOOL', 0) }, {
      ...seeded('school', 'SCHOOL', 0),
      scopes: [],
    });
    expect(asSchool.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('the internal scope query is in no audience’s schema', async () => {
    const result = await stack.query(`{ _partnersChildrenInScope(audience: "school", partnerId: "${partnerId('SCHOOL', 0)}") }`);
    expect(result.status).toBe(400);
    expect(result.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });
});
