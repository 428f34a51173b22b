import type { ReferenceResolvers } from '@passerelle/common';
import type { PartnersContext } from './context';

/** Entities this subgraph owns, resolved from the gateway's references in batches. */
export const referenceResolvers = {
  Partner: {
    __resolveReference: (ref: { id: string }, ctx: PartnersContext) => ctx.loaders.partnerById.load(ref.id),
  },
  Enrollment: {
    __resolveReference: (ref: { id: string }, ctx: PartnersContext) => ctx.loaders.enrollmentById.load(ref.id),
  },
} as unknown as ReferenceResolvers;
