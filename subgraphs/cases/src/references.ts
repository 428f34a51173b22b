import { isUuid, type ReferenceResolvers } from '@passerelle/common';
import { caseloadService } from './caseload/caseload.service';
import type { CasesContext } from './context';

/**
 * A reference the principal may not see resolves to null with FORBIDDEN (the same words whether
 * the record exists or not); for the whole département a missing one is simply null.
 */
function resolve<T>(typeName: string, load: (ctx: CasesContext, id: string) => Promise<T | null>) {
  return {
    async __resolveReference(ref: { id: string }, ctx: CasesContext): Promise<T | null> {
      const found = isUuid(ref.id) ? await load(ctx, ref.id.toLowerCase()) : null;
      if (!found && !ctx.rows.whole) throw ctx.rows.absent(typeName, ref.id);
      return found;
    },
  };
}

/** Entities this subgraph owns, resolved from the gateway's references in batches (one statement per type). */
export const referenceResolvers = {
  Child: resolve('Child', (ctx, id) => ctx.loaders.childById.load(id)),
  Guardian: resolve('Guardian', (ctx, id) => ctx.loaders.guardianById.load(id)),
  Concern: resolve('Concern', (ctx, id) => ctx.loaders.concernById.load(id)),
  Measure: resolve('Measure', (ctx, id) => ctx.loaders.measureById.load(id)),
  // Only the signed-in member's own caseload: another member's is not there for them.
  Caseload: {
    async __resolveReference(ref: { memberId: string; withinDays: number }, ctx: CasesContext) {
      if (ref.memberId?.toLowerCase() !== ctx.principal.sub.toLowerCase() || !Number.isInteger(ref.withinDays) || ref.withinDays < 0 || ref.withinDays > 366) return null;
      return caseloadService.of(ctx, ref.withinDays);
    },
  },
} as unknown as ReferenceResolvers;
