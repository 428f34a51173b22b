import { isUuid, type ReferenceResolvers } from '@passerelle/common';
import type { PlacementsRows } from './access/row-policy';
import type { PlacementsContext } from './context';

/**
 * A reference the row policy leaves out resolves to null with FORBIDDEN (worded the same whether
 * the record exists or not); for a principal who sees every row of the kind, an unknown id is null.
 */
function reference<T>(rows: PlacementsRows, typeName: string, load: (ctx: PlacementsContext, id: string) => Promise<T | null>) {
  return {
    __resolveReference: async (ref: { id: string }, ctx: PlacementsContext): Promise<T | null> => {
      const found = isUuid(ref.id) ? await load(ctx, ref.id.toLowerCase()) : null;
      if (found || ctx.rows.seesAll(rows)) return found;
      throw ctx.rows.unseen(rows, typeName, ref.id);
    },
  };
}

/** Entities this subgraph owns, resolved from the gateway's references in batches. */
export const referenceResolvers = {
  Placement: reference('placements', 'Placement', (ctx, id) => ctx.loaders.placementById.load(id)),
  Facility: reference('facilities', 'Facility', (ctx, id) => ctx.loaders.facilityById.load(id)),
  VisitRight: reference('visitRights', 'VisitRight', (ctx, id) => ctx.loaders.visitRightById.load(id)),
  Visit: reference('visits', 'Visit', (ctx, id) => ctx.loaders.visitById.load(id)),
  ReturnHomePlan: reference('returnHomePlans', 'ReturnHomePlan', (ctx, id) => ctx.loaders.returnHomePlanById.load(id)),
  // Child and Measure are cases' entities: their representation ({ id }, plus `closedOn` when a
  // field requires it) is all the fields resolved here need, so it is returned as is.
} as unknown as ReferenceResolvers;
