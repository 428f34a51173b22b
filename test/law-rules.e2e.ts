import { addMonths, partnerId } from '@passerelle/common';
import { addDays, data, run, todayInFrance } from './cases-support';
import { bornYearsAgo, createChild, measureInput, openMeasure, placeableChild, refusedWithoutWrite } from './law-support';
import { seeded, startTestStack, type TestStack } from './support/stack';
import { SETUP_TIMEOUT_MS } from './support/timeouts';

/**
 * The legal rules per measure kind (issue 13, subgraphs/common/src/law/measures.ts), through the
 * gateway, as the users measured them: each refusal is BAD_USER_INPUT naming the rule and the
 * argument, and writes nothing.
 */
const PROPOSE = `mutation ($input: ProposeMeasureInput!) { proposeMeasure(input: $input) { id version plannedEndDate } }`;
const RENEW = `mutation ($input: RenewMeasureInput!) { renewMeasure(input: $input) { version plannedEndDate } }`;
const PLACE = `mutation ($input: PlaceChildInput!) { placeChild(input: $input) { id ageBand } }`;
const MEASURES_OF = `query ($id: ID!) { child(id: $id) { measures(first: 10) { nodes { id } } placements(first: 10) { nodes { id } } } }`;
const JUDGE = seeded('judge', 'COURT', 0);

