import type { Database, Principal, ScopeResolver } from '@passerelle/common';
import type { IncomingMessage } from 'node:http';
import { accessLogLoaders } from './audit/access-log.loaders';
import { childLoaders } from './child/child.loaders';
import { concernLoaders } from './concern/concern.loaders';
import { measureLoaders } from './measure/measure.loaders';
import { peopleLoaders } from './people/people.loaders';
import { planLoaders } from './plan/plan.loaders';
import { reportLoaders } from './report/report.loaders';
import { timelineLoaders } from './timeline/timeline.loaders';

export interface CasesContext {
  db: Database;
  /** Who asks, as the gateway signed it: decides the rows in scope. */
  principal: Principal;
  /** The principal's slice of children (row scope), shared with the internal scope query. */
  scope: ScopeResolver;
  loaders: ReturnType<typeof createLoaders>;
}

function createLoaders(db: Database) {
  const ds = db.dataSource;
  return {
    ...childLoaders(ds),
    ...peopleLoaders(ds),
    ...concernLoaders(ds),
    ...measureLoaders(ds),
    ...planLoaders(ds),
    ...reportLoaders(ds),
    ...timelineLoaders(ds),
    ...accessLogLoaders(ds),
  };
}

export async function createContext(
  db: Database,
  _request: IncomingMessage,
  principal: Principal,
  scope: ScopeResolver,
): Promise<CasesContext> {
  return { db, principal, scope, loaders: createLoaders(db) };
}
