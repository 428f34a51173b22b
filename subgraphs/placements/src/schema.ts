import { ActivityReport, ActivityReportPlacementsResolver, activityReportReference } from './activity/activity';
import { buildFederatedSchema, childrenInScopeResolver, type FederatedSchema } from '@passerelle/common';
import { CaseloadVisitsResolver } from './caseload/caseload.resolver';
import { Caseload } from './caseload/caseload.stub';
import { Child } from './child/child.stub';
import { FacilityResolver } from './facility/facility.resolver';
import { Guardian } from './guardian/guardian.stub';
import { MeasureReviewResolver } from './measure/measure-review.resolver';
import { MeasurePlacementsResolver } from './measure/measure.resolver';
import { Measure } from './measure/measure.stub';
import { Partner } from './partner/partner.stub';
import { ChildPlacementsResolver, PlacementResolver } from './placement/placement.resolver';
import { placementsInbox } from './notification/notification';
import { referenceResolvers } from './references';
import { ChildReturnHomeResolver, ReturnHomePlanResolver } from './return-home/return-home.resolver';
import { PlacementsStatisticsResolver } from './statistics/statistics.resolver';
import { ChildVisitRightsResolver, VisitResolver, VisitRightResolver } from './visit/visit.resolver';
import { Visit } from './visit/visit.entity';
import { FacilityWeekResolver } from './visit/week.resolver';
import { PersonalFile, PersonalFilePlacementsResolver, personalFileReference } from './retention/personal-file';

/**
 * `Measure.placementsNeedReview` `@requires` the cases subgraph's `Measure.closedOn` (the day a
 * measure ended or was lifted): ending a measure flags the placements still open under it.
 */
export function buildPlacementsSchema(): Promise<FederatedSchema> {
  return buildFederatedSchema(
    {
      resolvers: [
        FacilityResolver,
        PlacementResolver,
        ChildPlacementsResolver,
        MeasurePlacementsResolver,
        MeasureReviewResolver,
        VisitRightResolver,
        VisitResolver,
        ChildVisitRightsResolver,
        ReturnHomePlanResolver,
        ChildReturnHomeResolver,
        childrenInScopeResolver('placements'),
        PlacementsStatisticsResolver,
        CaseloadVisitsResolver,
        FacilityWeekResolver,
        ActivityReportPlacementsResolver,
        placementsInbox.resolver,
        PersonalFilePlacementsResolver,
      ],
      // Entities reachable only through `_entities` must be listed, or type-graphql drops them.
      orphanedTypes: [Child, Measure, Guardian, Partner, Visit, Caseload, ActivityReport, PersonalFile],
    },
    { ...referenceResolvers, ...activityReportReference, ...personalFileReference } as typeof referenceResolvers,
  );
}
