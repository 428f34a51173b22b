import { childId, guardianId } from '@passerelle/common';
import { randomUUID } from 'node:crypto';
import { openMeasure } from './law-support';
import { startTestStack, type TestStack } from './support/stack';
import { SETUP_TIMEOUT_MS } from './support/timeouts';

/**
 * The caseworker's path through the gateway, on a seeded world (today 2026-11-01): find a
 * vacancy, place a child under a measure, set visit rights, record visits, run a return-home
 * plan to the request for lifting; then the judge's clerk reads it all for the child in one query.
 */

const CHILDREN = 120;
const NANTES = '44109';
const NANTES_ARRONDISSEMENT = ['44109', '44143', '44162', '44114', '44215', '44026', '44020', '44047', '44043', '44172', '44087'];

const VACANCIES = /* GraphQL */ `
  query Vacancies($age: Int!, $commune: String!, $nearby: Boolean!) {
    facilitiesWithVacancy(childAge: $age, communeCode: $commune, nearby: $nearby, first: 50) {
      nodes {
        id name kind communeCode version
        occupancy { capacity activePlacements vacancies byAgeBand { ageBand places activePlacements vacancies overCapacity } }
      }
    }
  }
`;

const PLACE = /* GraphQL */ `
  mutation Place($input: PlaceChildInput!) {
    placeChild(input: $input) { id version ageBand startDate active capacityOverrideReason facility { id } measure { id } child { id } }
  }
`;

const CLERK = /* GraphQL */ `
  query Clerk($id: ID!) {
    child(id: $id) {
      id firstNames lastName birthDate
      currentPlacement {
        startDate plannedEndDate ageBand
        measure { id }
        facility { name kind address commune confidentialAddress finess operator { id } }
      }
      placements(first: 10) { nodes { startDate endDate endReason facility { name } measure { id } } }
      visitRights(first: 10) {
        nodes {
          kind frequency place decision decidedOn relativeName relationship guardian { id }
          visitCounts { planned held cancelled }
          visits(first: 20) { nodes { plannedOn status report cancellationReason cancelledBy } }
        }
      }
      returnHomePlan {
        phase referentWorkers startDate plannedEndDate mainleveeRequestedOn mainleveeRequest
        phases { phase plannedStart plannedEnd actualStart actualEnd assessment }
        moves(first: 20) { nodes { seq fromPhase toPhase movedOn backward reason assessment } }
        milestones(first: 10) { nodes { title dueOn reachedOn note } }
      }
    }
  }
`;

