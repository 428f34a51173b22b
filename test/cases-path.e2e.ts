import { addMonths, partnerId } from '@passerelle/common';
import { addDays, BINOME, data, error, run, todayInFrance } from './cases-support';
import { recordAgreement } from './law-support';
import { startTestStack, type TestStack } from './support/stack';
import { SETUP_TIMEOUT_MS } from './support/timeouts';

const SCHOOL = partnerId('SCHOOL', 0);
const PARQUET = partnerId('PROSECUTOR', 0);
const COURT = partnerId('COURT', 0);
const ASSOCIATION = partnerId('ASSOCIATION', 1);

const CONCERN = /* GraphQL */ `
  fragment ConcernFields on Concern {
    id version status urgency receivedAt senderOutcome senderFeedback parentsInformed parentsNotInformedReason
    sourcePartner { id name kind }
    children { id firstNames lastName }
    evaluations { id status dueOn outcome }
    referrals { id decision }
  }
`;

const SUBMIT = /* GraphQL */ `
  mutation Submit($input: SubmitConcernInput!) { submitConcern(input: $input) { ...ConcernFields } }
  ${CONCERN}
`;

function schoolConcern(overrides: Record<string, unknown> = {}) {
  return {
    idempotencyKey: 'ecole-jules-verne-2026-0042',
    channel: 'FORM',
    sourceKind: 'SCHOOL',
    sourcePartnerId: SCHOOL,
    sourcePersonName: 'Mme Rivière, directrice',
    urgency: 'NORMAL',
    content: 'Léa arrive sans avoir mangé, s’endort en classe et a parlé de cris à la maison.',
    newChildren: [{ firstNames: 'Léa', lastName: 'Hervé', birthDate: '2017-03-02', sex: 'F' }],
    parentsInformed: true,
    ...overrides,
  };
}

