import type { CasesContext } from '../context';
import type { Child } from './child.entity';

/** How the gateway's `{ __typename: "Child", id }` becomes a Child: batched, one statement. */
export const childReference = {
  __resolveReference(reference: { id: string }, ctx: CasesContext): Promise<Child | null> {
    return ctx.loaders.childById.load(reference.id);
  },
};
