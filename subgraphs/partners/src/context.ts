import type { Database } from '@passerelle/common';
import { partnerLoaders } from './enrollment/enrollment.loaders';

export interface PartnersContext {
  db: Database;
  loaders: ReturnType<typeof createLoaders>;
}

function createLoaders(db: Database) {
  return { ...partnerLoaders(db.dataSource) };
}

export async function createContext(db: Database): Promise<PartnersContext> {
  return { db, loaders: createLoaders(db) };
}