describe('the caseworker path through the gateway: school concern → CRIP → measure → plan → report', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack({ children: 3 });
  }, SETUP_TIMEOUT_MS);
  afterAll(() => stack?.stop());

  it('runs from the school’s concern to a report falling due, with the timeline recording it all', async () => {
    // A school submits a concern about a child not yet known to the service.
    const submitted = (await run(stack, SUBMIT, { input: schoolConcern() })).submitConcern;
    expect(submitted).toMatchObject({
      status: 'RECEIVED',
      senderOutcome: 'RECEIVED',
      senderFeedback: 'NOT_INFORMED',
      // The school's name comes from the partners subgraph, through the federation reference.
      sourcePartner: { id: SCHOOL, kind: 'SCHOOL', name: expect.stringMatching(/^(École|Collège|Lycée)/) },
      children: [{ firstNames: 'Léa', lastName: 'Hervé' }],
    });
    const childId = submitted.children[0].id;

    // The CRIP acknowledges it and tells the school it was received.
    const acknowledged = (
      await run(stack, `mutation ($id: ID!, $v: Int!) { acknowledgeConcern(id: $id, version: $v) { ...ConcernFields } } ${CONCERN}`, {
        id: submitted.id,
        v: submitted.version,
      })
    ).acknowledgeConcern;
    expect(acknowledged).toMatchObject({ status: 'ACKNOWLEDGED', senderOutcome: 'BEING_PROCESSED' });
    expect(acknowledged.version).toBeGreaterThan(submitted.version);

    // Two evaluators start the evaluation; it is due 3 months after receipt.
    const started = (
      await run(
        stack,
        `mutation ($input: StartEvaluationInput!) { startEvaluation(input: $input) { id version status dueOn overdue daysLeft concern { status } } }`,
        { input: { concernId: submitted.id, concernVersion: acknowledged.version, evaluators: BINOME } },
      )
    ).startEvaluation;
    const receiptDay = todayInFrance();
    const [y, m, d] = receiptDay.split('-').map(Number) as [number, number, number];
    const threeMonths = new Date(Date.UTC(y, m - 1 + 3, 1));
    const lastDay = new Date(Date.UTC(threeMonths.getUTCFullYear(), threeMonths.getUTCMonth() + 1, 0)).getUTCDate();
    threeMonths.setUTCDate(Math.min(d, lastDay));
    expect(started).toMatchObject({ status: 'IN_PROGRESS', dueOn: threeMonths.toISOString().slice(0, 10), overdue: false, concern: { status: 'IN_EVALUATION' } });

    // It shows in the CRIP's list of evaluations due within 100 days.
    const due = await run(stack, `{ evaluationsDue(withinDays: 100, first: 100) { nodes { id } } }`);
    expect(due.evaluationsDue.nodes.map((e: any) => e.id)).toContain(started.id);

    // The binôme concludes: administrative support.
    const concluded = (
      await run(
        stack,
        `mutation ($input: ConcludeEvaluationInput!) { concludeEvaluation(input: $input) { status outcome concludedAt concern { id version status senderOutcome } } }`,
        {
          input: {
            id: started.id,
            version: started.version,
            findings: 'Parents épuisés, en accord pour être aidés.',
            recommendation: 'Aide éducative à domicile.',
            outcome: 'ADMINISTRATIVE_SUPPORT',
          },
        },
      )
    ).concludeEvaluation;
    expect(concluded).toMatchObject({ status: 'CONCLUDED', outcome: 'ADMINISTRATIVE_SUPPORT', concern: { status: 'ADMINISTRATIVE_SUPPORT', senderOutcome: 'SUPPORT_PROVIDED' } });

    // The school is told what became of it (not the evaluation's content).
    const told = (
      await run(stack, `mutation ($input: RecordSenderFeedbackInput!) { recordSenderFeedback(input: $input) { senderFeedback senderInformedAt } }`, {
        input: { id: submitted.id, version: concluded.concern.version, feedback: 'OUTCOME_SENT' },
      })
    ).recordSenderFeedback;
    expect(told.senderFeedback).toBe('OUTCOME_SENT');

    // An administrative measure (AED) is proposed on the parents' written agreement, then put in force: its first report falls due within the year.
    const start = todayInFrance();
    const agreement = await recordAgreement(stack, childId, 'AED', start);
    const proposed = (
      await run(stack, `mutation ($input: ProposeMeasureInput!) { proposeMeasure(input: $input) { id version status plannedEndDate concern { id } operator { id } } }`, {
        input: { childId, kind: 'AED', judicial: false, concernId: submitted.id, startDate: start, operatorId: ASSOCIATION, familyAgreementId: agreement.id },
      })
    ).proposeMeasure;
    expect(proposed).toMatchObject({ status: 'PROPOSED', concern: { id: submitted.id }, operator: { id: ASSOCIATION } });
    const active = (
      await run(stack, `mutation ($input: ActivateMeasureInput!) { activateMeasure(input: $input) { id version status closedOn nextReportDueOn } }`, {
        input: { id: proposed.id, version: proposed.version },
      })
    ).activateMeasure;
    // Yearly (CASF L223-5), and before the term so that it informs the renewal: the AED lasts a
    // year (CASF L223-5 al. 1), so its report falls due a month before its planned end.
    expect(proposed.plannedEndDate).toBe(addDays(addMonths(start, 12), -1));
    const reportDue = addDays(proposed.plannedEndDate, -30);
    expect(active).toMatchObject({ status: 'ACTIVE', closedOn: null, nextReportDueOn: reportDue });

    // The projet pour l'enfant is written, signed by the département (in force), then reviewed with the child.
    const plan = (
      await run(
        stack,
        `mutation ($input: CreateChildPlanInput!) { createChildPlan(input: $input) { id version status needs { domain } objectives { id owner targetDate actions { description } } } }`,
        {
          input: {
            childId,
            measureId: active.id,
            needs: [
              { domain: 'SCHOOLING', description: 'Fatigue en classe, retard en lecture' },
              { domain: 'DAILY_LIFE', description: 'Repas et sommeil irréguliers' },
            ],
            objectives: [
              {
                domain: 'DAILY_LIFE',
                description: 'Installer des rythmes de repas et de sommeil',
                owner: 'Éducatrice AED',
                targetDate: addDays(start, 120),
                actions: [{ description: 'Visite à domicile hebdomadaire', owner: 'Éducatrice AED' }],
              },
            ],
          },
        },
      )
    ).createChildPlan;
    expect(plan).toMatchObject({ status: 'DRAFT', needs: [{ domain: 'SCHOOLING' }, { domain: 'DAILY_LIFE' }] });
    expect(plan.objectives[0].actions).toEqual([{ description: 'Visite à domicile hebdomadaire' }]);
    const signed = (
      await run(stack, `mutation ($input: SignChildPlanInput!) { signChildPlan(input: $input) { version status inForceFrom signatures { signerRole } } }`, {
        input: { planId: plan.id, version: plan.version, signerName: 'Mme Blanchard, inspectrice ASE', signerRole: 'DEPARTMENT', signedOn: start },
      })
    ).signChildPlan;
    expect(signed).toMatchObject({ status: 'IN_FORCE', inForceFrom: start, signatures: [{ signerRole: 'DEPARTMENT' }] });
    const reviewed = (
      await run(stack, `mutation ($input: ReviewChildPlanInput!) { reviewChildPlan(input: $input) { version reviews { childWords childPresent } objectives { status } } }`, {
        input: {
          planId: plan.id,
          version: signed.version,
          reviewedOn: start,
          reviewer: 'Référente ASE',
          summary: 'Les repas sont réguliers.',
          childPresent: true,
          childWords: 'J’aime bien quand l’éducatrice vient.',
          objectives: [{ objectiveId: plan.objectives[0].id, status: 'ACHIEVED' }],
        },
      })
    ).reviewChildPlan;
    expect(reviewed).toMatchObject({ reviews: [{ childWords: 'J’aime bien quand l’éducatrice vient.', childPresent: true }], objectives: [{ status: 'ACHIEVED' }] });
    expect(reviewed.version).toBeGreaterThan(signed.version);

    // The report falls due: it is listed among reports due before its date + 1 day, and is sent.
    const reports = await run(stack, `query ($before: LocalDate!) { situationReportsDue(before: $before, first: 100) { nodes { id version dueOn status measure { id } child { id } } } }`, {
      before: addDays(reportDue, 1),
    });
    const report = reports.situationReportsDue.nodes.find((r: any) => r.measure.id === active.id);
    expect(report).toMatchObject({ dueOn: reportDue, status: 'DRAFT', child: { id: childId } });
    const sent = (
      await run(stack, `mutation ($input: SendSituationReportInput!) { sendSituationReport(input: $input) { status sentOn sentTo { id } measure { nextReportDueOn } } }`, {
        input: { id: report.id, version: report.version, sentOn: start, content: 'Situation en amélioration.' },
      })
    ).sendSituationReport;
    expect(sent).toMatchObject({ status: 'SENT', sentOn: start, sentTo: null });
    expect(sent.measure.nextReportDueOn > reportDue).toBe(true);

    // The child's file tells the story, newest first.
    const file = await run(stack, `query ($id: ID!) { child(id: $id) { age underProtection concerns(first: 5) { nodes { id } } measures(first: 5) { nodes { id status } } plans(first: 5) { nodes { status } } timeline(first: 20) { nodes { kind occurredAt subjectId } } } }`, { id: childId });
    expect(file.child.underProtection).toBe(true);
    expect(file.child.concerns.nodes).toEqual([{ id: submitted.id }]);
    expect(file.child.measures.nodes).toEqual([{ id: active.id, status: 'ACTIVE' }]);
    const kinds = file.child.timeline.nodes.map((e: any) => e.kind);
    expect(kinds).toEqual(expect.arrayContaining(['CONCERN_RECEIVED', 'EVALUATION_STARTED', 'EVALUATION_CONCLUDED', 'MEASURE_STARTED', 'PLAN_DRAWN_UP', 'PLAN_REVIEWED', 'REPORT_SENT']));
    const times = file.child.timeline.nodes.map((e: any) => e.occurredAt);
    expect([...times].sort().reverse()).toEqual(times);
  });

  it('runs the judicial branch: immediate danger → referral → the judge orders a placement, renews it, lifts it', async () => {
    const children = data(await stack.query<any>(`{ children(first: 1) { nodes { id } } }`)).children.nodes;
    const childId = children[0].id;
    const submitted = (
      await run(stack, SUBMIT, {
        input: schoolConcern({ idempotencyKey: null, urgency: 'IMMEDIATE_DANGER', newChildren: [], childIds: [childId], parentsInformed: false, parentsNotInformedReason: 'Risque de représailles sur l’enfant.' }),
      })
    ).submitConcern;
    expect(submitted).toMatchObject({ parentsInformed: false, parentsNotInformedReason: 'Risque de représailles sur l’enfant.' });
    const ack = (await run(stack, `mutation ($id: ID!, $v: Int!) { acknowledgeConcern(id: $id, version: $v) { version } }`, { id: submitted.id, v: submitted.version })).acknowledgeConcern;
    const referral = (
      await run(stack, `mutation ($input: ReferConcernInput!) { referConcernToProsecutor(input: $input) { id version immediateDanger decision prosecutorOffice { id } concern { status senderOutcome } } }`, {
        input: { concernId: submitted.id, concernVersion: ack.version, prosecutorOfficeId: PARQUET, reason: 'Enfant frappé, marques visibles, peur de rentrer.' },
      })
    ).referConcernToProsecutor;
    expect(referral).toMatchObject({ immediateDanger: true, decision: null, prosecutorOffice: { id: PARQUET }, concern: { status: 'REFERRED_TO_PROSECUTOR', senderOutcome: 'REFERRED_TO_JUSTICE' } });
    const pending = await run(stack, `query ($office: ID!) { referrals(filter: { prosecutorOfficeId: $office, pending: true }) { nodes { id } } }`, { office: PARQUET });
    expect(pending.referrals.nodes.map((r: any) => r.id)).toContain(referral.id);
    const today = todayInFrance();
    const decided = (
      await run(stack, `mutation ($input: RecordReferralDecisionInput!) { recordReferralDecision(input: $input) { decision decidedOn } }`, {
        input: { id: referral.id, version: referral.version, decision: 'SEIZE_JUDGE', decidedOn: today },
      })
    ).recordReferralDecision;
    expect(decided).toEqual({ decision: 'SEIZE_JUDGE', decidedOn: today });

    const proposed = (
      await run(stack, `mutation ($input: ProposeMeasureInput!) { proposeMeasure(input: $input) { id version judicial court { id } plannedEndDate } }`, {
        input: { childId, kind: 'COURT_PLACEMENT', judicial: true, concernId: submitted.id, courtId: COURT, decisionDate: today, startDate: today, operatorId: ASSOCIATION },
      })
    ).proposeMeasure;
    expect(proposed).toMatchObject({ judicial: true, court: { id: COURT } });
    const active = (await run(stack, `mutation ($input: ActivateMeasureInput!) { activateMeasure(input: $input) { version status } }`, { input: { id: proposed.id, version: proposed.version } })).activateMeasure;
    const renewed = (
      await run(stack, `mutation ($input: RenewMeasureInput!) { renewMeasure(input: $input) { version status plannedEndDate renewals { previousEndDate newEndDate } } }`, {
        input: { id: proposed.id, version: active.version, decisionDate: today, newEndDate: addDays(proposed.plannedEndDate, 365), reason: 'Objectifs non atteints.' },
      })
    ).renewMeasure;
    expect(renewed).toMatchObject({ status: 'RENEWED', plannedEndDate: addDays(proposed.plannedEndDate, 365), renewals: [{ previousEndDate: proposed.plannedEndDate }] });
    const hearing = (
      await run(stack, `mutation ($input: ScheduleHearingInput!) { scheduleHearing(input: $input) { id version court { id } measure { id } } }`, {
        input: { childId, measureId: proposed.id, courtId: COURT, scheduledAt: new Date(Date.now() - 3_600_000).toISOString(), purpose: 'Mainlevée du placement' },
      })
    ).scheduleHearing;
    const heard = (await run(stack, `mutation ($input: RecordHearingOutcomeInput!) { recordHearingOutcome(input: $input) { outcome } }`, { input: { id: hearing.id, version: hearing.version, outcome: 'Mainlevée ordonnée' } })).recordHearingOutcome;
    expect(heard.outcome).toBe('Mainlevée ordonnée');
    const lifted = (
      await run(stack, `mutation ($input: CloseMeasureInput!) { liftMeasure(input: $input) { status liftedAt endedOn closedOn closeReason nextReportDueOn } }`, {
        input: { id: proposed.id, version: renewed.version, on: today, reason: 'Retour en famille.' },
      })
    ).liftMeasure;
    expect(lifted).toMatchObject({ status: 'LIFTED', liftedAt: today, endedOn: null, closedOn: today, closeReason: 'Retour en famille.' });
    // A measure no longer open has no report falling due any more.
    const dueReports = await run(stack, `query ($before: LocalDate!) { situationReportsDue(before: $before, first: 100) { nodes { measure { id } } } }`, { before: addDays(today, 800) });
    expect(dueReports.situationReportsDue.nodes.map((r: any) => r.measure.id)).not.toContain(proposed.id);
  });
});
