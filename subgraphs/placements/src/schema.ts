import { buildFederatedSchema, type FederatedSchema } from '@passerelle/common';
import { Child } from './child/child.stub';
import { FacilityResolver } from './facility/facility.resolver';
import { ChildPlacementsResolver, PlacementResolver } from './placement/placement.resolver';
import { referenceResolvers } from './references';

export function buildPlacementsSchema(): Promise<FederatedSchema> {
  return buildFederatedSchema(
    {
      resolvers: [FacilityResolver, PlacementResolver, ChildPlacementsResolver],
      // Entities reachable only through `_entities` must be listed, or type-graphql drops them.
      orphanedTypes: [Child],
    },
    referenceResolvers,
  );
}
