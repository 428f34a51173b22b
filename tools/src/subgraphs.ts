import { casesIsEmpty, casesSubgraph, seedCases } from '@passerelle/cases';
import type { SubgraphDefinition } from '@passerelle/common';
import { partnersIsEmpty, partnersSubgraph, seedPartners } from '@passerelle/partners';
import { placementsIsEmpty, placementsSubgraph, seedPlacements } from '@passerelle/placements';
import type { DataSource } from 'typeorm';
import type { SeedPlan } from '@passerelle/common';

/** The three subgraphs, with the port variable each listens on and how each seeds its schema. */
export interface SubgraphEntry {
  definition: SubgraphDefinition<never>;
  portVariable: 'CASES_PORT' | 'PLACEMENTS_PORT' | 'PARTNERS_PORT';
  urlVariable: 'CASES_URL' | 'PLACEMENTS_URL' | 'PARTNERS_URL';
  /** `keepImported`: the first start, which seeds alongside what an import put there first. */
  seed(dataSource: DataSource, plan: SeedPlan, options?: { keepImported?: boolean }): Promise<void>;
  isEmpty(dataSource: DataSource): Promise<boolean>;
}

export const SUBGRAPHS: readonly SubgraphEntry[] = [
  {
    definition: casesSubgraph as SubgraphDefinition<never>,
    portVariable: 'CASES_PORT',
    urlVariable: 'CASES_URL',
    seed: seedCases,
    isEmpty: casesIsEmpty,
  },
  {
    definition: placementsSubgraph as SubgraphDefinition<never>,
    portVariable: 'PLACEMENTS_PORT',
    urlVariable: 'PLACEMENTS_URL',
    seed: seedPlacements,
    isEmpty: placementsIsEmpty,
  },
  {
    definition: partnersSubgraph as SubgraphDefinition<never>,
    portVariable: 'PARTNERS_PORT',
    urlVariable: 'PARTNERS_URL',
    seed: seedPartners,
    isEmpty: partnersIsEmpty,
  },
];
