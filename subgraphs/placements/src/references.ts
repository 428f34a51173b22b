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
} as unknown as ReferenceResolvers;
