import {
  autonomyInterviewDueOn,
  childPlanDueOn,
  defaultPlannedEnd,
  familyCouncilReviewDueOn,
  judgeSeizureDueOn,
  lastLawfulDay,
  LEGAL_RULE,
  legalError,
  MEASURE_KIND_NAMES,
  MEASURE_RULES,
  measureViolations,
  placementViolations,
  renewalViolations,
  writtenAgreementViolation,
  type MeasureKindName,
  type NewMeasure,
} from './measures';

const TODAY = '2026-12-01';
/** A child of 9 on TODAY; 18 on 2035-06-15, 21 on 2038-06-15. */
const NINE = '2017-06-15';
const ADULT = '2007-06-15';

function measure(over: Partial<NewMeasure> = {}): NewMeasure {
  return { kind: 'AEMO', judicial: true, birthDate: NINE, startDate: TODAY, plannedEndDate: null, decisionDate: TODAY, today: TODAY, ...over };
}
const rules = (v: { rule: string }[]) => v.map((x) => x.rule);

describe('the law per measure kind (one table)', () => {
  it('has one row per kind, each citing its sources, with the shape the rules read', () => {
    expect(MEASURE_KIND_NAMES.sort()).toEqual(
      ['AED', 'AEMO', 'COURT_PLACEMENT', 'DELEGATION_OF_PARENTAL_AUTHORITY', 'EMERGENCY_ORDER', 'GUARDIANSHIP', 'TRUSTED_THIRD_PARTY', 'VOLUNTARY_CARE', 'WARD_OF_THE_STATE', 'YOUNG_ADULT'].sort(),
    );
    for (const kind of MEASURE_KIND_NAMES) {
      const rule = MEASURE_RULES[kind];
      expect(rule.kind).toBe(kind);
      expect(rule.sources.length).toBeGreaterThan(0);
      expect(rule.decidedBy.length).toBeGreaterThan(0);
      expect(rule.maxTermMonths === null).toBe(rule.termSource === null);
      expect(rule.ages.from).toBeLessThan(rule.ages.before);
      // A judicial kind is decided by a judge (or the parquet), an administrative one by the département.
      if (rule.nature === 'judicial') expect(rule.decidedBy).not.toContain('DEPARTMENT');
      if (rule.nature === 'administrative') expect(rule.decidedBy).toEqual(['DEPARTMENT']);
    }
  });

  it('says who decides, what allows a placement, what rests on a written agreement', () => {
    expect(MEASURE_RULES.EMERGENCY_ORDER.decidedBy).toEqual(['JUDGE', 'PROSECUTOR']);
    const placing = MEASURE_KIND_NAMES.filter((k) => MEASURE_RULES[k].allowsPlacement).sort();
    expect(MEASURE_KIND_NAMES.filter((k) => !placing.includes(k)).sort()).toEqual(['AED', 'AEMO']);
    expect(MEASURE_KIND_NAMES.filter((k) => MEASURE_RULES[k].writtenAgreement === 'PARENTS').sort()).toEqual(['AED', 'VOLUNTARY_CARE']);
    expect(MEASURE_RULES.YOUNG_ADULT.writtenAgreement).toBe('YOUNG_ADULT');
    expect(MEASURE_RULES.EMERGENCY_ORDER.next).toMatchObject({ judgeSeizedWithinDays: 8, meritsDecisionWithinMonths: 6 });
  });

  describe('ages (MEASURE_AGE, MEASURE_AGE_LIMIT)', () => {
    it('a contrat jeune majeur for a 9-year-old is refused; for 18 to 20 accepted', () => {
      expect(rules(measureViolations(measure({ kind: 'YOUNG_ADULT', judicial: false, decisionDate: null })))).toEqual([LEGAL_RULE.MEASURE_AGE]);
      // 18 on the day it starts: accepted; the day before: refused.
      const eighteen = '2025-06-15';
      expect(measureViolations(measure({ kind: 'YOUNG_ADULT', judicial: false, decisionDate: null, birthDate: ADULT, startDate: eighteen }))).toEqual([]);
      expect(rules(measureViolations(measure({ kind: 'YOUNG_ADULT', judicial: false, decisionDate: null, birthDate: ADULT, startDate: '2025-06-14' })))).toEqual([LEGAL_RULE.MEASURE_AGE]);
      // 21: too old.
      expect(rules(measureViolations(measure({ kind: 'YOUNG_ADULT', judicial: false, decisionDate: null, birthDate: ADULT, startDate: '2028-06-15' })))).toEqual([LEGAL_RULE.MEASURE_AGE]);
    });

    it('a minor’s measure starts before 18 and ends at the latest the day before', () => {
      expect(rules(measureViolations(measure({ birthDate: ADULT, startDate: '2025-06-15', decisionDate: '2025-06-15' })))).toEqual([LEGAL_RULE.MEASURE_AGE]);
      expect(measureViolations(measure({ birthDate: ADULT, startDate: '2025-06-14', decisionDate: '2025-06-14' }))).toEqual([]);
      expect(lastLawfulDay('AEMO', NINE)).toBe('2035-06-14');
      expect(lastLawfulDay('YOUNG_ADULT', NINE)).toBe('2038-06-14');
      const v = measureViolations(measure({ birthDate: '2009-01-10', plannedEndDate: '2027-01-10' }));
      expect(v).toEqual([expect.objectContaining({ rule: LEGAL_RULE.MEASURE_AGE_LIMIT, argument: 'input.plannedEndDate' })]);
      expect(measureViolations(measure({ birthDate: '2009-01-10', plannedEndDate: '2027-01-09' }))).toEqual([]);
    });
  });

  describe('terms (MEASURE_MAX_DURATION) and renewals (MEASURE_RENEWAL_LIMIT)', () => {
    it('a court measure: 2 years to the day before, not a day more; an AEMO for 5 years is refused', () => {
      expect(measureViolations(measure({ plannedEndDate: '2028-11-30' }))).toEqual([]);
      expect(measureViolations(measure({ plannedEndDate: '2028-12-01' }))).toEqual([
        expect.objectContaining({ rule: LEGAL_RULE.MEASURE_MAX_DURATION, argument: 'input.plannedEndDate' }),
      ]);
      expect(rules(measureViolations(measure({ plannedEndDate: '2031-11-30' })))).toEqual([LEGAL_RULE.MEASURE_MAX_DURATION]);
    });

    it('an administrative measure: 1 year; an OPP: 6 months; no term for a ward of the State but majority', () => {
      const admin = { kind: 'VOLUNTARY_CARE' as MeasureKindName, judicial: false, decisionDate: null };
      expect(measureViolations(measure({ ...admin, plannedEndDate: '2027-11-30' }))).toEqual([]);
      expect(rules(measureViolations(measure({ ...admin, plannedEndDate: '2027-12-01' })))).toEqual([LEGAL_RULE.MEASURE_MAX_DURATION]);
      expect(measureViolations(measure({ kind: 'EMERGENCY_ORDER', plannedEndDate: '2027-05-31' }))).toEqual([]);
      expect(rules(measureViolations(measure({ kind: 'EMERGENCY_ORDER', plannedEndDate: '2027-06-01' })))).toEqual([LEGAL_RULE.MEASURE_MAX_DURATION]);
      expect(measureViolations(measure({ kind: 'WARD_OF_THE_STATE', judicial: false, decisionDate: null, plannedEndDate: '2035-06-14' }))).toEqual([]);
    });

    it('default planned ends: the term, cut at the age limit', () => {
      expect(defaultPlannedEnd('AEMO', NINE, TODAY)).toBe('2028-11-30');
      expect(defaultPlannedEnd('AED', NINE, TODAY)).toBe('2027-11-30');
      expect(defaultPlannedEnd('EMERGENCY_ORDER', NINE, TODAY)).toBe('2027-05-31');
      expect(defaultPlannedEnd('GUARDIANSHIP', NINE, TODAY)).toBe('2035-06-14');
      expect(defaultPlannedEnd('COURT_PLACEMENT', '2009-06-15', TODAY)).toBe('2027-06-14');
    });

    it('an OPP is extended once by 6 months at most: renewed to 18 months is refused, a second extension too', () => {
      const base = { kind: 'EMERGENCY_ORDER' as MeasureKindName, birthDate: NINE, previousEndDate: '2027-05-31', decisionDate: TODAY, today: TODAY };
      expect(renewalViolations({ ...base, renewalsSoFar: 0, newEndDate: '2027-11-30' })).toEqual([]);
      expect(renewalViolations({ ...base, renewalsSoFar: 0, newEndDate: '2028-05-31' })).toEqual([
        expect.objectContaining({ rule: LEGAL_RULE.MEASURE_MAX_DURATION, argument: 'input.newEndDate' }),
      ]);
      expect(renewalViolations({ ...base, renewalsSoFar: 1, previousEndDate: '2027-11-30', newEndDate: '2028-02-28' })).toEqual([
        expect.objectContaining({ rule: LEGAL_RULE.MEASURE_RENEWAL_LIMIT, argument: 'input.id' }),
      ]);
    });

    it('a court measure is renewed any number of times, 2 years each, never past majority', () => {
      const base = { kind: 'COURT_PLACEMENT' as MeasureKindName, birthDate: NINE, previousEndDate: '2028-11-30', decisionDate: TODAY, today: TODAY };
      expect(renewalViolations({ ...base, renewalsSoFar: 5, newEndDate: '2030-11-30' })).toEqual([]);
      expect(rules(renewalViolations({ ...base, renewalsSoFar: 5, newEndDate: '2030-12-01' }))).toEqual([LEGAL_RULE.MEASURE_MAX_DURATION]);
      expect(rules(renewalViolations({ ...base, birthDate: '2012-01-01', newEndDate: '2030-01-01', renewalsSoFar: 0 }))).toEqual([LEGAL_RULE.MEASURE_AGE_LIMIT]);
    });
  });

  it('who decides (MEASURE_DECIDER): the parquet an OPP only, a judge no administrative measure', () => {
    expect(measureViolations(measure({ kind: 'EMERGENCY_ORDER', decidedBy: 'PROSECUTOR' }))).toEqual([]);
    expect(measureViolations(measure({ decidedBy: 'PROSECUTOR' }))).toEqual([expect.objectContaining({ rule: LEGAL_RULE.MEASURE_DECIDER, argument: 'input.decidedBy' })]);
    expect(rules(measureViolations(measure({ decidedBy: 'DEPARTMENT' })))).toEqual([LEGAL_RULE.MEASURE_DECIDER]);
    expect(rules(measureViolations(measure({ kind: 'AED', judicial: false, decisionDate: null, decidedBy: 'JUDGE' })))).toEqual([LEGAL_RULE.MEASURE_DECIDER]);
    expect(measureViolations(measure({ kind: 'WARD_OF_THE_STATE', judicial: false, decisionDate: null, decidedBy: 'DEPARTMENT' }))).toEqual([]);
  });

  it('nature (MEASURE_NATURE) and decisions in the future (FACT_IN_FUTURE)', () => {
    expect(measureViolations(measure({ judicial: false, decisionDate: null }))).toEqual([expect.objectContaining({ rule: LEGAL_RULE.MEASURE_NATURE, argument: 'input.judicial' })]);
    expect(rules(measureViolations(measure({ kind: 'AED', judicial: true })))).toEqual([LEGAL_RULE.MEASURE_NATURE]);
    expect(measureViolations(measure({ kind: 'GUARDIANSHIP', judicial: false, decisionDate: null }))).toEqual([]);
    expect(measureViolations(measure({ decisionDate: '2026-12-02' }))).toEqual([expect.objectContaining({ rule: LEGAL_RULE.FACT_IN_FUTURE, argument: 'input.decisionDate' })]);
    expect(rules(renewalViolations({ kind: 'AEMO', birthDate: NINE, renewalsSoFar: 0, previousEndDate: '2027-05-31', newEndDate: '2028-05-31', decisionDate: '2026-12-02', today: TODAY }))).toEqual([LEGAL_RULE.FACT_IN_FUTURE]);
  });

  it('placements (PLACEMENT_NOT_ALLOWED, PLACEMENT_MEASURE)', () => {
    const basis = { kind: 'COURT_PLACEMENT' as MeasureKindName, status: 'ACTIVE', childId: 'c', startDate: '2026-01-01', plannedEndDate: '2027-12-31', closedOn: null };
    const placement = { childId: 'c', startDate: '2026-02-01', plannedEndDate: '2027-12-31' };
    expect(placementViolations(basis, placement)).toEqual([]);
    expect(placementViolations({ ...basis, kind: 'AED' }, placement)).toEqual([expect.objectContaining({ rule: LEGAL_RULE.PLACEMENT_NOT_ALLOWED, argument: 'input.measureId' })]);
    expect(rules(placementViolations({ ...basis, kind: 'AEMO' }, placement))).toEqual([LEGAL_RULE.PLACEMENT_NOT_ALLOWED]);
    expect(rules(placementViolations(basis, { ...placement, childId: 'other' }))).toEqual([LEGAL_RULE.PLACEMENT_MEASURE]);
    expect(rules(placementViolations({ ...basis, status: 'PROPOSED' }, placement))).toEqual([LEGAL_RULE.PLACEMENT_MEASURE]);
    expect(rules(placementViolations({ ...basis, status: 'ENDED', closedOn: '2026-06-01' }, placement))).toEqual([LEGAL_RULE.PLACEMENT_MEASURE]);
    expect(placementViolations(basis, { ...placement, startDate: '2025-12-31' })).toEqual([expect.objectContaining({ argument: 'input.startDate' })]);
    expect(placementViolations(basis, { ...placement, plannedEndDate: '2028-01-01' })).toEqual([expect.objectContaining({ argument: 'input.plannedEndDate' })]);
  });

  it('derived dates: PPE within 3 months, judge seized within 8 days, autonomy interview at 17, family council', () => {
    expect(childPlanDueOn('AEMO', '2026-11-30')).toBe('2027-02-28');
    expect(childPlanDueOn('YOUNG_ADULT', '2026-11-30')).toBeNull();
    expect(judgeSeizureDueOn('EMERGENCY_ORDER', 'PROSECUTOR', '2026-12-01')).toBe('2026-12-09');
    expect(judgeSeizureDueOn('EMERGENCY_ORDER', 'JUDGE', '2026-12-01')).toBeNull();
    expect(judgeSeizureDueOn('AEMO', 'JUDGE', '2026-12-01')).toBeNull();
    expect(autonomyInterviewDueOn('2010-02-28')).toBe('2027-02-28');
    expect(familyCouncilReviewDueOn('WARD_OF_THE_STATE', '2026-10-01', '2026-11-15')).toBe('2026-12-01');
    expect(familyCouncilReviewDueOn('WARD_OF_THE_STATE', '2026-10-01', '2026-12-02')).toBe('2027-12-01');
    expect(familyCouncilReviewDueOn('AEMO', '2026-10-01', '2026-12-02')).toBeNull();
  });

  it('a refusal is BAD_USER_INPUT naming the rule and the argument', () => {
    const error = legalError({ rule: LEGAL_RULE.MEASURE_MAX_DURATION, message: 'm', argument: 'input.plannedEndDate' });
    expect(error.extensions).toEqual({ code: 'BAD_USER_INPUT', rule: 'MEASURE_MAX_DURATION', argument: 'input.plannedEndDate' });
  });

  describe('the written agreement a measure rests on (WRITTEN_AGREEMENT)', () => {
    const C = 'child-1';
    const agreement = (over: Record<string, unknown> = {}) => ({
      childId: C, measureKind: 'VOLUNTARY_CARE' as MeasureKindName, validFrom: TODAY, validUntil: '2027-11-30', endedOn: null,
      signatures: [{ role: 'PARENT' as const, signedOn: TODAY }], ...over,
    });
    const care = (over: Record<string, unknown> = {}) => ({ kind: 'VOLUNTARY_CARE' as MeasureKindName, childId: C, startDate: TODAY, endDate: '2027-11-30', ...over });
    const ruleOf = (v: { rule: string } | null) => v?.rule ?? null;

    it('is needed by the kinds whose row says so, and by no other', () => {
      for (const kind of MEASURE_KIND_NAMES) {
        const needs = MEASURE_RULES[kind].writtenAgreement !== null;
        expect([kind, ruleOf(writtenAgreementViolation({ kind, childId: C, startDate: TODAY, endDate: null }, null, 'a'))]).toEqual([kind, needs ? LEGAL_RULE.WRITTEN_AGREEMENT : null]);
      }
      expect(MEASURE_KIND_NAMES.filter((k) => MEASURE_RULES[k].writtenAgreement !== null).sort()).toEqual(['AED', 'VOLUNTARY_CARE', 'YOUNG_ADULT']);
    });

    it('holds for one of this child, this kind, signed by the party before the start, covering the dates, not ended', () => {
      expect(writtenAgreementViolation(care(), agreement(), 'a')).toBeNull();
      const broken = [
        agreement({ childId: 'child-2' }),
        agreement({ measureKind: 'AED' }),
        agreement({ signatures: [{ role: 'DEPARTMENT', signedOn: TODAY }] }),
        agreement({ signatures: [{ role: 'PARENT', signedOn: '2026-12-02' }] }),
        agreement({ validFrom: '2026-12-02' }),
        agreement({ validUntil: '2027-06-30' }),
        agreement({ endedOn: '2027-01-31' }),
      ];
      for (const a of broken) expect([a, ruleOf(writtenAgreementViolation(care(), a, 'input.familyAgreementId'))]).toEqual([a, LEGAL_RULE.WRITTEN_AGREEMENT]);
      // A contrat jeune majeur: the young adult's own signature, not a parent's.
      const contract = agreement({ measureKind: 'YOUNG_ADULT' });
      expect(ruleOf(writtenAgreementViolation(care({ kind: 'YOUNG_ADULT' }), contract, 'a'))).toBe(LEGAL_RULE.WRITTEN_AGREEMENT);
      expect(writtenAgreementViolation(care({ kind: 'YOUNG_ADULT' }), { ...contract, signatures: [{ role: 'YOUNG_ADULT', signedOn: TODAY }] }, 'a')).toBeNull();
    });
  });
});
