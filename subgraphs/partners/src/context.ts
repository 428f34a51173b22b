import type { Database, Principal } from '@passerelle/common';
import type { IncomingMessage } from 'node:http';
import { partnerLoaders } from './enrollment/enrollment.loaders';

export interface PartnersContext {
  db: Database;
  /** Who asks, as the gateway signed it: decides the rows in scope. */
  principal: Principal;
  loaders: ReturnType<typeof createLoaders>;
}

function createLoaders(db: Database) {
  return { ...partnerLoaders(db.dataSource) };
}

export async function createContext(db: Database, _request: IncomingMessage, principal: Principal): Promise<PartnersContext> {
  return { db, principal, loaders: createLoaders(db) };
}
