import type { ReferenceResolvers } from '@passerelle/common';
import type { CasesContext } from './context';

/** Entities this subgraph owns, resolved from the gateway's references in batches (one statement per type). */
export const referenceResolvers = {
  Child: { __resolveReference: (ref: { id: string }, ctx: CasesContext) => ctx.loaders.childById.load(ref.id) },
  Guardian: { __resolveReference: (ref: { id: string }, ctx: CasesContext) => ctx.loaders.guardianById.load(ref.id) },
  Concern: { __resolveReference: (ref: { id: string }, ctx: CasesContext) => ctx.loaders.concernById.load(ref.id) },
  Measure: { __resolveReference: (ref: { id: string }, ctx: CasesContext) => ctx.loaders.measureById.load(ref.id) },
} as unknown as ReferenceResolvers;
