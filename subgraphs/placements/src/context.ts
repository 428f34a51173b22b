import { lazyLoaders, type Database, type Principal, type ScopeResolver } from '@passerelle/common';
import type { IncomingMessage } from 'node:http';
import { placementsRowPolicy, type PlacementsRowPolicy } from './access/row-policy';
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
  /** Which rows this principal reads and writes (access/row-policy.ts). */
  rows: PlacementsRowPolicy;
  loaders: ReturnType<typeof createLoaders>;
}

/** Which group holds which loader (learnt on first use; names only). */
const LOADER_GROUPS = new Map<string, string>();

/** Per-request DataLoaders, each group built on first use: nothing cached outlives the request; each applies the row policy. */
function createLoaders(db: Database, rows: PlacementsRowPolicy) {
  const ds = db.dataSource;
  return lazyLoaders(LOADER_GROUPS, {
    facility: () => facilityLoaders(ds, rows.read.facilities, rows.housing),
    placement: () => placementLoaders(ds, rows.read.placements),
    visit: () => visitLoaders(ds, rows.read),
    returnHome: () => returnHomeLoaders(ds, rows.read.returnHomePlans),
  });
}

export async function createContext(
  db: Database,
  _request: IncomingMessage,
  principal: Principal,
  scope: ScopeResolver,
): Promise<PlacementsContext> {
  const rows = await placementsRowPolicy(principal, scope);
  return { db, principal, scope, rows, loaders: createLoaders(db, rows) };
}
