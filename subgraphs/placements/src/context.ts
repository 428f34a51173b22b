import type { Database, Principal, ScopeResolver } from '@passerelle/common';
import type { IncomingMessage } from 'node:http';
import { facilityLoaders } from './facility/facility.loaders';
import { placementLoaders } from './placement/placement.loaders';
import { returnHomeLoaders } from './return-home/return-home.loaders';
import { visitLoaders } from './visit/visit.loaders';

export interface PlacementsContext {
  db: Database;
  /** Who asks, as the gateway signed it: decides the rows in scope. */
  principal: Principal;
  /** The principal's slice of children (row scope), shared with the internal scope query. */
  scope: ScopeResolver;
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

export async function createContext(
  db: Database,
  _request: IncomingMessage,
  principal: Principal,
  scope: ScopeResolver,
): Promise<PlacementsContext> {
  return { db, principal, scope, loaders: createLoaders(db) };
}
