import type { Database } from '@passerelle/common';
import { placementLoaders } from './placement/placement.loaders';

export interface PlacementsContext {
  db: Database;
  loaders: ReturnType<typeof createLoaders>;
}

function createLoaders(db: Database) {
  return { ...placementLoaders(db.dataSource) };
}

export async function createContext(db: Database): Promise<PlacementsContext> {
  return { db, loaders: createLoaders(db) };
}
