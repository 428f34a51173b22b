import { lazyLoaders, type Database, type Principal, type ScopeResolver } from '@passerelle/common';
import type { IncomingMessage } from 'node:http';
import { casesRowPolicy, type CasesReadRows, type CasesRowPolicy } from './access/row-policy';
import { adoptionLoaders } from './adoption/adoption.loaders';
import { accessLogLoaders } from './audit/access-log.loaders';
import { childLoaders } from './child/child.loaders';
import { concernLoaders } from './concern/concern.loaders';
import { familyAgreementLoaders } from './family/family-agreement.loaders';
import { measureLoaders } from './measure/measure.loaders';
import { peopleLoaders } from './people/people.loaders';
import { planLoaders } from './plan/plan.loaders';
import { referentLoaders } from './referent/referent.loaders';
import { reportLoaders } from './report/report.loaders';
import { timelineLoaders } from './timeline/timeline.loaders';

export interface CasesContext {
  db: Database;
  /** Who asks, as the gateway signed it: decides the rows in scope. */
  principal: Principal;
  /** The principal's slice of children (row scope), shared with the internal scope query. */
  scope: ScopeResolver;
  /** Which rows this principal reads and writes (access/row-policy.ts). */
  rows: CasesRowPolicy;
  loaders: ReturnType<typeof createLoaders>;
}

/** Which group holds which loader (learnt on first use; names only). */
const LOADER_GROUPS = new Map<string, string>();

/** Per-request DataLoaders, each group built on first use: nothing cached outlives the request; each applies the row policy. */
function createLoaders(db: Database, rows: CasesReadRows) {
  const ds = db.dataSource;
  return lazyLoaders(LOADER_GROUPS, {
    child: () => childLoaders(ds, rows),
    people: () => peopleLoaders(ds, rows),
    concern: () => concernLoaders(ds, rows),
    measure: () => measureLoaders(ds, rows),
    familyAgreement: () => familyAgreementLoaders(ds, rows),
    adoption: () => adoptionLoaders(ds),
    plan: () => planLoaders(ds, rows),
    referent: () => referentLoaders(ds),
    report: () => reportLoaders(ds, rows),
    timeline: () => timelineLoaders(ds, rows),
    accessLog: () => accessLogLoaders(ds),
  });
}

export async function createContext(
  db: Database,
  _request: IncomingMessage,
  principal: Principal,
  scope: ScopeResolver,
): Promise<CasesContext> {
  const rows = await casesRowPolicy(principal, scope);
  return { db, principal, scope, rows, loaders: createLoaders(db, rows.read) };
}
