import { buildFederatedSchema, type FederatedSchema } from '@passerelle/common';
import { AccessCheckResolver } from './access/access-check';
import { Child } from './child/child.stub';
import { Enrollment } from './enrollment/enrollment.entity';
import { ChildEnrollmentsResolver, EnrollmentResolver } from './enrollment/enrollment.resolver';
import { PartnerResolver } from './partner/partner.resolver';
import { referenceResolvers } from './references';

export function buildPartnersSchema(): Promise<FederatedSchema> {
  return buildFederatedSchema(
    {
      resolvers: [PartnerResolver, EnrollmentResolver, ChildEnrollmentsResolver, AccessCheckResolver],
      // Entities reachable only through `_entities` must be listed, or type-graphql drops them.
      orphanedTypes: [Child, Enrollment],
    },
    referenceResolvers,
  );
}
