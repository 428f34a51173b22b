import {
  addMonths,
  adoptionPlacementViolations,
  approvalDecisionViolations,
  childId,
  childPlacements,
  childProfile,
  measureRule,
  measureViolations,
  placementMeasure,
  quorumViolation,
  renewalViolations,
  wardAdmissionViolations,
  wardReviewDueOn,
  worldSize,
  writtenAgreementViolation,
} from '@passerelle/common';
import { seedAdoption, seedWards } from './adoption';
import { ConcernStatus } from '../concern/concern.enums';
import { EvaluationStatus } from '../evaluation/evaluation.entity';
import { MeasureKind, MeasureStatus } from '../measure/measure.enums';
import { ChildPlanStatus } from '../plan/plan.enums';
import { SituationReportStatus } from '../report/situation-report.entity';
import { seedConcerns } from './concerns';
import { seedMeasures } from './measures';
import { seedPlans } from './plans';

const plan = { children: 3000, today: '2026-11-01' };
const size = worldSize(plan);
const concerns = seedConcerns(plan, size, 0, plan.children);
const measures = seedMeasures(plan, size, 0, plan.children, concerns);
const index = new Map(Array.from({ length: plan.children }, (_, i) => [childId(i), i]));
const plans = seedPlans(plan, measures.measures, index);

