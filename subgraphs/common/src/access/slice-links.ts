import type { Audience } from './matrix';

/**
 * The writes that define a slice (issue 10, class 3). A partner's slice of children rests on
 * facts (ROW_SCOPES in matrix.ts): a school's enrolments, a PMI centre's follow-ups, the measures
 * and hearings before a court and the court's competence, the referrals sent to a parquet, an
 * association's placements and the measures it carries out. The rule, everywhere: **no
 * partner's write may add a child to its own slice** — such facts come from the département, or
 * from the partner as a declaration that stays outside its slice until the département confirms
 * it, or (a court) follow the court's competence.
 *
 * This registry names, for every Mutation field of the supergraph, whether it creates or changes
 * such a fact, and if so the rule that keeps it from widening its writer's slice. A test
 * (`slice-links.test.ts`) fails when a mutation of `schema/supergraph.graphql` has no entry, or an
 * entry names no mutation: a new slice-defining mutation cannot appear without its rule.
 * docs/ACCESS.md renders it ("Writes that define a slice").
 */

/** Whose slice a fact defines: the audiences whose row scope is not the whole département. */
export type SliceHolder = Extract<Audience, 'school' | 'pmi' | 'judge' | 'prosecutor' | 'association'>;

export type SliceLink =
  | {
      /** The slices the fact defines. */
      defines: SliceHolder | readonly SliceHolder[];
      /** How the write is kept from widening its writer's own slice (one sentence). */
      rule: string;
    }
  | {
      /** The mutation creates or changes no fact that puts a child in a slice. */
      defines: null;
      /** Why, where it is not obvious. */
      rule?: string;
    };

/** A court's competence (CPC 1181: the children's judge of the place where the child lives). */
const COURT =
  'the court’s competence: the child’s commune of residence within the court’s jurisdiction, or a measure already before it';
const WHOLE_DEPARTMENT = 'written by the département or the CRIP only (whole-département writers, matrix W); no partner writes it';
const DEPARTMENT_ONLY = 'written by the département only (matrix W); the partner whose slice it defines only reads it';
const NARROWS = 'narrows only: it can take a child out of a slice, never put one in';

