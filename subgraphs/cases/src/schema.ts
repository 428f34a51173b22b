import { buildFederatedSchema, childrenInScopeResolver, type FederatedSchema } from '@passerelle/common';
import { CaseworkerChildrenResolver } from './access/caseworker.resolver';
import {
  AdopterApprovalResolver,
  AdoptionPlacementResolver,
  ChildWardFileResolver,
  FamilyCouncilDecisionResolver,
  FamilyCouncilMeetingResolver,
  FamilyCouncilMemberResolver,
  WardFileResolver,
} from './adoption/adoption.resolver';
import { BreakGlassResolver } from './break-glass/break-glass.resolver';
import { CaseloadResolver, DeadlineResolver } from './caseload/caseload.resolver';
import { ChildResolver } from './child/child.resolver';
import { ChildConcernsResolver, ConcernResolver } from './concern/concern.resolver';
import { EvaluationResolver } from './evaluation/evaluation.resolver';
import { ChildHearingsResolver, HearingResolver } from './hearing/hearing.resolver';
import { ChildFamilyAgreementsResolver, FamilyAgreementResolver, MeasureFamilyAgreementResolver } from './family/family-agreement.resolver';
import { ChildMeasuresResolver, MeasureResolver } from './measure/measure.resolver';
import { Partner } from './partner/partner.stub';
import { Guardian } from './people/guardian.entity';
import { ChildPeopleResolver, GuardianResolver } from './people/people.resolver';
import { ChildPlanResolver, ChildPlansResolver, PlanObjectiveResolver } from './plan/plan.resolver';
import { referenceResolvers } from './references';
import { ChildReferentsResolver, ReferentResolver } from './referent/referent.resolver';
import { ReferralResolver } from './referral/referral.resolver';
import { ChildReportsResolver, SituationReportResolver } from './report/report.resolver';
import { CasesStatisticsResolver } from './statistics/statistics.resolver';
import { ChildTimelineResolver } from './timeline/timeline.resolver';
import { ChildAccessLogResolver } from './audit/access-log.resolver';
import { AuditSearchResolver } from './audit/audit-search.resolver';
import { ActivityReportResolver } from './activity/activity.resolver';
import { casesInbox } from './notification/notification';
import { PersonalFileResolver, personalFileReference } from './retention/personal-file';

export const resolvers = [
  ChildResolver,
  ChildPeopleResolver,
  ReferentResolver,
  ChildReferentsResolver,
  GuardianResolver,
  ConcernResolver,
  ChildConcernsResolver,
  EvaluationResolver,
  ReferralResolver,
  MeasureResolver,
  ChildMeasuresResolver,
  FamilyAgreementResolver,
  ChildFamilyAgreementsResolver,
  MeasureFamilyAgreementResolver,
  WardFileResolver,
  ChildWardFileResolver,
  FamilyCouncilMemberResolver,
  FamilyCouncilMeetingResolver,
  FamilyCouncilDecisionResolver,
  AdopterApprovalResolver,
  AdoptionPlacementResolver,
  ChildPlanResolver,
  PlanObjectiveResolver,
  ChildPlansResolver,
  SituationReportResolver,
  ChildReportsResolver,
  HearingResolver,
  ChildHearingsResolver,
  ChildTimelineResolver,
  ChildAccessLogResolver,
  AuditSearchResolver,
  childrenInScopeResolver('cases'),
  CaseworkerChildrenResolver,
  BreakGlassResolver,
  CasesStatisticsResolver,
  CaseloadResolver,
  DeadlineResolver,
  ActivityReportResolver,
  casesInbox.resolver,
  PersonalFileResolver,
] as const;

export function buildCasesSchema(): Promise<FederatedSchema> {
  return buildFederatedSchema(
    {
      resolvers: [...resolvers],
      // Entities reachable only through `_entities` must be listed, or type-graphql drops them.
      orphanedTypes: [Guardian, Partner],
    },
    { ...referenceResolvers, ...personalFileReference } as typeof referenceResolvers,
  );
}
