import {
  childId,
  childPlacements,
  placementMeasure,
  seedId,
  worldSize,
  type Principal,
  type SeedPlan,
} from '@passerelle/common';
import { seeded, startTestStack, type TestStack } from './support/stack';
import { SETUP_TIMEOUT_MS } from './support/timeouts';

/**
 * A judge's rows in the placements subgraph. A judge's slice rests on the cases subgraph's
 * facts only (a measure, hearing or referral before its court: ROW_SCOPES), so these tests need
 * cases' real `_casesChildrenInScope`: with a stand-in that answers no children they fail at the
 * first assertion on the slice, by design.
 */

const PLAN: SeedPlan = { children: 1200, today: '2026-11-01' };
const SIZE = worldSize(PLAN);
const JUDGE = seeded('judge', 'COURT', 0);
const JUDGE_PRINCIPAL: Principal = { sub: JUDGE.sub, partnerId: JUDGE.partnerId, audience: 'judge', scopes: [] };

/** Children placed now under a judicial measure of court 0: before that court whatever else cases knows. */
const PLACED = Array.from({ length: PLAN.children }, (_, i) => i).flatMap((i) => {
  const history = childPlacements(PLAN, SIZE, i);
  const k = history.length - 1;
  if (k < 0 || history[k]!.endDate) return [];
  const measure = placementMeasure(PLAN, SIZE, i, k);
  return [{ i, child: childId(i), placement: seedId(`placement:${i}`, k), beforeCourt0: measure.judicial && measure.court === 0 }];
});

