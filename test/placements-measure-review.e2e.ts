import { childPlacements, placementMeasure, worldSize, type SeedPlan } from '@passerelle/common';
import { todayInFrance } from './cases-support';
import { placeableChild } from './law-support';
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

  /** The first seeded measure whose placement is still running. */
  function seededMeasures() {
    const size = worldSize(PLAN);
    let open: string | null = null;
    for (let i = 0; i < PLAN.children && !open; i++) {
      childPlacements(PLAN, size, i).forEach((p, k) => {
        if (!p.endDate && !open) open = placementMeasure(PLAN, size, i, k).id;
      });
    }
    return { open: open! };
  }

  const REVIEW = `query ($id: ID!) { placement(id: $id) { active measure { id closedOn openPlacementCount placementsNeedReview } } }`;

  it('flags an open placement whose measure cases has closed, and not one whose measure runs', async () => {
    const { open } = seededMeasures();
    const vacancy = await stack.query<any>(`{ facilitiesWithVacancy(childAge: 8, communeCode: "44109", first: 1) { nodes { id } } }`);
    // A placement carries out a measure in force (the law); the measure then ends.
    const today = todayInFrance();
    const { childId, measureId } = await placeableChild(stack, 8, today);
    const placed = await stack.query<any>(
      `mutation ($input: PlaceChildInput!) { placeChild(input: $input) { id } }`,
      { input: { childId, measureId, facilityId: vacancy.data.facilitiesWithVacancy.nodes[0].id, startDate: today } },
    );
    expect(placed.errors).toBeUndefined();
    const running = await stack.query<any>(REVIEW, { id: placed.data.placeChild.id });
    expect(running.data.placement.measure).toEqual({ id: measureId, closedOn: null, openPlacementCount: 1, placementsNeedReview: false });
    const version = (await stack.query<any>(`query ($id: ID!) { measure(id: $id) { version } }`, { id: measureId })).data.measure.version;
    const ended = await stack.query<any>(`mutation ($input: CloseMeasureInput!) { endMeasure(input: $input) { closedOn } }`, { input: { id: measureId, version, on: today } });
    expect(ended.errors).toBeUndefined();
    const flagged = await stack.query<any>(REVIEW, { id: placed.data.placeChild.id });
    expect(flagged.errors).toBeUndefined();
    expect(flagged.data.placement.measure).toEqual({ id: measureId, closedOn: today, openPlacementCount: 1, placementsNeedReview: true });

    const openMeasure = await stack.query<any>(
      `query ($first: Int!) { children(first: $first) { nodes { currentPlacement { measure { id closedOn placementsNeedReview } } } } }`,
      { first: 100 },
    );
    const measures = openMeasure.data.children.nodes.map((c: any) => c.currentPlacement?.measure).filter(Boolean);
    expect(measures.length).toBeGreaterThan(0);
    // Seeded placements run under their measure, or have outlived it (a minor's measure ends at
    // majority, CC 375): flagged exactly when the measure is closed.
    for (const m of measures) expect(m.placementsNeedReview).toBe(m.closedOn !== null);
    expect(measures.some((m: any) => m.closedOn === null)).toBe(true);
    expect(open).toEqual(expect.any(String));
  });
});
