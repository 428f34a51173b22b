import { Placements1764150000000 } from './1764150000000-Placements';

/** Every migration of the placements schema, in order. */
export const migrations = [Placements1764150000000];
