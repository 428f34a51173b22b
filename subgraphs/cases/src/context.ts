import type { Database, Principal } from '@passerelle/common';
import type { IncomingMessage } from 'node:http';
import { childLoaders } from './child/child.loaders';

export interface CasesContext {
  db: Database;
  /** Who asks, as the gateway signed it: decides the rows in scope. */
  principal: Principal;
  loaders: ReturnType<typeof createLoaders>;
}

function createLoaders(db: Database) {
  return { ...childLoaders(db.dataSource) };
}

export async function createContext(db: Database, _request: IncomingMessage, principal: Principal): Promise<CasesContext> {
  return { db, principal, loaders: createLoaders(db) };
}
