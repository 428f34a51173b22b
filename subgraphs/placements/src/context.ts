import type { Database } from '@passerelle/common';
import { facilityLoaders } from './facility/facility.loaders';
import { placementLoaders } from './placement/placement.loaders';
import { returnHomeLoaders } from './return-home/return-home.loaders';
import { visitLoaders } from './visit/visit.loaders';

export interface PlacementsContext {
  db: Database;
  loaders: ReturnType<typeof createLoaders>;
}

/** Per-request DataLoaders: nothing cached outlives the request. */
function createLoaders(db: Database) {
  return {
    ...facilityLoaders(db.dataSource),
    ...placementLoaders(db.dataSource),
    ...visitLoaders(db.dataSource),
    ...returnHomeLoaders(db.dataSource),
  };
}

export async function createContext(db: Database): Promise<PlacementsContext> {
  return { db, loaders: createLoaders(db) };
}
