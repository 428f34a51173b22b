import type { SubgraphDefinition } from '@passerelle/common';
import { placementsLocalScope } from './access/row-policy';
import { createContext, type PlacementsContext } from './context';
import { Facility } from './facility/facility.entity';
import { migrations } from './migrations';
import { placementsInbox, scanPlacementsDeadlines } from './notification/notification';
import { Placement } from './placement/placement.entity';
import { ReturnHomeMilestone, ReturnHomeMove, ReturnHomePhaseEntry } from './return-home/return-home-parts.entity';
import { ReturnHomePlan } from './return-home/return-home-plan.entity';
import { buildPlacementsSchema } from './schema';
import { VisitRight } from './visit/visit-right.entity';
import { Visit } from './visit/visit.entity';

/** The placements subgraph: facilities, placements, visit rights, return-home plans. */
export const placementsSubgraph: SubgraphDefinition<PlacementsContext> = {
  name: 'placements',
  entities: [Facility, Placement, VisitRight, Visit, ReturnHomePlan, ReturnHomePhaseEntry, ReturnHomeMove, ReturnHomeMilestone, placementsInbox.entity],
  migrations,
  buildSchema: () => buildPlacementsSchema(),
  createContext,
  localScope: placementsLocalScope,
  notifications: { scanDeadlines: scanPlacementsDeadlines },
};
