import type { ReferenceResolvers } from '@passerelle/common';
import type { PartnersContext } from './context';

/**
 * Entities this subgraph owns, resolved from the gateway's references in batches: the gateway
 * sends every `{ __typename: "Partner", id }` of a query plan step in one `_entities` call, and
 * the per-request loader turns them into one statement.
 */
export const referenceResolvers = {
  Partner: {
    __resolveReference: (ref: { id: string }, ctx: PartnersContext) => ctx.loaders.partnerById.load(ref.id),
  },
  PartnerMember: {
    __resolveReference: (ref: { id: string }, ctx: PartnersContext) => ctx.loaders.memberById.load(ref.id),
  },
  Agreement: {
    __resolveReference: (ref: { id: string }, ctx: PartnersContext) => ctx.loaders.agreementById.load(ref.id),
  },
  Enrollment: {
    __resolveReference: (ref: { id: string }, ctx: PartnersContext) => ctx.loaders.enrollmentById.load(ref.id),
  },
  HealthFollowUp: {
    __resolveReference: (ref: { id: string }, ctx: PartnersContext) => ctx.loaders.healthFollowUpById.load(ref.id),
  },
} as unknown as ReferenceResolvers;
