import { BreakGlassGrant } from './break-glass/break-glass.entity';
import { Child } from './child/child.entity';
import { ConcernChild } from './concern/concern-child.entity';
import { Concern } from './concern/concern.entity';
import { Evaluation } from './evaluation/evaluation.entity';
import { Hearing } from './hearing/hearing.entity';
import { AdopterApproval, AdoptionFollowUp, AdoptionPlacement, FamilyCouncilDecision, FamilyCouncilMeeting, FamilyCouncilMember, WardFile } from './adoption/adoption.entity';
import { FamilyAgreement, FamilyAgreementRenewal, FamilyAgreementSignature } from './family/family-agreement.entity';
import { MeasureRenewal } from './measure/measure-renewal.entity';
import { Measure } from './measure/measure.entity';
import { ContactPerson } from './people/contact-person.entity';
import { Guardian } from './people/guardian.entity';
import { ChildPlan } from './plan/child-plan.entity';
import { PlanAction, PlanNeed, PlanObjective, PlanReview, PlanSignature } from './plan/plan-parts.entity';
import { Referral } from './referral/referral.entity';
import { ChildReferent } from './referent/child-referent.entity';
import { SituationReport } from './report/situation-report.entity';
import { casesInbox } from './notification/notification';

/** Every table of the cases schema, as TypeORM entities. */
export const entities = [
  Child,
  Guardian,
  ContactPerson,
  Concern,
  ConcernChild,
  Evaluation,
  Referral,
  Measure,
  MeasureRenewal,
  FamilyAgreement,
  FamilyAgreementSignature,
  FamilyAgreementRenewal,
  WardFile,
  FamilyCouncilMember,
  FamilyCouncilMeeting,
  FamilyCouncilDecision,
  AdopterApproval,
  AdoptionPlacement,
  AdoptionFollowUp,
  ChildPlan,
  PlanNeed,
  PlanObjective,
  PlanAction,
  PlanReview,
  PlanSignature,
  SituationReport,
  Hearing,
  ChildReferent,
  BreakGlassGrant,
  casesInbox.entity,
];
