import { isUuid, type ReferenceResolvers } from '@passerelle/common';
import { Caseworker } from './member/caseworker.type';
import { CASEWORK_KINDS } from './member/caseworkers.resolver';
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
  // A member as a caseworker (a child's référent, an evaluator): members of a département or a CRIP only.
  Caseworker: {
    __resolveReference: async (ref: { id: string }, ctx: PartnersContext): Promise<Caseworker | null> => {
      const member = isUuid(ref.id) ? await ctx.loaders.memberById.load(ref.id.toLowerCase()) : null;
      const partner = member ? await ctx.loaders.partnerById.load(member.partnerId) : null;
      if (!member || !partner || !CASEWORK_KINDS.includes(partner.kind)) return null;
      const { id, firstName, lastName, role, phone, email, active } = member;
      return { id, firstName, lastName, role, phone, email, active };
    },
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
