import type { Database, Principal } from '@passerelle/common';
import type { IncomingMessage } from 'node:http';
import { placementLoaders } from './placement/placement.loaders';

export interface PlacementsContext {
  db: Database;
  /** Who asks, as the gateway signed it: decides the rows in scope. */
  principal: Principal;
  loaders: ReturnType<typeof createLoaders>;
}

function createLoaders(db: Database) {
  return { ...placementLoaders(db.dataSource) };
}

export async function createContext(db: Database, _request: IncomingMessage, principal: Principal): Promise<PlacementsContext> {
  return { db, principal, loaders: createLoaders(db) };
}
