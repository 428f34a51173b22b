import { addDays, addMonths } from './calendar';
import { LEGAL_RULE, legalError, measureRule, type Violation } from './measures';

/**
 * Wards of the State (pupilles de l'État) and adoption, the law as data (issue 15): the grounds
 * of admission and their provisional periods, the family council's reviews, the approval of
 * adopters (agrément), the placement with a view to adoption. The cases subgraph's adoption
 * services read it; the refusals name their rule (BAD_USER_INPUT, `extensions.rule`) and are
 * decided before anything is written. Articles: CASF = Code de l'action sociale et des familles,
 * CC = Code civil. Check the wording of an article before quoting it to users (DOMAIN.md).
 */

/** The grounds of admission as a ward of the State, CASF L224-4 1° to 6°. */
export type WardGroundName =
  | 'UNKNOWN_PARENTAGE'
  | 'SURRENDERED_BY_PARENTS'
  | 'SURRENDERED_BY_ONE_PARENT'
  | 'ORPHAN'
  | 'PARENTAL_AUTHORITY_WITHDRAWN'
  | 'JUDICIAL_DECLARATION_OF_ABANDONMENT';

export interface WardGround {
  ground: WardGroundName;
  /** Where it comes from. */
  source: string;
  /**
   * Taken in by the service as a ward "à titre provisoire" for this many months before the
   * admission is definitive (CASF L224-4 1° to 4°: more than 2 months, 6 for a child surrendered
   * by one parent while the other is silent); during it the parents may take the child back
   * without formality (CASF L224-6). Null: admitted on a judgment, with no provisional period.
   */
  provisionalMonths: number | null;
  /** Admitted on a judgment (withdrawal of parental authority, judicial declaration of abandonment). */
  judgment: boolean;
}

export const WARD_GROUNDS: Readonly<Record<WardGroundName, WardGround>> = {
  // 1°: parentage not established or unknown, taken in by the service for more than 2 months.
  UNKNOWN_PARENTAGE: { ground: 'UNKNOWN_PARENTAGE', source: 'CASF L224-4 1°', provisionalMonths: 2, judgment: false },
  // 2°: expressly surrendered for admission by those who may consent to the adoption, more than 2 months ago.
  SURRENDERED_BY_PARENTS: { ground: 'SURRENDERED_BY_PARENTS', source: 'CASF L224-4 2°', provisionalMonths: 2, judgment: false },
  // 3°: surrendered by one parent more than 6 months ago, the other not having come forward.
  SURRENDERED_BY_ONE_PARENT: { ground: 'SURRENDERED_BY_ONE_PARENT', source: 'CASF L224-4 3°', provisionalMonths: 6, judgment: false },
  // 4°: orphans with no guardianship organised, taken in for more than 2 months.
  ORPHAN: { ground: 'ORPHAN', source: 'CASF L224-4 4°', provisionalMonths: 2, judgment: false },
  // 5°: parents whose parental authority was withdrawn in full (CC 378, 378-1), the child entrusted to the ASE.
  PARENTAL_AUTHORITY_WITHDRAWN: { ground: 'PARENTAL_AUTHORITY_WITHDRAWN', source: 'CASF L224-4 5°, CC 380', provisionalMonths: null, judgment: true },
  // 6°: judicial declaration of parental abandonment (CC 381-1, 381-2).
  JUDICIAL_DECLARATION_OF_ABANDONMENT: { ground: 'JUDICIAL_DECLARATION_OF_ABANDONMENT', source: 'CASF L224-4 6°, CC 381-2', provisionalMonths: null, judgment: true },
};

export const WARD_GROUND_NAMES = Object.keys(WARD_GROUNDS) as WardGroundName[];

/** A recourse against the admission order is brought within 30 days of its notification (CASF L224-8). */
export const WARD_RECOURSE_DAYS = 30;
/** An approval is decided within 9 months of the request and is valid 5 years (CASF L225-2). */
export const APPROVAL_DECISION_MONTHS = 9;
export const APPROVAL_VALIDITY_MONTHS = 60;
/** Each year the approved applicants confirm that their project stands (CASF R225-7). */
export const APPROVAL_CONFIRMATION_MONTHS = 12;
/** A plenary adoption is pronounced after the child has lived 6 months in the adopters' home (CC 345). */
export const ADOPTION_MIN_PLACEMENT_MONTHS = 6;
/** Members of the family council of the wards of the State serve 6 years (CASF L224-2). */
export const FAMILY_COUNCIL_MANDATE_MONTHS = 72;

