import { buildFederatedSchema, type FederatedSchema } from '@passerelle/common';
import { Child } from './child/child.stub';
import { CASES_PROVIDES_MEASURE_CLOSED_ON } from './contracts';
import { FacilityResolver } from './facility/facility.resolver';
import { Guardian } from './guardian/guardian.stub';
import { MeasureReviewResolver } from './measure/measure-review.resolver';
import { MeasurePlacementsResolver } from './measure/measure.resolver';
import { Measure } from './measure/measure.stub';
import { Partner } from './partner/partner.stub';
import { ChildPlacementsResolver, PlacementResolver } from './placement/placement.resolver';
import { referenceResolvers } from './references';
import { ChildReturnHomeResolver, ReturnHomePlanResolver } from './return-home/return-home.resolver';
import { validationAsBadInput } from './validation';
import { ChildVisitRightsResolver, VisitResolver, VisitRightResolver } from './visit/visit.resolver';
import { Visit } from './visit/visit.entity';

export interface PlacementsSchemaOptions {
  /** Include the fields that `@requires` cases' `Measure.closedOn` (see contracts.ts). */
  measureClosedOn?: boolean;
}

export function buildPlacementsSchema(options: PlacementsSchemaOptions = {}): Promise<FederatedSchema> {
  const measureClosedOn = options.measureClosedOn ?? CASES_PROVIDES_MEASURE_CLOSED_ON;
  return buildFederatedSchema(
    {
      resolvers: [
        FacilityResolver,
        PlacementResolver,
        ChildPlacementsResolver,
        MeasurePlacementsResolver,
        ...(measureClosedOn ? [MeasureReviewResolver] : []),
        VisitRightResolver,
        VisitResolver,
        ChildVisitRightsResolver,
        ReturnHomePlanResolver,
        ChildReturnHomeResolver,
      ],
      globalMiddlewares: [validationAsBadInput],
      // Entities reachable only through `_entities` must be listed, or type-graphql drops them.
      orphanedTypes: [Child, Measure, Guardian, Partner, Visit],
    },
    referenceResolvers,
  );
}