describe('a judge’s rows in the placements subgraph (its slice rests on cases’ facts)', () => {
  let stack: TestStack;
  let slice: Set<string>;
  beforeAll(async () => {
    stack = await startTestStack({ children: PLAN.children, today: PLAN.today });
    const answer = await stack.querySubgraph<any>('cases', `query ($p: ID!) { _casesChildrenInScope(audience: "judge", partnerId: $p) }`, {
      p: JUDGE.partnerId,
    });
    slice = new Set(answer.data?._casesChildrenInScope ?? []);
  }, SETUP_TIMEOUT_MS);
  afterAll(() => stack?.stop());

  const inSlice = () => PLACED.filter((p) => slice.has(p.child));
  const outside = () => PLACED.filter((p) => !slice.has(p.child));

  it('the judge’s slice holds the children placed under a measure of its court', () => {
    const expected = PLACED.filter((p) => p.beforeCourt0).map((p) => p.child);
    expect(expected.length).toBeGreaterThan(10);
    expect(expected.filter((id) => !slice.has(id))).toEqual([]);
    expect(outside().length).toBeGreaterThan(10);
  });

  it('a judge sees the visit rights, placements and return-home plans of the children in its slice only', async () => {
    const CHILD = `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Child { id
      placements(first: 10) { nodes { id } } currentPlacement { id }
      visitRights(first: 20) { nodes { id visits(first: 5) { nodes { id } } } }
      returnHomePlans(first: 5) { nodes { id } } } } }`;
    const r = PLACED.map((p) => ({ __typename: 'Child', id: p.child }));
    const asJudge = await stack.querySubgraph<any>('placements', CHILD, { r }, JUDGE_PRINCIPAL);
    const asDepartment = await stack.querySubgraph<any>('placements', CHILD, { r });
    expect(asJudge.errors).toBeUndefined();
    const judge = new Map(asJudge.data._entities.map((c: any) => [c.id, c]));
    const department = new Map(asDepartment.data._entities.map((c: any) => [c.id, c]));
    for (const p of inSlice()) expect(judge.get(p.child)).toEqual(department.get(p.child));
    for (const p of outside()) {
      expect(judge.get(p.child)).toEqual({ id: p.child, placements: { nodes: [] }, currentPlacement: null, visitRights: { nodes: [] }, returnHomePlans: { nodes: [] } });
    }
    const rights = (ids: string[]) => ids.flatMap((id) => (department.get(id) as any).visitRights.nodes);
    expect(rights(inSlice().map((p) => p.child)).length).toBeGreaterThan(5);
    expect(rights(outside().map((p) => p.child)).length).toBeGreaterThan(5);

    // By id through the gateway: a right in its slice is read, one outside is FORBIDDEN.
    const VISIT_RIGHT = `query ($id: ID!) { visitRight(id: $id) { id child { id } } }`;
    const mine = rights(inSlice().map((p) => p.child))[0];
    const theirs = rights(outside().map((p) => p.child))[0];
    expect((await stack.query<any>(VISIT_RIGHT, { id: mine.id }, JUDGE)).data.visitRight.id).toBe(mine.id);
    const refused = await stack.query<any>(VISIT_RIGHT, { id: theirs.id }, JUDGE);
    expect(refused.data).toBeNull();
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const PLACEMENT = `query ($id: ID!) { placement(id: $id) { id facility { name address } } }`;
    const own = await stack.query<any>(PLACEMENT, { id: inSlice()[0]!.placement }, JUDGE);
    expect(own.errors).toBeUndefined();
    expect(own.data.placement.facility.address).toEqual(expect.any(String));
    expect((await stack.query<any>(PLACEMENT, { id: outside()[0]!.placement }, JUDGE)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('a judge records and ends a visit right for a child in its slice', async () => {
    const child = inSlice()[0]!.child;
    const set = await stack.query<any>(
      `mutation ($input: SetVisitRightInput!) { setVisitRight(input: $input) { id version child { id } } }`,
      {
        input: {
          childId: child, relativeName: 'M. Guérin', relationship: 'grand-père', kind: 'ACCOMPANIED',
          frequency: 'Un mercredi sur deux', place: 'Lieu d’accueil', decision: 'Jugement JE Nantes n° 11111/2026',
          decidedOn: '2026-11-02', startsOn: '2026-11-02',
        },
      },
      JUDGE,
    );
    expect(set.errors).toBeUndefined();
    const ended = await stack.query<any>(
      `mutation ($input: EndVisitRightInput!) { endVisitRight(input: $input) { endsOn } }`,
      { input: { id: set.data.setVisitRight.id, version: set.data.setVisitRight.version, endsOn: '2026-12-31' } },
      JUDGE,
    );
    expect(ended.errors).toBeUndefined();
    expect(ended.data.endVisitRight.endsOn).toBe('2026-12-31');
  });

  it('the judge’s view of children with placements, visits and return home costs the same statements for 10 children as for 100', async () => {
    const JUDGE_VIEW = `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Child { id
      currentPlacement { startDate facility { name confidentialAddress address } measure { id openPlacementCount } }
      placements(first: 5) { nodes { startDate endDate } }
      visitRights(first: 5) { nodes { kind visitCounts { held } visits(first: 5) { nodes { status visitRight { id } } } } }
      returnHomePlan { phase placement { id } phases { phase } moves(first: 5) { nodes { toPhase } } milestones(first: 5) { nodes { title } } }
    } } }`;
    const count = async (children: string[]) => {
      const r = children.map((id) => ({ __typename: 'Child', id }));
      // The slice is cached briefly: warm it, then count.
      await stack.querySubgraph('placements', JUDGE_VIEW, { r }, JUDGE_PRINCIPAL);
      stack.resetStatements();
      const result = await stack.querySubgraph<any>('placements', JUDGE_VIEW, { r }, JUDGE_PRINCIPAL);
      expect(result.errors).toBeUndefined();
      return { children: result.data._entities, statements: stack.statements() };
    };
    const hundred = await count(PLACED.slice(0, 100).map((p) => p.child));
    expect(hundred.children.filter((c: any) => c.visitRights.nodes.length > 0).length).toBeGreaterThan(10);
    // Ten of them that exercise every loader too (or the comparison would prove nothing).
    const full = hundred.children.find((c: any) => c.returnHomePlan?.placement && c.returnHomePlan.moves.nodes.length > 0 && c.returnHomePlan.milestones.nodes.length > 0);
    const visited = hundred.children.find((c: any) => c.visitRights.nodes.some((v: any) => v.visits.nodes.length > 0));
    const foster = hundred.children.find((c: any) => c.currentPlacement?.facility.confidentialAddress);
    expect(full && visited && foster).toBeTruthy();
    const others = hundred.children.filter((c: any) => c !== full && c !== visited && c !== foster).slice(0, 7);
    const ten = await count([full, visited, foster, ...others].map((c: any) => c.id));
    expect(hundred.statements).toEqual(ten.statements);
    // current placements, facilities, open counts by measure, placement pages, visit-right pages,
    // visit counts, visit pages, visit rights by id, latest plans, plans' placements, phases,
    // moves, milestones; and which foster families house a child of the slice (their
    // confidential addresses).
    expect(hundred.statements).toEqual({ cases: 0, placements: 14, partners: 0 });
  });
});