function ageOn(birthDate: string, day: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

describe('a caseworker places a child and runs the return home; the clerk reads it all', () => {
  let stack: TestStack;
  let child: { id: string; index: number; birthDate: string; age: number };
  let placementId: string;
  let placementVersion: number;
  /** The court placement the placement carries out (a placement needs a measure in force that allows one). */
  let measureId: string;

  beforeAll(async () => {
    stack = await startTestStack({ children: CHILDREN });
    const result = await stack.query<{ children: { nodes: { id: string; birthDate: string; currentPlacement: unknown }[] } }>(
      `{ children(first: 100) { nodes { id birthDate currentPlacement { id } } } }`,
    );
    expect(result.errors).toBeUndefined();
    const free = result.data!.children.nodes.find((c) => c.currentPlacement === null && ageOn(c.birthDate, '2026-11-01') >= 4 && ageOn(c.birthDate, '2026-11-01') <= 9)!;
    expect(free).toBeDefined();
    const index = Array.from({ length: CHILDREN }, (_, i) => i).find((i) => childId(i) === free.id)!;
    child = { id: free.id, index, birthDate: free.birthDate, age: ageOn(free.birthDate, '2026-11-01') };
    measureId = (await openMeasure(stack, child.id, 'COURT_PLACEMENT', { startDate: '2026-11-02', decisionDate: '2026-11-02' })).id;
  }, SETUP_TIMEOUT_MS);
  afterAll(() => stack?.stop());

  it('finds facilities with a vacancy for the child’s age in Nantes or its arrondissement', async () => {
    const nearby = await stack.query<any>(VACANCIES, { age: child.age, commune: NANTES, nearby: true });
    expect(nearby.errors).toBeUndefined();
    const found = nearby.data.facilitiesWithVacancy.nodes;
    expect(found.length).toBeGreaterThan(0);
    for (const f of found) {
      expect(NANTES_ARRONDISSEMENT).toContain(f.communeCode);
      const band = f.occupancy.byAgeBand.find((b: any) => b.ageBand === 'CHILD');
      expect(band.vacancies).toBeGreaterThan(0);
      expect(band.vacancies).toBe(band.places - band.activePlacements);
    }
    const here = await stack.query<any>(VACANCIES, { age: child.age, commune: NANTES, nearby: false });
    expect(here.data.facilitiesWithVacancy.nodes.every((f: any) => f.communeCode === NANTES)).toBe(true);
    expect(here.data.facilitiesWithVacancy.nodes.length).toBeLessThanOrEqual(found.length);
  });

  it('places the child under a measure; occupancy counts the place at once', async () => {
    const search = await stack.query<any>(VACANCIES, { age: child.age, commune: NANTES, nearby: true });
    const facility = search.data.facilitiesWithVacancy.nodes[0];
    const before = facility.occupancy.byAgeBand.find((b: any) => b.ageBand === 'CHILD').activePlacements;
    const placed = await stack.query<any>(PLACE, {
      input: { childId: child.id, measureId, facilityId: facility.id, childAge: child.age, startDate: '2026-11-02', plannedEndDate: '2027-11-01' },
    });
    expect(placed.errors).toBeUndefined();
    expect(placed.data.placeChild).toMatchObject({
      ageBand: 'CHILD', active: true, capacityOverrideReason: null, facility: { id: facility.id }, measure: { id: measureId }, child: { id: child.id },
    });
    placementId = placed.data.placeChild.id;
    placementVersion = placed.data.placeChild.version;
    const after = await stack.query<any>(`query ($id: ID!) { facility(id: $id) { occupancy { byAgeBand { ageBand activePlacements } } } }`, { id: facility.id });
    expect(after.data.facility.occupancy.byAgeBand.find((b: any) => b.ageBand === 'CHILD').activePlacements).toBe(before + 1);
  });

  it('refuses a second open placement for the same child with CONFLICT, writing nothing', async () => {
    const search = await stack.query<any>(VACANCIES, { age: child.age, commune: NANTES, nearby: true });
    const other = search.data.facilitiesWithVacancy.nodes.at(-1);
    const again = await stack.query<any>(PLACE, {
      input: { childId: child.id, measureId, facilityId: other.id, childAge: child.age, startDate: '2026-11-03' },
    });
    expect(again.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    const placements = await stack.query<any>(`query ($id: ID!) { child(id: $id) { placements(first: 50) { nodes { endDate } } } }`, { id: child.id });
    expect(placements.data.child.placements.nodes.filter((p: any) => p.endDate === null)).toHaveLength(1);
  });

  it('validates placement input: a bad (deprecated) age is BAD_USER_INPUT, an unknown facility NOT_FOUND', async () => {
    const badAge = await stack.query<any>(PLACE, {
      input: { childId: randomUUID(), measureId, facilityId: randomUUID(), childAge: 25, startDate: '2026-11-03' },
    });
    expect(badAge.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'input.childAge' });
    expect(badAge.errors?.[0]?.message).toContain('childAge must not be greater than 20');
    expect(JSON.stringify(badAge.errors)).not.toContain('target');
    const unknown = await stack.query<any>(PLACE, {
      input: { childId: child.id, measureId, facilityId: randomUUID(), startDate: '2026-11-03' },
    });
    expect(unknown.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const backwards = await stack.query<any>(PLACE, {
      input: { childId: randomUUID(), measureId, facilityId: randomUUID(), childAge: 5, startDate: '2026-11-03', plannedEndDate: '2026-01-01' },
    });
    expect(backwards.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'input.plannedEndDate' });
  });

  it('sets visit rights for a guardian and for a grand-mother, and refuses one naming both', async () => {
    const SET = `mutation ($input: SetVisitRightInput!) { setVisitRight(input: $input) { id version kind guardian { id } relativeName } }`;
    const common = { childId: child.id, frequency: 'Un samedi sur deux, 14h–17h', place: 'Espace de rencontre, Nantes', decision: 'Jugement JE Nantes n° 12345/2026', decidedOn: '2026-11-02', startsOn: '2026-11-02' };
    const both = await stack.query<any>(SET, { input: { ...common, kind: 'MEDIATED', guardianId: guardianId(child.index, 0), relativeName: 'Mme Martin' } });
    expect(both.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'input.guardianId' });
    const parent = await stack.query<any>(SET, { input: { ...common, kind: 'MEDIATED', guardianId: guardianId(child.index, 0) } });
    expect(parent.errors).toBeUndefined();
    expect(parent.data.setVisitRight.guardian).toEqual({ id: guardianId(child.index, 0) });
    const granny = await stack.query<any>(SET, { input: { ...common, kind: 'FREE', relativeName: 'Mme Jégou', relationship: 'grand-mère' } });
    expect(granny.errors).toBeUndefined();
    expect(granny.data.setVisitRight).toMatchObject({ guardian: null, relativeName: 'Mme Jégou' });

    const planned = await stack.query<any>(
      `mutation ($input: PlanVisitsInput!) { planVisits(input: $input) { id version plannedOn status } }`,
      { input: { visitRightId: parent.data.setVisitRight.id, days: ['2026-11-07', '2026-11-21', '2026-12-05'] } },
    );
    expect(planned.errors).toBeUndefined();
    const [first, second, third] = planned.data.planVisits;
    expect(planned.data.planVisits.map((v: any) => v.status)).toEqual(['PLANNED', 'PLANNED', 'PLANNED']);

    const outside = await stack.query<any>(
      `mutation ($input: PlanVisitsInput!) { planVisits(input: $input) { id } }`,
      { input: { visitRightId: parent.data.setVisitRight.id, days: ['2026-12-19', '2026-10-01'] } },
    );
    expect(outside.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'input.days.1' });

    const HELD = `mutation ($input: RecordVisitHeldInput!) { recordVisitHeld(input: $input) { status report version } }`;
    const CANCEL = `mutation ($input: CancelVisitInput!) { cancelVisit(input: $input) { status cancellationReason cancelledBy } }`;
    const held = await stack.query<any>(HELD, { input: { id: first.id, version: first.version, report: 'Visite apaisée, jeux partagés.' } });
    expect(held.data.recordVisitHeld).toMatchObject({ status: 'HELD', report: 'Visite apaisée, jeux partagés.' });
    const stale = await stack.query<any>(CANCEL, { input: { id: first.id, version: first.version, reason: 'x'.repeat(5), cancelledBy: 'PARENT' } });
    expect(stale.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    const heldAgain = await stack.query<any>(CANCEL, { input: { id: first.id, version: held.data.recordVisitHeld.version, reason: 'trop tard', cancelledBy: 'PARENT' } });
    expect(heldAgain.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    const cancelled = await stack.query<any>(CANCEL, { input: { id: second.id, version: second.version, reason: 'Parent absent sans prévenir', cancelledBy: 'PARENT' } });
    expect(cancelled.data.cancelVisit).toEqual({ status: 'CANCELLED', cancellationReason: 'Parent absent sans prévenir', cancelledBy: 'PARENT' });
    expect(third.status).toBe('PLANNED');

    // A new decision ends the grand-mother's right: no visit can be planned after its end.
    const END = `mutation ($input: EndVisitRightInput!) { endVisitRight(input: $input) { endsOn version } }`;
    const right = granny.data.setVisitRight;
    const before = await stack.query<any>(END, { input: { id: right.id, version: right.version, endsOn: '2026-11-01' } });
    expect(before.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'input.endsOn' });
    const ended = await stack.query<any>(END, { input: { id: right.id, version: right.version, endsOn: '2026-12-31' } });
    expect(ended.data.endVisitRight).toEqual({ endsOn: '2026-12-31', version: right.version + 1 });
    const staleEnd = await stack.query<any>(END, { input: { id: right.id, version: right.version, endsOn: '2026-12-15' } });
    expect(staleEnd.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    const late = await stack.query<any>(
      `mutation ($input: PlanVisitsInput!) { planVisits(input: $input) { id } }`,
      { input: { visitRightId: right.id, days: ['2027-01-09'] } },
    );
    expect(late.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'input.days.0' });
  });

  // Each move and a milestone reached are facts, dated no later than today (FACT_IN_FUTURE): the plan ran in November 2026.
  it('runs the return-home plan through its phases to the request for lifting', async () => {
    const START = `mutation ($input: StartReturnHomePlanInput!) { startReturnHomePlan(input: $input) { id version phase durationJustification placement { id } phases { phase plannedStart plannedEnd actualStart } } }`;
    const base = { childId: child.id, referentWorkers: ['Claire Jégou', 'Yann Le Goff'], startDate: '2026-11-10' };
    const tooShort = await stack.query<any>(START, { input: { ...base, plannedEndDate: '2027-01-10' } });
    expect(tooShort.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'input.durationJustification' });
    const tooLong = await stack.query<any>(START, { input: { ...base, plannedEndDate: '2027-07-10' } });
    expect(tooLong.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const started = await stack.query<any>(START, { input: { ...base, plannedEndDate: '2027-03-10' } });
    expect(started.errors).toBeUndefined();
    const plan = started.data.startReturnHomePlan;
    expect(plan).toMatchObject({ phase: 'DAY_VISITS', durationJustification: null, placement: { id: placementId } });
    expect(plan.phases.map((p: any) => p.phase)).toEqual(['DAY_VISITS', 'WEEKENDS', 'HOLIDAYS', 'MAINLEVEE_REQUESTED']);
    expect(plan.phases[0].actualStart).toBe('2026-11-10');
    const second = await stack.query<any>(START, { input: { ...base, plannedEndDate: '2027-03-10' } });
    expect(second.errors?.[0]?.extensions?.code).toBe('CONFLICT');

    const MOVE = `mutation ($input: MoveReturnHomePlanInput!) { moveReturnHomePlan(input: $input) { version phase mainleveeRequestedOn } }`;
    let version = plan.version;
    const move = async (input: Record<string, unknown>) => stack.query<any>(MOVE, { input: { id: plan.id, version, ...input } });
    const skip = await move({ to: 'HOLIDAYS', on: '2026-11-12' });
    expect(skip.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'input.to' });
    const weekends = await move({ to: 'WEEKENDS', on: '2026-11-14', assessment: 'Journées réussies, l’enfant demande à rester dormir.' });
    expect(weekends.data.moveReturnHomePlan.phase).toBe('WEEKENDS');
    const stale = await move({ to: 'HOLIDAYS', on: '2026-11-16' });
    expect(stale.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    version = weekends.data.moveReturnHomePlan.version;
    const backNoReason = await move({ to: 'DAY_VISITS', on: '2026-11-18' });
    expect(backNoReason.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'input.reason' });
    const back = await move({ to: 'DAY_VISITS', on: '2026-11-18', reason: 'Week-end difficile: retour aux journées', assessment: 'Premier week-end tendu.' });
    expect(back.data.moveReturnHomePlan.phase).toBe('DAY_VISITS');
    version = back.data.moveReturnHomePlan.version;
    for (const [to, on, extra] of [
      ['WEEKENDS', '2026-11-20', {}],
      ['HOLIDAYS', '2026-11-24', { assessment: 'Week-ends réguliers et sereins.' }],
      ['MAINLEVEE_REQUESTED', '2026-11-28', { assessment: 'Vacances de février réussies.', mainleveeRequest: 'Requête en mainlevée du 28 novembre 2026' }],
    ] as const) {
      const moved = await move({ to, on, ...extra });
      expect(moved.errors).toBeUndefined();
      expect(moved.data.moveReturnHomePlan.phase).toBe(to);
      version = moved.data.moveReturnHomePlan.version;
    }
    const milestone = await stack.query<any>(
      `mutation ($input: AddReturnHomeMilestoneInput!) { addReturnHomeMilestone(input: $input) { id version } }`,
      { input: { planId: plan.id, title: 'Inscription à l’école du quartier', dueOn: '2027-02-15' } },
    );
    const reached = await stack.query<any>(
      `mutation ($input: ReachReturnHomeMilestoneInput!) { reachReturnHomeMilestone(input: $input) { reachedOn } }`,
      { input: { id: milestone.data.addReturnHomeMilestone.id, version: milestone.data.addReturnHomeMilestone.version, reachedOn: '2026-11-27' } },
    );
    expect(reached.data.reachReturnHomeMilestone.reachedOn).toBe('2026-11-27');
  });

  it('lets the judge’s clerk read placement, visits and return home for the child in one query', async () => {
    const result = await stack.query<any>(CLERK, { id: child.id });
    expect(result.errors).toBeUndefined();
    const c = result.data.child;
    expect(c.firstNames).toEqual(expect.any(String));
    expect(c.currentPlacement).toMatchObject({ startDate: '2026-11-02', plannedEndDate: '2027-11-01', ageBand: 'CHILD', measure: { id: measureId } });
    expect(c.currentPlacement.facility.operator.id).toEqual(expect.any(String));
    expect(c.placements.nodes[0]).toMatchObject({ startDate: '2026-11-02', endDate: null });
    const parentRight = c.visitRights.nodes.find((r: any) => r.guardian);
    expect(parentRight.visitCounts).toEqual({ planned: 1, held: 1, cancelled: 1 });
    expect(parentRight.visits.nodes.map((v: any) => v.status)).toEqual(['PLANNED', 'CANCELLED', 'HELD']);
    expect(c.visitRights.nodes.find((r: any) => !r.guardian)).toMatchObject({ relativeName: 'Mme Jégou', relationship: 'grand-mère' });
    const plan = c.returnHomePlan;
    expect(plan).toMatchObject({ phase: 'MAINLEVEE_REQUESTED', mainleveeRequestedOn: '2026-11-28', mainleveeRequest: 'Requête en mainlevée du 28 novembre 2026' });
    expect(plan.moves.nodes.map((m: any) => [m.fromPhase, m.toPhase, m.backward])).toEqual([
      ['DAY_VISITS', 'WEEKENDS', false],
      ['WEEKENDS', 'DAY_VISITS', true],
      ['DAY_VISITS', 'WEEKENDS', false],
      ['WEEKENDS', 'HOLIDAYS', false],
      ['HOLIDAYS', 'MAINLEVEE_REQUESTED', false],
    ]);
    expect(plan.moves.nodes[1].reason).toBe('Week-end difficile: retour aux journées');
    const byPhase = Object.fromEntries(plan.phases.map((p: any) => [p.phase, p]));
    expect(byPhase.DAY_VISITS).toMatchObject({ actualStart: '2026-11-18', actualEnd: '2026-11-20' });
    // Each phase keeps its latest assessment; every assessment stays in the moves.
    expect(plan.moves.nodes.map((m: any) => m.assessment)).toEqual([
      'Journées réussies, l’enfant demande à rester dormir.',
      'Premier week-end tendu.',
      null,
      'Week-ends réguliers et sereins.',
      'Vacances de février réussies.',
    ]);
    expect(byPhase.WEEKENDS).toMatchObject({ actualStart: '2026-11-20', actualEnd: '2026-11-24', assessment: 'Week-ends réguliers et sereins.' });
    expect(byPhase.HOLIDAYS).toMatchObject({ actualEnd: '2026-11-28', assessment: 'Vacances de février réussies.' });
    expect(byPhase.MAINLEVEE_REQUESTED).toMatchObject({ actualStart: '2026-11-28', actualEnd: null });
    expect(plan.milestones.nodes).toEqual([expect.objectContaining({ title: 'Inscription à l’école du quartier', reachedOn: '2026-11-27' })]);
  });

  it('ends the placement with optimistic locking; the child then has no current placement', async () => {
    const END = `mutation ($input: EndPlacementInput!) { endPlacement(input: $input) { endDate endReason active version } }`;
    const stale = await stack.query<any>(END, { input: { id: placementId, version: placementVersion - 1, endDate: '2027-04-01', endReason: 'MEASURE_LIFTED' } });
    expect(stale.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    const early = await stack.query<any>(END, { input: { id: placementId, version: placementVersion, endDate: '2026-01-01', endReason: 'MEASURE_LIFTED' } });
    expect(early.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'input.endDate' });
    const ended = await stack.query<any>(END, { input: { id: placementId, version: placementVersion, endDate: '2027-04-01', endReason: 'MEASURE_LIFTED' } });
    expect(ended.data.endPlacement).toMatchObject({ endDate: '2027-04-01', endReason: 'MEASURE_LIFTED', active: false, version: placementVersion + 1 });
    const again = await stack.query<any>(END, { input: { id: placementId, version: placementVersion + 1, endDate: '2027-04-02', endReason: 'OTHER' } });
    expect(again.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    const now = await stack.query<any>(`query ($id: ID!) { child(id: $id) { currentPlacement { id } } }`, { id: child.id });
    expect(now.data.child.currentPlacement).toBeNull();
  });
});
