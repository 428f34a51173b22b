import type { SubgraphDefinition } from '@passerelle/common';
import { createContext, type PlacementsContext } from './context';
import { Facility } from './facility/facility.entity';
import { migrations } from './migrations';
import { Placement } from './placement/placement.entity';
import { buildPlacementsSchema } from './schema';

/** The placements subgraph: facilities, placements, visit rights, return-home plans. */
export const placementsSubgraph: SubgraphDefinition<PlacementsContext> = {
  name: 'placements',
  entities: [Facility, Placement],
  migrations,
  buildSchema: buildPlacementsSchema,
  createContext,
};
