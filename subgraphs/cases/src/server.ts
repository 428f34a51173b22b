import type { SubgraphDefinition } from '@passerelle/common';
import { createContext, type CasesContext } from './context';
import { entities } from './entities';
import { migrations } from './migrations';
import { buildCasesSchema } from './schema';

/** The cases subgraph: children, concerns, evaluations, measures, plans, reports, hearings. */
export const casesSubgraph: SubgraphDefinition<CasesContext> = {
  name: 'cases',
  entities,
  migrations,
  buildSchema: buildCasesSchema,
  createContext,
  // TEMPORARY (placements row-scope branch): cases contributes no children to any slice until the
  // cases row-scope branch gives its real facts (measures before a court, carried out by an association).
  localScope: () => async () => [],
};
