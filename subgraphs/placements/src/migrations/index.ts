import { Placements1764150000000 } from './1764150000000-Placements';
import { PlacementsDomain1764300000000 } from './1764300000000-PlacementsDomain';

/** Every migration of the placements schema, in order. */
export const migrations = [Placements1764150000000, PlacementsDomain1764300000000];