export const SLICE_LINKS = {
  // cases: children and their families
  createChild: { defines: null, rule: 'a new child is in no partner’s slice until a fact of its own puts it there' },
  updateChild: {
    defines: 'judge',
    rule: `the child’s commune of residence decides a court’s competence: ${WHOLE_DEPARTMENT}`,
  },
  addGuardian: { defines: null },
  updateGuardian: { defines: null },
  endParentalAuthority: { defines: null },
  addChildContactPerson: { defines: null },
  removeChildContactPerson: { defines: null },

  assignReferent: {
    defines: null,
    rule: 'puts no child in any partner’s slice; it puts the child in a département member’s caseload — written by the département only, by a caseworker only for a child already in their own slice (the write is held to the read slice), so it can never widen its writer’s slice',
  },
  endReferent: { defines: null, rule: `takes the child out of a member’s caseload: ${NARROWS}` },
  breakGlass: {
    defines: null,
    rule: 'puts no child in any partner’s slice; it opens one child to its writer, a département caseworker, for BREAK_GLASS_HOURS — the one write that widens its writer’s own slice, by design: explicit, with a reason, bounded, audited and listed to the managers',
  },

  // cases: concerns, evaluations, referrals
  submitConcern: {
    defines: null,
    rule: 'the sender sees the status of its own concern only, and the concern puts no child in its slice',
  },
  acknowledgeConcern: { defines: null },
  recordParentsInformation: { defines: null },
  recordSenderFeedback: { defines: null },
  startEvaluation: { defines: null },
  updateEvaluation: { defines: null },
  concludeEvaluation: { defines: 'prosecutor', rule: `a conclusion that refers the concern sends it to a parquet: ${WHOLE_DEPARTMENT}` },
  referConcernToProsecutor: { defines: 'prosecutor', rule: `the referral puts the children in the parquet’s slice: ${WHOLE_DEPARTMENT}` },
  recordReferralDecision: {
    defines: null,
    rule: 'the parquet decides on a referral already sent to it; seizing the children’s judge is a hearing or a measure, under the court’s rule',
  },

  // cases: the court
  scheduleHearing: { defines: 'judge', rule: COURT },
  recordHearingOutcome: { defines: null, rule: 'a hearing already before the court' },
  proposeMeasure: {
    defines: ['judge', 'association'],
    rule: `${COURT}; the operating association is named by the département or the judge, never by itself (association: R on measures)`,
  },
  activateMeasure: { defines: ['judge', 'association'], rule: COURT },
  renewMeasure: { defines: null, rule: 'a measure already before the court and its operator: only its end date moves' },
  // cases: the family's written agreement an administrative measure rests on (the département's alone)
  recordFamilyAgreement: { defines: null, rule: 'a family agreement puts no child in any slice; the measure that rests on it does, as any measure' },
  signFamilyAgreement: { defines: null },
  renewFamilyAgreement: { defines: null },
  endFamilyAgreement: { defines: null },
  // cases: wards of the State and adoption (matrix ADOPTION: the département's adoption team alone)
  admitWard: { defines: null, rule: 'a ward file puts no child in any partner’s slice (no partner reads ADOPTION); the ward’s measure does, as any measure' },
  endWardship: { defines: null },
  appointFamilyCouncilMember: { defines: null, rule: 'a member of the family council is no partner and reads nothing through Passerelle' },
  recordFamilyCouncilMeeting: { defines: null },
  requestAdopterApproval: { defines: null, rule: 'applicants for approval are people, not partners: no slice' },
  recordApprovalAssessment: { defines: null },
  decideAdopterApproval: { defines: null },
  confirmAdopterApproval: { defines: null },
  placeForAdoption: { defines: null, rule: 'the adopters are no partner: a placement with a view to adoption opens the child to no institution' },
  recordAdoptionFollowUp: { defines: null },
  recordAdoptionJudgment: { defines: null },
  endMeasure: { defines: 'association', rule: NARROWS },
  liftMeasure: { defines: 'association', rule: NARROWS },

  // cases: plans and reports
  createChildPlan: { defines: null },
  reviewChildPlan: { defines: null },
  signChildPlan: { defines: null },
  updateSituationReport: { defines: null },
  sendSituationReport: { defines: null },

  // partners: the directory and its administration
  // Every directory write needs directory:admin (DIRECTORY_ADMINISTRATION), whatever the member's
  // role: who acts for whom with which rights is the data controller's decision.
  createPartner: {
    defines: 'judge',
    rule: `a court’s jurisdiction decides its competence: ${DEPARTMENT_ONLY}, scope directory:admin`,
  },
  updatePartner: {
    defines: 'judge',
    rule: `a court’s jurisdiction decides its competence: ${DEPARTMENT_ONLY}, scope directory:admin`,
  },
  closePartner: { defines: ['school', 'pmi', 'judge', 'prosecutor', 'association'], rule: NARROWS },
  createPartnerMember: { defines: null, rule: 'a member acts for its institution’s slice, which membership does not change' },
  updatePartnerMember: {
    defines: null,
    rule: 'a member acts for its institution’s slice, which membership does not change; their e-mail (sign-in) and activation are changed by another member holding directory:admin, never by themselves',
  },
  setMemberAccess: {
    defines: null,
    rule: 'puts no child in any partner’s slice; a département caseworker’s team and role decide their own slice, and are set only by another member holding directory:admin, never by themselves',
  },
  createPartnerAgreement: { defines: null, rule: 'an agreement grants categories of data, not children' },
  updatePartnerAgreement: { defines: null, rule: 'an agreement grants categories of data, not children' },

  // partners: schooling and PMI follow-up
  enrollChild: {
    defines: 'school',
    rule: 'a school declares (its own schoolId only): the declaration puts no child in its slice and ends no other enrolment; the département confirms',
  },
  confirmEnrollment: { defines: 'school', rule: `the département’s confirmation of a school’s declaration: ${DEPARTMENT_ONLY}` },
  rejectEnrollment: { defines: 'school', rule: `a rejected declaration never comes into force: ${DEPARTMENT_ONLY}` },
  endEnrollment: { defines: 'school', rule: `${NARROWS}; a school ends its own enrolments only` },
  startHealthFollowUp: {
    defines: 'pmi',
    rule: 'a PMI centre declares (its own pmiId only): the declaration puts no child in its slice and ends no other follow-up; the département confirms',
  },
  confirmHealthFollowUp: { defines: 'pmi', rule: `the département’s confirmation of a PMI centre’s declaration: ${DEPARTMENT_ONLY}` },
  rejectHealthFollowUp: { defines: 'pmi', rule: `a rejected declaration never comes into force: ${DEPARTMENT_ONLY}` },
  endHealthFollowUp: { defines: 'pmi', rule: `${NARROWS}; a PMI centre ends its own follow-ups only` },

  // placements
  registerFacility: {
    defines: 'association',
    rule: `the operator of a facility sees the children placed there: ${DEPARTMENT_ONLY}`,
  },
  setFacilityPlaces: { defines: null },
  placeChild: { defines: 'association', rule: `a placement puts the child in the operating association’s slice: ${DEPARTMENT_ONLY}` },
  endPlacement: { defines: 'association', rule: NARROWS },
  startReturnHomePlan: { defines: null },
  moveReturnHomePlan: { defines: null },
  addReturnHomeMilestone: { defines: null },
  reachReturnHomeMilestone: { defines: null },
  setVisitRight: { defines: null },
  endVisitRight: { defines: null },
  planVisits: { defines: null },
  recordVisitHeld: { defines: null },
  cancelVisit: { defines: null },

  // notifications (issue 13): the recipient's own inbox and delivery settings
  acknowledgeCaseNotifications: { defines: null, rule: 'marks the institution’s own notifications read; no child, no slice' },
  acknowledgePlacementNotifications: { defines: null, rule: 'marks the institution’s own notifications read; no child, no slice' },
  redeliverCaseNotification: { defines: null, rule: 'queues the institution’s own dead delivery again; no child, no slice' },
  redeliverPlacementNotification: { defines: null, rule: 'queues the institution’s own dead delivery again; no child, no slice' },
  setWebhook: { defines: null, rule: 'where an institution’s notifications are delivered (ids, kinds and dates of what it already reads); no child, no slice' },
  removeWebhook: { defines: null, rule: 'stops an institution’s webhook deliveries; no child, no slice' },
} as const satisfies Record<string, SliceLink>;

export type SliceDefiningMutation = keyof typeof SLICE_LINKS;

/** The slices a mutation's facts define, as a list (empty when none). */
export function slicesDefinedBy(link: SliceLink): readonly SliceHolder[] {
  if (link.defines === null) return [];
  return typeof link.defines === 'string' ? [link.defines] : link.defines;
}