describe('the demo world of the cases subgraph (3 000 children, generated without a database)', () => {
  it('has concerns in every state, each evaluation and referral consistent with its concern', () => {
    const statuses = new Set(concerns.concerns.map((c) => c.status));
    expect([...statuses].sort()).toEqual(Object.values(ConcernStatus).sort());
    const evaluationsByConcern = new Map<string, typeof concerns.evaluations>();
    for (const e of concerns.evaluations) evaluationsByConcern.set(e.concernId!, [...(evaluationsByConcern.get(e.concernId!) ?? []), e]);
    for (const c of concerns.concerns) {
      const evaluations = evaluationsByConcern.get(c.id!) ?? [];
      if (c.status === ConcernStatus.IN_EVALUATION) expect(evaluations.map((e) => e.status)).toEqual([EvaluationStatus.IN_PROGRESS]);
      if (c.status === ConcernStatus.RECEIVED || c.status === ConcernStatus.ACKNOWLEDGED) expect(evaluations).toEqual([]);
      for (const e of evaluations.filter((x) => x.status === EvaluationStatus.CONCLUDED)) expect(e.outcome).toBe(c.status);
      const referred = concerns.referrals.filter((r) => r.concernId === c.id);
      expect(referred.length).toBe(c.status === ConcernStatus.REFERRED_TO_PROSECUTOR ? 1 : 0);
    }
  });

  it('has evaluations in progress, some overdue on the seed day, and concluded ones', () => {
    const open = concerns.evaluations.filter((e) => e.status === EvaluationStatus.IN_PROGRESS);
    expect(open.filter((e) => e.dueOn! < plan.today).length).toBeGreaterThan(5);
    expect(open.filter((e) => e.dueOn! >= plan.today).length).toBeGreaterThan(5);
    expect(concerns.evaluations.filter((e) => e.status === EvaluationStatus.CONCLUDED).length).toBeGreaterThan(500);
  });

  it('has measures of every kind and every state, and every placement’s measure exactly once', () => {
    expect(new Set(measures.measures.map((m) => m.kind))).toEqual(new Set(Object.values(MeasureKind)));
    expect(new Set(measures.measures.map((m) => m.status))).toEqual(new Set(Object.values(MeasureStatus)));
    const ids = new Set(measures.measures.map((m) => m.id));
    expect(ids.size).toBe(measures.measures.length);
    for (let i = 0; i < plan.children; i++) {
      for (let k = 0; k < childPlacements(plan, size, i).length; k++) expect(ids.has(placementMeasure(plan, size, i, k).id)).toBe(true);
    }
    for (const m of measures.measures) {
      const closed = m.status === MeasureStatus.ENDED || m.status === MeasureStatus.LIFTED;
      expect(closed).toBe((m.endedOn ?? m.liftedAt ?? null) !== null);
      if (m.judicial) expect(m.courtId).toBeTruthy();
    }
  });

  it('has plans in every state, at most one in force per child, and reports sent, due and overdue', () => {
    expect(new Set(plans.plans.map((p) => p.status))).toEqual(new Set(Object.values(ChildPlanStatus)));
    const inForce = plans.plans.filter((p) => p.status === ChildPlanStatus.IN_FORCE).map((p) => p.childId);
    expect(new Set(inForce).size).toBe(inForce.length);
    expect(plans.reviews.some((r) => r.childWords)).toBe(true);
    const drafts = measures.reports.filter((r) => r.status === SituationReportStatus.DRAFT);
    expect(drafts.filter((r) => r.dueOn! < plan.today).length).toBeGreaterThan(10);
    expect(drafts.filter((r) => r.dueOn! >= plan.today).length).toBeGreaterThan(100);
    expect(measures.reports.filter((r) => r.status === SituationReportStatus.SENT).length).toBeGreaterThan(1000);
    expect(measures.hearings.filter((h) => h.outcome === null).length).toBeGreaterThan(0);
  });

  describe('obeys the law per measure kind (MEASURE_RULES), as a measure written through the API must', () => {
    const birthOf = (id: string) => childProfile(plan, index.get(id)!).birthDate;

    it('every measure: its nature, the child’s age, its term, no decision in the future', () => {
      const broken = measures.measures.flatMap((m) => {
        // The first decision's term, for the measures never renewed (the renewals test checks the others' terms).
        const renewed = measures.renewals.some((x) => x.measureId === m.id);
        const plannedEndDate = renewed ? null : m.plannedEndDate!;
        const violations = measureViolations({ kind: m.kind!, judicial: m.judicial!, birthDate: birthOf(m.childId!), startDate: m.startDate!, plannedEndDate, decisionDate: m.decisionDate ?? null, today: plan.today });
        return violations.map((v) => `${m.kind} ${m.id}: ${v.rule} ${v.message}`);
      });
      expect(broken).toEqual([]);
    });

    it('every renewal: the term it adds, the age limit, how often the kind is renewed', () => {
      const byMeasure = new Map(measures.measures.map((m) => [m.id!, m]));
      const broken = measures.renewals.flatMap((x) => {
        const m = byMeasure.get(x.measureId!)!;
        const earlier = measures.renewals.filter((y) => y.measureId === x.measureId && y.decisionDate! < x.decisionDate!).length;
        const violations = renewalViolations({ kind: m.kind!, birthDate: birthOf(m.childId!), renewalsSoFar: earlier, previousEndDate: x.previousEndDate!, newEndDate: x.newEndDate!, decisionDate: x.decisionDate!, today: plan.today });
        return violations.map((v) => `${m.kind} ${m.id}: ${v.rule} ${v.message}`);
      });
      expect(broken).toEqual([]);
      // An OPP is extended once at most (CPC 1185).
      const opp = measures.measures.filter((m) => m.kind === MeasureKind.EMERGENCY_ORDER).map((m) => m.id);
      for (const id of opp) expect(measures.renewals.filter((x) => x.measureId === id).length).toBeLessThanOrEqual(1);
    });

    it('every measure in force of a kind that rests on a written agreement rests on one, signed by the party, covering its dates (WRITTEN_AGREEMENT)', () => {
      const agreements = new Map(measures.agreements.map((a) => [a.id!, a]));
      const signatures = new Map<string, { role: 'PARENT' | 'YOUNG_ADULT' | 'DEPARTMENT'; signedOn: string }[]>();
      for (const s of measures.agreementSignatures) signatures.set(s.agreementId!, [...(signatures.get(s.agreementId!) ?? []), { role: s.role!, signedOn: s.signedOn! }]);
      const agreed = measures.measures.filter((m) => measureRule(m.kind!).writtenAgreement !== null && m.status !== MeasureStatus.PROPOSED);
      expect(agreed.length).toBeGreaterThan(50);
      const broken = agreed.flatMap((m) => {
        const a = m.familyAgreementId ? agreements.get(m.familyAgreementId) : undefined;
        const facts = a ? { childId: a.childId!, measureKind: a.measureKind!, validFrom: a.validFrom!, validUntil: a.validUntil!, endedOn: a.endedOn ?? null, signatures: signatures.get(a.id!) ?? [] } : null;
        const v = writtenAgreementViolation({ kind: m.kind!, childId: m.childId!, startDate: m.startDate!, endDate: m.endedOn ?? m.plannedEndDate! }, facts, 'familyAgreementId');
        return v ? [`${m.kind} ${m.id}: ${v.message}`] : [];
      });
      expect(broken).toEqual([]);
      // Renewed agreements chain from term to term.
      for (const r of measures.agreementRenewals) expect(r.newValidUntil! > r.previousValidUntil!).toBe(true);
    });

    it('every placement carries out a measure that allows one', () => {
      for (let i = 0; i < plan.children; i++) {
        childPlacements(plan, size, i).forEach((_, k) => expect(measureRule(placementMeasure(plan, size, i, k).kind).allowsPlacement).toBe(true));
      }
    });

    it('the first situation report of a measure falls due before its first term ends', () => {
      const firstReport = new Map<string, string>();
      for (const x of measures.reports) if (!firstReport.has(x.measureId!) || x.dueOn! < firstReport.get(x.measureId!)!) firstReport.set(x.measureId!, x.dueOn!);
      const late = measures.measures.filter((m) => {
        const renewals = measures.renewals.filter((x) => x.measureId === m.id);
        // Only measures whose whole history the seed keeps (the first report and the first term).
        if (renewals.length > 0 || !firstReport.has(m.id!)) return false;
        return firstReport.get(m.id!)! > m.plannedEndDate!;
      });
      expect(late.map((m) => `${m.kind} ${m.startDate}–${m.plannedEndDate}: ${firstReport.get(m.id!)}`)).toEqual([]);
    });
  });
});

