import { childPlacements, placementMeasure, worldSize, type SeedPlan } from '@passerelle/common';
import { randomUUID } from 'node:crypto';
import { startTestStack, type TestStack } from './support/stack';
import { SETUP_TIMEOUT_MS } from './support/timeouts';

/**
 * "Ending a measure flags its open placements", through the gateway: placements asks cases
 * for `Measure.closedOn` (`@requires`) and answers `placementsNeedReview`.
 */
const PLAN: SeedPlan = { children: 200, today: '2026-11-01' };

describe('a closed measure flags the placements still open under it', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack({ children: PLAN.children, today: PLAN.today });
  }, SETUP_TIMEOUT_MS);
  afterAll(() => stack?.stop());

  /** The first seeded measure whose placement ended (closed) and one still running (open). */
  function seededMeasures() {
    const size = worldSize(PLAN);
    let closed: { id: string; endDate: string } | null = null;
    let open: string | null = null;
    for (let i = 0; i < PLAN.children && (!closed || !open); i++) {
      childPlacements(PLAN, size, i).forEach((p, k) => {
        const measure = placementMeasure(PLAN, size, i, k);
        if (measure.endDate && !closed) closed = { id: measure.id, endDate: measure.endDate };
        if (!p.endDate && !open) open = measure.id;
      });
    }
    return { closed: closed!, open: open! };
  }

  const REVIEW = `query ($id: ID!) { placement(id: $id) { active measure { id closedOn openPlacementCount placementsNeedReview } } }`;

  it('flags an open placement whose measure cases has closed, and not one whose measure runs', async () => {
    const { closed, open } = seededMeasures();
    const vacancy = await stack.query<any>(`{ facilitiesWithVacancy(childAge: 8, communeCode: "44109", first: 1) { nodes { id } } }`);
    const placed = await stack.query<any>(
      `mutation ($input: PlaceChildInput!) { placeChild(input: $input) { id } }`,
      { input: { childId: randomUUID(), measureId: closed.id, facilityId: vacancy.data.facilitiesWithVacancy.nodes[0].id, childAge: 8, startDate: '2026-11-02' } },
    );
    expect(placed.errors).toBeUndefined();
    const flagged = await stack.query<any>(REVIEW, { id: placed.data.placeChild.id });
    expect(flagged.errors).toBeUndefined();
    expect(flagged.data.placement.measure).toEqual({ id: closed.id, closedOn: closed.endDate, openPlacementCount: 1, placementsNeedReview: true });

    const openMeasure = await stack.query<any>(
      `query ($first: Int!) { children(first: $first) { nodes { currentPlacement { measure { id closedOn placementsNeedReview } } } } }`,
      { first: 100 },
    );
    const measures = openMeasure.data.children.nodes.map((c: any) => c.currentPlacement?.measure).filter(Boolean);
    expect(measures.length).toBeGreaterThan(0);
    for (const m of measures) expect(m).toMatchObject({ closedOn: null, placementsNeedReview: false });
    expect(open).toEqual(expect.any(String));
  });
});