export const ADOPTION_RULE = {
  /** A ground that rests on a judgment admitted without one, or a judgment given for another ground (CASF L224-4). */
  WARD_GROUND: 'WARD_GROUND',
  /** A placement with a view to adoption during the provisional period (CASF L224-6, CC 351 al. 2), or of a ward no longer one. */
  WARD_PROVISIONAL: 'WARD_PROVISIONAL',
  /** A family council deliberating without a majority of its members in office present. */
  FAMILY_COUNCIL_QUORUM: 'FAMILY_COUNCIL_QUORUM',
  /** An approval decided without the social and psychological assessments or the commission's opinion (CASF R225-4, L225-2). */
  APPROVAL_ASSESSMENTS: 'APPROVAL_ASSESSMENTS',
  /** A refusal without its reasons (the decision is reasoned, CASF L225-2). */
  APPROVAL_REASONS: 'APPROVAL_REASONS',
  /** A placement with adopters whose approval is not in force (CASF L225-2). */
  APPROVAL_IN_FORCE: 'APPROVAL_IN_FORCE',
  /** A placement the family council did not agree to: the adopters are chosen with its agreement (CASF L225-1). */
  FAMILY_COUNCIL_MATCHING: 'FAMILY_COUNCIL_MATCHING',
  /**
   * An adoption recorded without the family council's consent (CC 349: a ward's consent to adoption
   * is given by the council when the parents did not consent; Passerelle asks it for every ward).
   */
  FAMILY_COUNCIL_CONSENT: 'FAMILY_COUNCIL_CONSENT',
  /** An adoption pronounced before 6 months in the adopters' home (CC 345). */
  ADOPTION_PLACEMENT_DURATION: 'ADOPTION_PLACEMENT_DURATION',
} as const;
export type AdoptionRule = (typeof ADOPTION_RULE)[keyof typeof ADOPTION_RULE];

/** A refusal of the adoption rules: as a measure's (BAD_USER_INPUT naming the rule); a date in the future is the measures' FACT_IN_FUTURE. */
export type AdoptionViolation = Omit<Violation, 'rule'> & { rule: AdoptionRule | typeof LEGAL_RULE.FACT_IN_FUTURE };

/** Throws the first violation, if any (before anything is written). */
export function refuseAdoption(violations: readonly (AdoptionViolation | Violation | null)[]): void {
  const first = violations.find((v) => v !== null);
  if (first) throw legalError(first as unknown as Violation);
}

/** The day a provisional ward becomes a ward of the State (its first day as one); the admission day for a judgment. */
export function wardDefinitiveOn(ground: WardGroundName, admittedOn: string): string {
  const months = WARD_GROUNDS[ground].provisionalMonths;
  return months === null ? admittedOn : addMonths(admittedOn, months);
}

/** Whether the ward is still provisional on `day` (the parents may take the child back, CASF L224-6). */
export function wardProvisionalOn(ground: WardGroundName, admittedOn: string, day: string): boolean {
  return day < wardDefinitiveOn(ground, admittedOn);
}

/** The last day of the recourse against the admission order (CASF L224-8); null while no order is recorded. */
export function wardRecourseUntil(admissionOrderOn: string | null): string | null {
  return admissionOrderOn ? addDays(admissionOrderOn, WARD_RECOURSE_DAYS) : null;
}

/**
 * The family council's next review of a ward's situation: within 2 months of admission, then
 * yearly after the last one held (CASF L224-4 as DOMAIN.md says; MEASURE_RULES' WARD_OF_THE_STATE
 * row holds the figures, the caseload's FAMILY_COUNCIL_REVIEW deadline reads the same).
 */
export function wardReviewDueOn(admittedOn: string, lastReviewOn: string | null): string {
  const review = measureRule('WARD_OF_THE_STATE').next.familyCouncilReview!;
  return lastReviewOn ? addMonths(lastReviewOn, review.thenEveryMonths) : addMonths(admittedOn, review.firstWithinMonths);
}

