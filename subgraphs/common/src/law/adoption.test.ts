import {
  adoptionJudgmentViolations,
  adoptionPlacementViolations,
  approvalConfirmationDueOn,
  approvalDecisionDueOn,
  approvalDecisionViolations,
  approvalInForceOn,
  approvalValidUntil,
  earliestAdoptionJudgmentOn,
  quorumViolation,
  wardAdmissionViolations,
  wardDefinitiveOn,
  wardProvisionalOn,
  wardRecourseUntil,
  wardReviewDueOn,
  type ApprovalFacts,
} from './adoption';

const today = '2026-12-02';
const approved: ApprovalFacts = {
  requestedOn: '2025-01-10',
  socialAssessmentOn: '2025-03-01',
  psychologicalAssessmentOn: '2025-04-01',
  decision: 'APPROVED',
  decidedOn: '2025-09-01',
  lastConfirmedOn: null,
  withdrawnOn: null,
};
const rules = (violations: readonly { rule: string; argument: string }[]) => violations.map((v) => `${v.rule} ${v.argument}`);

describe('wards of the State (CASF L224-4, L224-6, L224-8)', () => {
  it('a provisional period of 2 months, 6 for a child surrendered by one parent, none on a judgment', () => {
    expect(wardDefinitiveOn('UNKNOWN_PARENTAGE', '2026-10-31')).toBe('2026-12-31');
    expect(wardDefinitiveOn('SURRENDERED_BY_ONE_PARENT', '2026-10-01')).toBe('2027-04-01');
    expect(wardDefinitiveOn('JUDICIAL_DECLARATION_OF_ABANDONMENT', '2026-10-01')).toBe('2026-10-01');
    expect(wardProvisionalOn('ORPHAN', '2026-10-02', '2026-12-01')).toBe(true);
    expect(wardProvisionalOn('ORPHAN', '2026-10-02', '2026-12-02')).toBe(false);
    expect(wardRecourseUntil('2026-11-01')).toBe('2026-12-01');
    expect(wardRecourseUntil(null)).toBeNull();
  });

  it('reviews within 2 months of admission, then a year after the last', () => {
    expect(wardReviewDueOn('2026-10-01', null)).toBe('2026-12-01');
    expect(wardReviewDueOn('2026-10-01', '2026-11-15')).toBe('2027-11-15');
  });

  it('a judgment for grounds 5° and 6° only; no date in the future; the order after the admission', () => {
    const base = { admittedOn: '2026-11-01', judgmentOn: null, admissionOrderOn: null, today };
    expect(wardAdmissionViolations({ ...base, ground: 'ORPHAN' })).toEqual([]);
    expect(rules(wardAdmissionViolations({ ...base, ground: 'PARENTAL_AUTHORITY_WITHDRAWN' }))).toEqual(['WARD_GROUND input.judgmentOn']);
    expect(rules(wardAdmissionViolations({ ...base, ground: 'ORPHAN', judgmentOn: '2026-10-01' }))).toEqual(['WARD_GROUND input.judgmentOn']);
    expect(rules(wardAdmissionViolations({ ...base, ground: 'JUDICIAL_DECLARATION_OF_ABANDONMENT', judgmentOn: '2026-11-10' }))).toEqual(['WARD_GROUND input.admittedOn']);
    expect(rules(wardAdmissionViolations({ ...base, ground: 'ORPHAN', admissionOrderOn: '2026-10-30' }))).toEqual(['WARD_GROUND input.admissionOrderOn']);
    expect(rules(wardAdmissionViolations({ ...base, ground: 'ORPHAN', admittedOn: '2026-12-03' }))).toEqual(['FACT_IN_FUTURE input.admittedOn']);
  });

  it('the family council deliberates with a majority of its members in office', () => {
    expect(quorumViolation(5, 8, 'x')).toBeNull();
    expect(quorumViolation(4, 8, 'x')?.rule).toBe('FAMILY_COUNCIL_QUORUM');
    expect(quorumViolation(0, 0, 'x')?.rule).toBe('FAMILY_COUNCIL_QUORUM');
  });
});

