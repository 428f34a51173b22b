import { randomUUID } from 'node:crypto';
import { placeableChild } from './law-support';
import { startTestStack, type TestStack } from './support/stack';
import { SETUP_TIMEOUT_MS } from './support/timeouts';

/**
 * Return-home plans beyond the happy path: custom phases, long plans, abandon, completion, closed
 * plans. The plans are in the past: a move is a fact, never dated after today (FACT_IN_FUTURE).
 */

const START = /* GraphQL */ `
  mutation ($input: StartReturnHomePlanInput!) {
    startReturnHomePlan(input: $input) { id version phase durationJustification placement { id } phases { phase plannedStart plannedEnd } }
  }
`;
const MOVE = /* GraphQL */ `
  mutation ($input: MoveReturnHomePlanInput!) { moveReturnHomePlan(input: $input) { version phase closedOn outcome mainleveeRequestedOn } }
`;
const PHASES = [
  { phase: 'DAY_VISITS', plannedStart: '2025-12-01', plannedEnd: '2025-12-31' },
  { phase: 'WEEKENDS', plannedStart: '2026-01-01', plannedEnd: '2026-02-15' },
  { phase: 'HOLIDAYS', plannedStart: '2026-02-16', plannedEnd: '2026-05-15' },
  { phase: 'MAINLEVEE_REQUESTED', plannedStart: '2026-05-16', plannedEnd: '2026-07-31' },
];

