import type { Database } from '@passerelle/common';
import { childLoaders } from './child/child.loaders';
import { concernLoaders } from './concern/concern.loaders';
import { measureLoaders } from './measure/measure.loaders';
import { peopleLoaders } from './people/people.loaders';
import { planLoaders } from './plan/plan.loaders';
import { reportLoaders } from './report/report.loaders';
import { timelineLoaders } from './timeline/timeline.loaders';

export interface CasesContext {
  db: Database;
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
  };
}

export async function createContext(db: Database): Promise<CasesContext> {
  return { db, loaders: createLoaders(db) };
}
