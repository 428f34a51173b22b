import type { ReferenceResolvers } from '@passerelle/common';
import type { PlacementsContext } from './context';

/** Entities this subgraph owns, resolved from the gateway's references in batches. */
export const referenceResolvers = {
  Placement: {
    __resolveReference: (ref: { id: string }, ctx: PlacementsContext) => ctx.loaders.placementById.load(ref.id),
  },
  Facility: {
    __resolveReference: (ref: { id: string }, ctx: PlacementsContext) => ctx.loaders.facilityById.load(ref.id),
  },
  VisitRight: {
    __resolveReference: (ref: { id: string }, ctx: PlacementsContext) => ctx.loaders.visitRightById.load(ref.id),
  },
  Visit: {
    __resolveReference: (ref: { id: string }, ctx: PlacementsContext) => ctx.loaders.visitById.load(ref.id),
  },
  ReturnHomePlan: {
    __resolveReference: (ref: { id: string }, ctx: PlacementsContext) => ctx.loaders.returnHomePlanById.load(ref.id),
  },
  // Child and Measure are cases' entities: their representation ({ id }, plus `closedOn` when a
  // field requires it) is all the fields resolved here need, so it is returned as is.
} as unknown as ReferenceResolvers;
