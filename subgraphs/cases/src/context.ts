import type { Database } from '@passerelle/common';
import { childLoaders } from './child/child.loaders';

export interface CasesContext {
  db: Database;
  loaders: ReturnType<typeof createLoaders>;
}

function createLoaders(db: Database) {
  return { ...childLoaders(db.dataSource) };
}

export async function createContext(db: Database): Promise<CasesContext> {
  return { db, loaders: createLoaders(db) };
}
