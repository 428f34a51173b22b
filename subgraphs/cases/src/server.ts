import type { SubgraphDefinition } from '@passerelle/common';
import { Child } from './child/child.entity';
import { createContext, type CasesContext } from './context';
import { migrations } from './migrations';
import { buildCasesSchema } from './schema';

/** The cases subgraph: children, concerns, evaluations, measures, plans, reports, hearings. */
export const casesSubgraph: SubgraphDefinition<CasesContext> = {
  name: 'cases',
  entities: [Child],
  migrations,
  buildSchema: buildCasesSchema,
  createContext,
};
