import { buildFederatedSchema, childrenInScopeResolver, type FederatedSchema } from '@passerelle/common';
import { AccessCheckResolver } from './access/access-check';
import { IdentifyResolver } from './access/identify';
import { AgreementResolver } from './agreement/agreement.resolver';
import { ChildPartnersResolver } from './child/child.resolver';
import { Child } from './child/child.stub';
import { Caseworker } from './member/caseworker.type';
import { EnrollmentResolver } from './enrollment/enrollment.resolver';
import { HealthFollowUpResolver } from './health/health-follow-up.resolver';
import { CaseworkersResolver } from './member/caseworkers.resolver';
import { PartnerMemberResolver } from './member/member.resolver';
import { CourtJurisdictionResolver } from './partner/competence.resolver';
import { PartnerResolver } from './partner/partner.resolver';
import { referenceResolvers } from './references';
import { WebhookResolver } from './webhook/webhook';
import { PersonalFile, PersonalFilePartnersResolver, personalFileReference } from './retention/personal-file';

export function buildPartnersSchema(): Promise<FederatedSchema> {
  return buildFederatedSchema(
    {
      resolvers: [
        PartnerResolver,
        PartnerMemberResolver,
        AgreementResolver,
        EnrollmentResolver,
        HealthFollowUpResolver,
        ChildPartnersResolver,
        AccessCheckResolver,
        IdentifyResolver,
        childrenInScopeResolver('partners'),
        CourtJurisdictionResolver,
        CaseworkersResolver,
        WebhookResolver,
        PersonalFilePartnersResolver,
      ],
      // Entities reachable only through `_entities` must be listed, or type-graphql drops them.
      orphanedTypes: [Child, Caseworker, PersonalFile],
    },
    { ...referenceResolvers, ...personalFileReference } as typeof referenceResolvers,
  );
}