export function wardAdmissionViolations(input: { ground: WardGroundName; admittedOn: string; judgmentOn: string | null; admissionOrderOn: string | null; today: string }): AdoptionViolation[] {
  const ground = WARD_GROUNDS[input.ground];
  const out: AdoptionViolation[] = [];
  if (ground.judgment && !input.judgmentOn) {
    out.push({ rule: ADOPTION_RULE.WARD_GROUND, message: `a child is admitted on ${input.ground} on the judgment (${ground.source}): give judgmentOn`, argument: 'input.judgmentOn' });
  }
  if (!ground.judgment && input.judgmentOn) {
    out.push({ rule: ADOPTION_RULE.WARD_GROUND, message: `${input.ground} (${ground.source}) rests on no judgment: leave judgmentOn out`, argument: 'input.judgmentOn' });
  }
  if (input.judgmentOn && input.admittedOn < input.judgmentOn) {
    out.push({ rule: ADOPTION_RULE.WARD_GROUND, message: `the child is admitted on the judgment (${input.judgmentOn}), not before`, argument: 'input.admittedOn' });
  }
  if (input.admissionOrderOn && input.admissionOrderOn < input.admittedOn) {
    out.push({ rule: ADOPTION_RULE.WARD_GROUND, message: `the admission order follows the admission (${input.admittedOn})`, argument: 'input.admissionOrderOn' });
  }
  for (const [day, argument, what] of [
    [input.admittedOn, 'input.admittedOn', 'an admission'],
    [input.judgmentOn, 'input.judgmentOn', 'a judgment'],
    [input.admissionOrderOn, 'input.admissionOrderOn', 'an admission order'],
  ] as const) {
    if (day && day > input.today) out.push({ rule: LEGAL_RULE.FACT_IN_FUTURE, message: `${what} cannot be dated in the future (${day}; today is ${input.today})`, argument });
  }
  return out;
}

/** The council deliberates with a majority of its members in office present. */
export function quorumViolation(present: number, inOffice: number, argument: string): AdoptionViolation | null {
  if (inOffice > 0 && present * 2 > inOffice) return null;
  return {
    rule: ADOPTION_RULE.FAMILY_COUNCIL_QUORUM,
    message: `the family council deliberates with a majority of its ${inOffice} members in office present; ${present} were`,
    argument,
  };
}

export interface ApprovalFacts {
  requestedOn: string;
  socialAssessmentOn: string | null;
  psychologicalAssessmentOn: string | null;
  decision: 'APPROVED' | 'REFUSED' | null;
  decidedOn: string | null;
  lastConfirmedOn: string | null;
  withdrawnOn: string | null;
}

/** The day the approval is due at the latest: 9 months after the request (CASF L225-2). */
export function approvalDecisionDueOn(requestedOn: string): string {
  return addMonths(requestedOn, APPROVAL_DECISION_MONTHS);
}

/** Its last day of validity: 5 years from the decision (CASF L225-2); null unless approved. */
export function approvalValidUntil(a: Pick<ApprovalFacts, 'decision' | 'decidedOn'>): string | null {
  return a.decision === 'APPROVED' && a.decidedOn ? addDays(addMonths(a.decidedOn, APPROVAL_VALIDITY_MONTHS), -1) : null;
}

/** The next yearly confirmation that the project stands; null unless approved. */
export function approvalConfirmationDueOn(a: Pick<ApprovalFacts, 'decision' | 'decidedOn' | 'lastConfirmedOn'>): string | null {
  if (a.decision !== 'APPROVED' || !a.decidedOn) return null;
  return addMonths(a.lastConfirmedOn ?? a.decidedOn, APPROVAL_CONFIRMATION_MONTHS);
}

export function approvalDecisionViolations(a: ApprovalFacts, d: { decision: 'APPROVED' | 'REFUSED'; decidedOn: string; commissionOn: string | null; reasons: string | null; today: string }): AdoptionViolation[] {
  const out: AdoptionViolation[] = [];
  if (!a.socialAssessmentOn || !a.psychologicalAssessmentOn) {
    out.push({ rule: ADOPTION_RULE.APPROVAL_ASSESSMENTS, message: 'an approval is decided after the social and the psychological assessments (CASF R225-4): record both first', argument: 'input.id' });
  }
  if (!d.commissionOn) {
    out.push({ rule: ADOPTION_RULE.APPROVAL_ASSESSMENTS, message: 'an approval is decided after the approval commission’s opinion (CASF R225-9): give commissionOn', argument: 'input.commissionOn' });
  } else if (d.commissionOn > d.decidedOn) {
    out.push({ rule: ADOPTION_RULE.APPROVAL_ASSESSMENTS, message: `the commission sits before the decision (${d.decidedOn})`, argument: 'input.commissionOn' });
  }
  if (d.decision === 'REFUSED' && !d.reasons?.trim()) {
    out.push({ rule: ADOPTION_RULE.APPROVAL_REASONS, message: 'a refusal of approval gives its reasons (CASF L225-2)', argument: 'input.reasons' });
  }
  if (d.decidedOn < a.requestedOn) {
    out.push({ rule: ADOPTION_RULE.APPROVAL_ASSESSMENTS, message: `the decision follows the request (${a.requestedOn})`, argument: 'input.decidedOn' });
  }
  if (d.decidedOn > d.today) out.push({ rule: LEGAL_RULE.FACT_IN_FUTURE, message: `a decision cannot be dated in the future (${d.decidedOn}; today is ${d.today})`, argument: 'input.decidedOn' });
  return out;
}

