import { childId, childPlacements, placementMeasure, worldSize } from '@passerelle/common';
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
});