describe('legal rules per measure kind, through the gateway', () => {
  let stack: TestStack;
  const today = todayInFrance();
  let infantFacility: string;

  beforeAll(async () => {
    stack = await startTestStack({ children: 6 });
    infantFacility = (await run(stack, `{ facilitiesWithVacancy(childAge: 1, communeCode: "44109", first: 1) { nodes { id } } }`)).facilitiesWithVacancy.nodes[0].id;
  }, SETUP_TIMEOUT_MS);
  afterAll(() => stack?.stop());

  it('a contrat jeune majeur for a 9-year-old is refused (MEASURE_AGE), and nothing is written', async () => {
    const childId = await createChild(stack, bornYearsAgo(9));
    const e = await refusedWithoutWrite(stack, () => stack.query(PROPOSE, { input: measureInput(childId, 'YOUNG_ADULT') }));
    expect(e.extensions).toMatchObject({ code: 'BAD_USER_INPUT', rule: 'MEASURE_AGE', argument: 'input.kind' });
    expect(e.message).toContain('is 9');
    expect((await run(stack, MEASURES_OF, { id: childId })).child.measures.nodes).toEqual([]);
    // At 19 it is lawful.
    const adult = await createChild(stack, bornYearsAgo(19));
    expect(data(await stack.query<any>(PROPOSE, { input: measureInput(adult, 'YOUNG_ADULT') })).proposeMeasure.id).toBeTruthy();
  });

  it('an AEMO for 5 years is refused by the table (MEASURE_MAX_DURATION), ordered by the judge; 2 years is lawful', async () => {
    const childId = await createChild(stack, bornYearsAgo(6));
    const five = addDays(addMonths(today, 60), -1);
    const e = await refusedWithoutWrite(stack, () => stack.query(PROPOSE, { input: measureInput(childId, 'AEMO', { plannedEndDate: five }) }, JUDGE));
    expect(e.extensions).toMatchObject({ code: 'BAD_USER_INPUT', rule: 'MEASURE_MAX_DURATION', argument: 'input.plannedEndDate' });
    expect((await run(stack, MEASURES_OF, { id: childId })).child.measures.nodes).toEqual([]);
    const two = addDays(addMonths(today, 24), -1);
    expect(data(await stack.query<any>(PROPOSE, { input: measureInput(childId, 'AEMO', { plannedEndDate: two }) }, JUDGE)).proposeMeasure.plannedEndDate).toBe(two);
  });

  it('an OPP lasts 6 months; renewed to 18 months is refused (MEASURE_MAX_DURATION); extended once, never twice (MEASURE_RENEWAL_LIMIT)', async () => {
    const childId = await createChild(stack, bornYearsAgo(4));
    const opp = await openMeasure(stack, childId, 'EMERGENCY_ORDER', {}, JUDGE);
    expect(opp.plannedEndDate).toBe(addDays(addMonths(today, 6), -1));
    const eighteen = addDays(addMonths(today, 18), -1);
    const refused = await refusedWithoutWrite(stack, () => stack.query(RENEW, { input: { id: opp.id, version: opp.version, decisionDate: today, newEndDate: eighteen, reason: 'Instruction en cours.' } }, JUDGE));
    expect(refused.extensions).toMatchObject({ code: 'BAD_USER_INPUT', rule: 'MEASURE_MAX_DURATION', argument: 'input.newEndDate' });
    const renewals = `query ($id: ID!) { measure(id: $id) { version status renewals { id } } }`;
    expect((await run(stack, renewals, { id: opp.id })).measure).toEqual({ version: opp.version, status: 'ACTIVE', renewals: [] });
    const twelve = addDays(addMonths(today, 12), -1);
    const extended = data(await stack.query<any>(RENEW, { input: { id: opp.id, version: opp.version, decisionDate: today, newEndDate: twelve, reason: 'Instruction en cours.' } }, JUDGE)).renewMeasure;
    expect(extended.plannedEndDate).toBe(twelve);
    const again = await refusedWithoutWrite(stack, () => stack.query(RENEW, { input: { id: opp.id, version: extended.version, decisionDate: today, newEndDate: addDays(twelve, 30), reason: 'Encore.' } }, JUDGE));
    expect(again.extensions).toMatchObject({ code: 'BAD_USER_INPUT', rule: 'MEASURE_RENEWAL_LIMIT', argument: 'input.id' });
  });

  it('who decides: an OPP of the parquet obliges it to seize the judge within 8 days; the parquet orders no AEMO (MEASURE_DECIDER)', async () => {
    const childId = await createChild(stack, bornYearsAgo(5));
    const opp = await openMeasure(stack, childId, 'EMERGENCY_ORDER', { decidedBy: 'PROSECUTOR' });
    const read = (await run(stack, `query ($id: ID!) { measure(id: $id) { decidedBy judgeSeizureDueOn } }`, { id: opp.id })).measure;
    expect(read).toEqual({ decidedBy: 'PROSECUTOR', judgeSeizureDueOn: addDays(today, 8) });
    const byJudge = await openMeasure(stack, childId, 'AEMO');
    expect((await run(stack, `query ($id: ID!) { measure(id: $id) { decidedBy judgeSeizureDueOn } }`, { id: byJudge.id })).measure).toEqual({ decidedBy: 'JUDGE', judgeSeizureDueOn: null });
    const e = await refusedWithoutWrite(stack, () => stack.query(PROPOSE, { input: measureInput(childId, 'AEMO', { decidedBy: 'PROSECUTOR' }) }));
    expect(e.extensions).toMatchObject({ code: 'BAD_USER_INPUT', rule: 'MEASURE_DECIDER', argument: 'input.decidedBy' });
  });

  it('a placement under an AED is refused (PLACEMENT_NOT_ALLOWED), and nothing is written', async () => {
    const childId = await createChild(stack, bornYearsAgo(1));
    const aed = await openMeasure(stack, childId, 'AED');
    const e = await refusedWithoutWrite(stack, () => stack.query(PLACE, { input: { childId, measureId: aed.id, facilityId: infantFacility, startDate: today } }));
    expect(e.extensions).toMatchObject({ code: 'BAD_USER_INPUT', rule: 'PLACEMENT_NOT_ALLOWED', argument: 'input.measureId' });
    expect((await run(stack, MEASURES_OF, { id: childId })).child.placements.nodes).toEqual([]);
    // Nor under another child's measure.
    const other = await createChild(stack, bornYearsAgo(1));
    const court = await openMeasure(stack, other, 'COURT_PLACEMENT');
    const wrong = await refusedWithoutWrite(stack, () => stack.query(PLACE, { input: { childId, measureId: court.id, facilityId: infantFacility, startDate: today } }));
    expect(wrong.extensions).toMatchObject({ code: 'BAD_USER_INPUT', rule: 'PLACEMENT_MEASURE', argument: 'input.measureId' });
  });

  it('the age band of a placement comes from the birth date, never from the client', async () => {
    const childId = await createChild(stack, bornYearsAgo(1));
    const measure = await openMeasure(stack, childId, 'COURT_PLACEMENT');
    // childAge is deprecated and ignored: 15 would be a TEEN band.
    const placed = data(await stack.query<any>(PLACE, { input: { childId, measureId: measure.id, facilityId: infantFacility, childAge: 15, startDate: today } })).placeChild;
    expect(placed.ageBand).toBe('INFANT');
  });

  it('a visit 4 days in the future cannot be marked held (FACT_IN_FUTURE); a decision cannot be dated tomorrow', async () => {
    const childId = await createChild(stack, bornYearsAgo(7));
    const right = data(await stack.query<any>(`mutation ($input: SetVisitRightInput!) { setVisitRight(input: $input) { id } }`, {
      input: { childId, relativeName: 'Mme Grand-mère', kind: 'MEDIATED', frequency: 'Deux fois par mois', place: 'Espace rencontre', decision: 'Jugement du juge des enfants', decidedOn: today, startsOn: today },
    })).setVisitRight;
    const [visit] = data(await stack.query<any>(`mutation ($input: PlanVisitsInput!) { planVisits(input: $input) { id version } }`, { input: { visitRightId: right.id, days: [addDays(today, 4)] } })).planVisits;
    const e = await refusedWithoutWrite(stack, () => stack.query(`mutation ($input: RecordVisitHeldInput!) { recordVisitHeld(input: $input) { status } }`, { input: { id: visit.id, version: visit.version, report: 'Bien passée.' } }));
    expect(e.extensions).toMatchObject({ code: 'BAD_USER_INPUT', rule: 'FACT_IN_FUTURE', argument: 'input.id' });
    const status = await run(stack, `query ($id: ID!) { visitRight(id: $id) { visits(first: 5) { nodes { status } } } }`, { id: right.id });
    expect(status.visitRight.visits.nodes).toEqual([{ status: 'PLANNED' }]);

    const tomorrow = addDays(today, 1);
    const decision = await refusedWithoutWrite(stack, () => stack.query(PROPOSE, { input: measureInput(childId, 'AEMO', { decisionDate: tomorrow }) }));
    expect(decision.extensions).toMatchObject({ code: 'BAD_USER_INPUT', rule: 'FACT_IN_FUTURE', argument: 'input.decisionDate' });
  });

  it('a change of return-home phase, a milestone reached, the end or lifting of a measure cannot be dated tomorrow (FACT_IN_FUTURE); today they can', async () => {
    const tomorrow = addDays(today, 1);
    const since = addDays(today, -60);
    const { childId, measureId } = await placeableChild(stack, 9, since);
    const facility = (await run(stack, `{ facilitiesWithVacancy(childAge: 9, communeCode: "44109", first: 1) { nodes { id } } }`)).facilitiesWithVacancy.nodes[0].id;
    data(await stack.query<any>(PLACE, { input: { childId, measureId, facilityId: facility, startDate: since } }));
    const start = addDays(today, -30);
    let plan = data(await stack.query<any>(`mutation ($input: StartReturnHomePlanInput!) { startReturnHomePlan(input: $input) { id version } }`, {
      input: { childId, referentWorkers: ['Karim Benali'], startDate: start, plannedEndDate: addMonths(start, 4) },
    })).startReturnHomePlan;

    const MOVE = `mutation ($input: MoveReturnHomePlanInput!) { moveReturnHomePlan(input: $input) { id version phase } }`;
    const move = (on: string) => stack.query<any>(MOVE, { input: { id: plan.id, version: plan.version, to: 'WEEKENDS', on, assessment: 'Journées réussies.' } });
    const early = await refusedWithoutWrite(stack, () => move(tomorrow));
    expect(early.extensions).toMatchObject({ code: 'BAD_USER_INPUT', rule: 'FACT_IN_FUTURE', argument: 'input.on' });
    plan = data(await move(today)).moveReturnHomePlan;
    expect(plan.phase).toBe('WEEKENDS');

    // A milestone's due date is ahead; the day it was reached is not.
    const milestone = data(await stack.query<any>(`mutation ($input: AddReturnHomeMilestoneInput!) { addReturnHomeMilestone(input: $input) { id version } }`, {
      input: { planId: plan.id, title: 'Retour à l’école du quartier', dueOn: addDays(today, 20) },
    })).addReturnHomeMilestone;
    const REACH = `mutation ($input: ReachReturnHomeMilestoneInput!) { reachReturnHomeMilestone(input: $input) { reachedOn } }`;
    const reach = (reachedOn: string) => stack.query<any>(REACH, { input: { id: milestone.id, version: milestone.version, reachedOn } });
    const unreached = await refusedWithoutWrite(stack, () => reach(tomorrow));
    expect(unreached.extensions).toMatchObject({ code: 'BAD_USER_INPUT', rule: 'FACT_IN_FUTURE', argument: 'input.reachedOn' });
    expect(data(await reach(today)).reachReturnHomeMilestone.reachedOn).toBe(today);

    const aed = await openMeasure(stack, await createChild(stack, bornYearsAgo(8)), 'AED', { startDate: addDays(today, -10) });
    const END = `mutation ($input: CloseMeasureInput!) { endMeasure(input: $input) { status } }`;
    const ending = await refusedWithoutWrite(stack, () => stack.query(END, { input: { id: aed.id, version: aed.version, on: tomorrow, reason: 'Objectifs atteints.' } }));
    expect(ending.extensions).toMatchObject({ code: 'BAD_USER_INPUT', rule: 'FACT_IN_FUTURE', argument: 'input.on' });
    const LIFT = `mutation ($input: CloseMeasureInput!) { liftMeasure(input: $input) { status } }`;
    const court = await openMeasure(stack, await createChild(stack, bornYearsAgo(8)), 'AEMO', { startDate: addDays(today, -10) }, JUDGE);
    const lifting = await refusedWithoutWrite(stack, () => stack.query(LIFT, { input: { id: court.id, version: court.version, on: tomorrow, reason: 'Danger écarté.' } }, JUDGE));
    expect(lifting.extensions).toMatchObject({ code: 'BAD_USER_INPUT', rule: 'FACT_IN_FUTURE', argument: 'input.on' });
    expect(data(await stack.query<any>(END, { input: { id: aed.id, version: aed.version, on: today, reason: 'Objectifs atteints.' } })).endMeasure.status).toBe('ENDED');
  });

  it('the first situation report falls due before the measure ends; the PPE 3 months after its start', async () => {
    const childId = await createChild(stack, bornYearsAgo(10));
    const opp = await openMeasure(stack, childId, 'EMERGENCY_ORDER');
    const read = (await run(stack, `query ($id: ID!) { measure(id: $id) { plannedEndDate nextReportDueOn childPlanDueOn } }`, { id: opp.id })).measure;
    expect(read.nextReportDueOn < read.plannedEndDate).toBe(true);
    expect(read.nextReportDueOn).toBe(addDays(read.plannedEndDate, -30));
    expect(read.childPlanDueOn).toBe(addMonths(today, 3));
  });

  it('derived dates: the autonomy interview at 17 for a child in care, the family council of a ward, no PPE for a young adult', async () => {
    const birth = bornYearsAgo(16);
    const teen = await createChild(stack, birth);
    const placement = await openMeasure(stack, teen, 'COURT_PLACEMENT');
    const dues = `query ($id: ID!) { measure(id: $id) { autonomyInterviewDueOn familyCouncilReviewDueOn childPlanDueOn } }`;
    expect((await run(stack, dues, { id: placement.id })).measure).toEqual({ autonomyInterviewDueOn: addMonths(birth, 12 * 17), familyCouncilReviewDueOn: null, childPlanDueOn: addMonths(today, 3) });
    const ward = await openMeasure(stack, await createChild(stack, bornYearsAgo(3)), 'WARD_OF_THE_STATE');
    expect((await run(stack, dues, { id: ward.id })).measure.familyCouncilReviewDueOn).toBe(addMonths(today, 2));
    const young = await openMeasure(stack, await createChild(stack, bornYearsAgo(19)), 'YOUNG_ADULT');
    expect((await run(stack, dues, { id: young.id })).measure).toEqual({ autonomyInterviewDueOn: null, familyCouncilReviewDueOn: null, childPlanDueOn: null });
  });

  it('a minor’s measure ends at majority by default, and may not be planned past it (MEASURE_AGE_LIMIT)', async () => {
    const childId = await createChild(stack, bornYearsAgo(17, 100));
    const proposed = data(await stack.query<any>(PROPOSE, { input: measureInput(childId, 'COURT_PLACEMENT', { courtId: partnerId('COURT', 0) }) })).proposeMeasure;
    const birth = bornYearsAgo(17, 100);
    expect(proposed.plannedEndDate).toBe(addDays(addMonths(birth, 12 * 18), -1));
    const e = await refusedWithoutWrite(stack, () => stack.query(PROPOSE, { input: measureInput(childId, 'COURT_PLACEMENT', { plannedEndDate: addMonths(birth, 12 * 18) }) }));
    expect(e.extensions).toMatchObject({ code: 'BAD_USER_INPUT', rule: 'MEASURE_AGE_LIMIT', argument: 'input.plannedEndDate' });
  });
});