/** Whether an approval is in force on `day`: approved, not withdrawn, within its 5 years. */
export function approvalInForceOn(a: ApprovalFacts, day: string): boolean {
  const until = approvalValidUntil(a);
  return until !== null && a.decidedOn! <= day && day <= until && (a.withdrawnOn === null || day < a.withdrawnOn);
}

export interface PlacementForAdoption {
  ward: { ground: WardGroundName; admittedOn: string; endedOn: string | null };
  approval: ApprovalFacts;
  /** The family council's agreement to this match (a MATCHING decision for this ward and these adopters), its day; null: none. */
  matchedOn: string | null;
  placedOn: string;
  today: string;
}

export function adoptionPlacementViolations(p: PlacementForAdoption): AdoptionViolation[] {
  const out: AdoptionViolation[] = [];
  if (p.ward.endedOn !== null) {
    out.push({ rule: ADOPTION_RULE.WARD_PROVISIONAL, message: `the child ceased to be a ward on ${p.ward.endedOn}`, argument: 'input.wardFileId' });
  } else if (wardProvisionalOn(p.ward.ground, p.ward.admittedOn, p.placedOn)) {
    out.push({
      rule: ADOPTION_RULE.WARD_PROVISIONAL,
      message: `the child is a ward only provisionally until ${wardDefinitiveOn(p.ward.ground, p.ward.admittedOn)} (CASF L224-6, CC 351): no placement for adoption before`,
      argument: 'input.placedOn',
    });
  }
  if (!approvalInForceOn(p.approval, p.placedOn)) {
    out.push({ rule: ADOPTION_RULE.APPROVAL_IN_FORCE, message: `these applicants hold no approval in force on ${p.placedOn} (CASF L225-2)`, argument: 'input.approvalId' });
  }
  if (p.matchedOn === null || p.matchedOn > p.placedOn) {
    out.push({
      rule: ADOPTION_RULE.FAMILY_COUNCIL_MATCHING,
      message: 'a ward is placed for adoption with adopters the family council agreed to (CASF L225-1): record its MATCHING decision first',
      argument: 'input.approvalId',
    });
  }
  if (p.placedOn > p.today) out.push({ rule: LEGAL_RULE.FACT_IN_FUTURE, message: `a placement cannot be dated in the future (${p.placedOn}; today is ${p.today})`, argument: 'input.placedOn' });
  return out;
}

/** The earliest day a plenary adoption can be pronounced: 6 months after the placement (CC 345). */
export function earliestAdoptionJudgmentOn(placedOn: string): string {
  return addMonths(placedOn, ADOPTION_MIN_PLACEMENT_MONTHS);
}

/** What the law says of an adoption pronounced for a ward placed on `placedOn`: the council consented by then; a plenary one 6 months after the placement. */
export function adoptionJudgmentViolations(j: { plenary: boolean; placedOn: string; judgmentOn: string; consentedOn: string | null }): AdoptionViolation[] {
  const out: AdoptionViolation[] = [];
  if (j.consentedOn === null || j.consentedOn > j.judgmentOn) {
    out.push({ rule: ADOPTION_RULE.FAMILY_COUNCIL_CONSENT, message: 'a ward is adopted with the family council’s consent (CC 349): record its CONSENT_TO_ADOPTION decision first', argument: 'input.outcome' });
  }
  if (j.plenary && j.judgmentOn < earliestAdoptionJudgmentOn(j.placedOn)) {
    out.push({
      rule: ADOPTION_RULE.ADOPTION_PLACEMENT_DURATION,
      message: `a plenary adoption is pronounced after 6 months in the adopters’ home (CC 345): not before ${earliestAdoptionJudgmentOn(j.placedOn)}`,
      argument: 'input.on',
    });
  }
  return out;
}
