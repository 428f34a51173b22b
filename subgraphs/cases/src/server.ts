import type { SubgraphDefinition } from '@passerelle/common';
import { casesLocalScope } from './access/row-policy';
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
  localScope: casesLocalScope,
};