describe('the demo world’s wards of the State and adoption (common/law/adoption.ts)', () => {
  const wards = seedWards(plan, measures.measures);
  const adoption = seedAdoption(plan, wards);
  const inOffice = (day: string) => adoption.members.filter((m) => m.appointedOn! <= day && day <= m.mandateUntil!).map((m) => m.id!);

  it('has a ward file per child with a ward-of-the-State measure, each admission lawful, some reviews due, some overdue', () => {
    const wardChildren = new Set(measures.measures.filter((m) => m.kind === MeasureKind.WARD_OF_THE_STATE && m.status !== MeasureStatus.PROPOSED).map((m) => m.childId));
    expect(new Set(wards.map((w) => w.childId))).toEqual(wardChildren);
    expect(wards.length).toBeGreaterThan(10);
    for (const w of wards) {
      expect(wardAdmissionViolations({ ground: w.ground!, admittedOn: w.admittedOn!, judgmentOn: w.judgmentOn ?? null, admissionOrderOn: w.admissionOrderOn ?? null, today: plan.today })).toEqual([]);
    }
    const open = wards.filter((w) => w.endedOn === null);
    expect(open.filter((w) => wardReviewDueOn(w.admittedOn!, w.lastReviewOn ?? null) < plan.today).length).toBeGreaterThan(0);
    expect(open.filter((w) => wardReviewDueOn(w.admittedOn!, w.lastReviewOn ?? null) >= plan.today).length).toBeGreaterThan(0);
  });

  it('reviews every ward within 2 months of admission then within a year of the last, at meetings with a majority of the members in office', () => {
    const meetings = new Map(adoption.meetings.map((m) => [m.id!, m]));
    for (const m of adoption.meetings) {
      const office = inOffice(m.heldOn!);
      expect(m.presentMemberIds!.every((id) => office.includes(id))).toBe(true);
      expect(quorumViolation(m.presentMemberIds!.length, office.length, 'x')).toBeNull();
    }
    for (const w of wards) {
      const reviews = adoption.decisions.filter((d) => d.wardFileId === w.id && d.kind === 'SITUATION_REVIEW').map((d) => d.decidedOn!).sort();
      for (const d of adoption.decisions.filter((x) => x.wardFileId === w.id)) expect(meetings.get(d.meetingId!)!.heldOn).toBe(d.decidedOn);
      if (reviews[0] && w.admittedOn! >= '2016-01-04') expect(reviews[0] <= addMonths(w.admittedOn!, 2)).toBe(true);
      reviews.slice(1).forEach((r, k) => expect(r <= addMonths(reviews[k]!, 12)).toBe(true));
      expect(w.lastReviewOn ?? undefined).toBe(reviews.at(-1));
    }
  });

  it('has approvals in every state, each decided one lawful, and placements with adopters approved and matched by the council', () => {
    const facts = (a: (typeof adoption.approvals)[number]) => ({
      requestedOn: a.requestedOn!, socialAssessmentOn: a.socialAssessmentOn ?? null, psychologicalAssessmentOn: a.psychologicalAssessmentOn ?? null,
      decision: a.decision ?? null, decidedOn: a.decidedOn ?? null, lastConfirmedOn: a.lastConfirmedOn ?? null, withdrawnOn: null,
    });
    for (const a of adoption.approvals.filter((x) => x.decision)) {
      expect(approvalDecisionViolations(facts(a), { decision: a.decision!, decidedOn: a.decidedOn!, commissionOn: a.commissionOn ?? null, reasons: a.reasons ?? null, today: plan.today })).toEqual([]);
    }
    expect(new Set(adoption.approvals.map((a) => a.decision ?? 'REQUESTED'))).toEqual(new Set(['REQUESTED', 'APPROVED', 'REFUSED']));
    expect(adoption.placements.length).toBeGreaterThan(0);
    for (const p of adoption.placements) {
      const ward = wards.find((w) => w.id === p.wardFileId)!;
      const matching = adoption.decisions.find((d) => d.id === p.matchingDecisionId)!;
      expect(matching).toMatchObject({ kind: 'MATCHING', wardFileId: ward.id, approvalId: p.approvalId });
      const approval = adoption.approvals.find((a) => a.id === p.approvalId)!;
      expect(adoptionPlacementViolations({ ward: { ground: ward.ground!, admittedOn: ward.admittedOn!, endedOn: ward.endedOn ?? null }, approval: facts(approval), matchedOn: matching.decidedOn!, placedOn: p.placedOn!, today: plan.today })).toEqual([]);
    }
  });
});