describe('approval of adopters (CASF L225-2)', () => {
  it('due 9 months after the request, valid 5 years, confirmed yearly', () => {
    expect(approvalDecisionDueOn('2026-01-31')).toBe('2026-10-31');
    expect(approvalValidUntil(approved)).toBe('2030-08-31');
    expect(approvalConfirmationDueOn(approved)).toBe('2026-09-01');
    expect(approvalConfirmationDueOn({ ...approved, lastConfirmedOn: '2026-08-20' })).toBe('2027-08-20');
    expect(approvalValidUntil({ ...approved, decision: 'REFUSED' })).toBeNull();
    expect(approvalInForceOn(approved, '2030-08-31')).toBe(true);
    expect(approvalInForceOn(approved, '2030-09-01')).toBe(false);
    expect(approvalInForceOn(approved, '2025-08-31')).toBe(false);
  });

  it('decided after both assessments and the commission; a refusal gives its reasons', () => {
    const pending = { ...approved, decision: null, decidedOn: null };
    const decision = { decision: 'APPROVED' as const, decidedOn: '2025-09-01', commissionOn: '2025-08-20', reasons: null, today };
    expect(approvalDecisionViolations(pending, decision)).toEqual([]);
    expect(rules(approvalDecisionViolations({ ...pending, psychologicalAssessmentOn: null }, decision))).toEqual(['APPROVAL_ASSESSMENTS input.id']);
    expect(rules(approvalDecisionViolations(pending, { ...decision, commissionOn: null }))).toEqual(['APPROVAL_ASSESSMENTS input.commissionOn']);
    expect(rules(approvalDecisionViolations(pending, { ...decision, decision: 'REFUSED', reasons: ' ' }))).toEqual(['APPROVAL_REASONS input.reasons']);
    expect(rules(approvalDecisionViolations(pending, { ...decision, decidedOn: '2026-12-03' }))).toEqual(['FACT_IN_FUTURE input.decidedOn']);
  });
});

describe('placement with a view to adoption (CASF L225-1, CC 351, CC 345)', () => {
  const placement = {
    ward: { ground: 'SURRENDERED_BY_PARENTS' as const, admittedOn: '2026-01-05', endedOn: null },
    approval: approved,
    matchedOn: '2026-10-01',
    placedOn: '2026-10-15',
    today,
  };
  it('a ward past the provisional period, adopters approved and matched by the council', () => {
    expect(adoptionPlacementViolations(placement)).toEqual([]);
    expect(rules(adoptionPlacementViolations({ ...placement, ward: { ...placement.ward, admittedOn: '2026-09-01' } }))).toEqual(['WARD_PROVISIONAL input.placedOn']);
    expect(rules(adoptionPlacementViolations({ ...placement, ward: { ...placement.ward, endedOn: '2026-09-01' } }))).toEqual(['WARD_PROVISIONAL input.wardFileId']);
    expect(rules(adoptionPlacementViolations({ ...placement, approval: { ...approved, decision: 'REFUSED' } }))).toEqual(['APPROVAL_IN_FORCE input.approvalId']);
    expect(rules(adoptionPlacementViolations({ ...placement, matchedOn: null }))).toEqual(['FAMILY_COUNCIL_MATCHING input.approvalId']);
    expect(rules(adoptionPlacementViolations({ ...placement, matchedOn: '2026-10-20' }))).toEqual(['FAMILY_COUNCIL_MATCHING input.approvalId']);
    expect(earliestAdoptionJudgmentOn('2026-10-15')).toBe('2027-04-15');
  });

  it('an adoption with the family council’s consent (CC 349); a plenary one 6 months after the placement (CC 345)', () => {
    const judgment = { plenary: true, placedOn: '2026-01-15', judgmentOn: '2026-07-15', consentedOn: '2026-03-01' };
    expect(adoptionJudgmentViolations(judgment)).toEqual([]);
    expect(rules(adoptionJudgmentViolations({ ...judgment, consentedOn: null }))).toEqual(['FAMILY_COUNCIL_CONSENT input.outcome']);
    expect(rules(adoptionJudgmentViolations({ ...judgment, consentedOn: '2026-07-16' }))).toEqual(['FAMILY_COUNCIL_CONSENT input.outcome']);
    expect(rules(adoptionJudgmentViolations({ ...judgment, judgmentOn: '2026-07-14' }))).toEqual(['ADOPTION_PLACEMENT_DURATION input.on']);
    expect(adoptionJudgmentViolations({ ...judgment, plenary: false, judgmentOn: '2026-03-01' })).toEqual([]);
  });
});