describe('return-home plans: justification, phases, abandon and completion', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack({ children: 10 });
  }, SETUP_TIMEOUT_MS);
  afterAll(() => stack?.stop());

  /** A child placed now under a court placement in force (the law), with the plan's usual fields. */
  async function placedChild() {
    const { childId, measureId } = await placeableChild(stack, 9, '2025-06-01');
    const search = await stack.query<any>(`{ facilitiesWithVacancy(childAge: 9, communeCode: "44109", first: 1) { nodes { id } } }`);
    const placed = await stack.query<any>(`mutation ($input: PlaceChildInput!) { placeChild(input: $input) { id } }`, {
      input: { childId, measureId, facilityId: search.data.facilitiesWithVacancy.nodes[0].id, startDate: '2025-06-01' },
    });
    expect(placed.errors).toBeUndefined();
    return { input: { childId, referentWorkers: ['Karim Benali'], startDate: '2025-12-01', plannedEndDate: '2026-07-31' }, placementId: placed.data.placeChild.id };
  }

  it('needs the child to be placed now', async () => {
    const notPlaced = await stack.query<any>(START, {
      input: { childId: randomUUID(), referentWorkers: ['Karim Benali'], startDate: '2025-12-01', plannedEndDate: '2026-03-01' },
    });
    expect(notPlaced.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'input.childId' });
    const { input } = await placedChild();
    const other = await placedChild();
    const wrong = await stack.query<any>(START, { input: { ...input, plannedEndDate: '2026-03-01', placementId: other.placementId } });
    expect(wrong.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'input.placementId' });
  });

  it('takes a plan longer than 6 months with a justification and custom phases; refuses overlapping ones', async () => {
    const { input: base, placementId } = await placedChild();
    const overlapping = await stack.query<any>(START, {
      input: { ...base, durationJustification: 'Scolarité à stabiliser', phases: [PHASES[0], { ...PHASES[1], plannedStart: '2025-12-20' }, PHASES[2], PHASES[3]] },
    });
    expect(overlapping.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'input.phases.1.plannedStart' });
    const unordered = await stack.query<any>(START, {
      input: { ...base, durationJustification: 'Scolarité à stabiliser', phases: [PHASES[1], PHASES[0], PHASES[2], PHASES[3]] },
    });
    expect(unordered.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'input.phases' });
    const long = await stack.query<any>(START, { input: { ...base, durationJustification: 'Scolarité à stabiliser', phases: PHASES } });
    expect(long.errors).toBeUndefined();
    expect(long.data.startReturnHomePlan).toMatchObject({ phase: 'DAY_VISITS', durationJustification: 'Scolarité à stabiliser', placement: { id: placementId } });
    expect(long.data.startReturnHomePlan.phases).toEqual(PHASES);
  });

  it('abandons with a reason; a closed plan moves no more and takes no milestones; a new plan can then start', async () => {
    const input = { ...(await placedChild()).input, plannedEndDate: '2026-04-01' };
    const started = await stack.query<any>(START, { input });
    const plan = started.data.startReturnHomePlan;
    const noReason = await stack.query<any>(MOVE, { input: { id: plan.id, version: plan.version, to: 'ABANDONED', on: '2026-01-10' } });
    expect(noReason.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'input.reason' });
    const abandoned = await stack.query<any>(MOVE, {
      input: { id: plan.id, version: plan.version, to: 'ABANDONED', on: '2026-01-10', reason: 'Reprise des violences au domicile', assessment: 'Journées tendues.' },
    });
    expect(abandoned.data.moveReturnHomePlan).toMatchObject({ phase: 'ABANDONED', closedOn: '2026-01-10', outcome: 'Reprise des violences au domicile' });
    const after = await stack.query<any>(MOVE, {
      input: { id: plan.id, version: abandoned.data.moveReturnHomePlan.version, to: 'DAY_VISITS', on: '2026-02-01', reason: 'On réessaie' },
    });
    expect(after.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    const milestone = await stack.query<any>(
      `mutation ($input: AddReturnHomeMilestoneInput!) { addReturnHomeMilestone(input: $input) { id } }`,
      { input: { planId: plan.id, title: 'Bilan', dueOn: '2026-02-01' } },
    );
    expect(milestone.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    const next = await stack.query<any>(START, { input: { ...input, startDate: '2026-03-01', plannedEndDate: '2026-07-01' } });
    expect(next.errors).toBeUndefined();
    const plans = await stack.query<any>(`query ($id: ID!) { returnHomePlan(id: $id) { phase moves(first: 5) { nodes { toPhase reason assessment } } } }`, { id: plan.id });
    expect(plans.data.returnHomePlan.moves.nodes).toEqual([{ toPhase: 'ABANDONED', reason: 'Reprise des violences au domicile', assessment: 'Journées tendues.' }]);
  });

  it('completes after the request for lifting, which a move back withdraws', async () => {
    const started = await stack.query<any>(START, { input: { ...(await placedChild()).input, plannedEndDate: '2026-04-01' } });
    let { id, version } = started.data.startReturnHomePlan;
    const move = async (input: Record<string, unknown>) => {
      const result = await stack.query<any>(MOVE, { input: { id, version, ...input } });
      expect(result.errors).toBeUndefined();
      version = result.data.moveReturnHomePlan.version;
      return result.data.moveReturnHomePlan;
    };
    await move({ to: 'WEEKENDS', on: '2026-01-01' });
    await move({ to: 'HOLIDAYS', on: '2026-02-01' });
    const noRequest = await stack.query<any>(MOVE, { input: { id, version, to: 'MAINLEVEE_REQUESTED', on: '2026-03-01' } });
    expect(noRequest.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'input.mainleveeRequest' });
    expect((await move({ to: 'MAINLEVEE_REQUESTED', on: '2026-03-01', mainleveeRequest: 'Requête du 1er mars' })).mainleveeRequestedOn).toBe('2026-03-01');
    expect((await move({ to: 'HOLIDAYS', on: '2026-03-05', reason: 'Audience reportée, vacances prolongées' })).mainleveeRequestedOn).toBeNull();
    await move({ to: 'MAINLEVEE_REQUESTED', on: '2026-03-20', mainleveeRequest: 'Nouvelle requête du 20 mars' });
    expect(await move({ to: 'COMPLETED', on: '2026-04-01', reason: 'Mainlevée prononcée le 1er avril' })).toMatchObject({
      phase: 'COMPLETED', closedOn: '2026-04-01', outcome: 'Mainlevée prononcée le 1er avril', mainleveeRequestedOn: '2026-03-20',
    });
  });
});
