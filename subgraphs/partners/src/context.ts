import { lazyLoaders, type Database, type Principal, type ScopeResolver } from '@passerelle/common';
import { partnersRowPolicy, type PartnersRowPolicy } from './access/row-policy';
import type { IncomingMessage } from 'node:http';
import { agreementLoaders } from './agreement/agreement.loaders';
import { enrollmentLoaders } from './enrollment/enrollment.loaders';
import { healthFollowUpLoaders } from './health/health-follow-up.loaders';
import { memberLoaders } from './member/member.loaders';
import { partnerLoaders } from './partner/partner.loaders';

export interface PartnersContext {
  db: Database;
  /** Who asks, as the gateway signed it: decides the rows in scope. */
  principal: Principal;
  /** The principal's slice of children, for the internal scope query and the row policy. */
  scope: ScopeResolver;
  /** Which rows this principal reads and writes (access/row-policy.ts). */
  rows: PartnersRowPolicy;
  loaders: ReturnType<typeof createLoaders>;
}

/** Which group holds which loader (learnt on first use; names only). */
const LOADER_GROUPS = new Map<string, string>();

/** Per-request DataLoaders, each group built on first use: nothing cached outlives the request. */
function createLoaders(db: Database, rows: PartnersRowPolicy) {
  const { dataSource } = db;
  return lazyLoaders(LOADER_GROUPS, {
    partner: () => partnerLoaders(dataSource),
    member: () => memberLoaders(dataSource),
    agreement: () => agreementLoaders(dataSource),
    enrollment: () => enrollmentLoaders(dataSource, rows.enrollments),
    healthFollowUp: () => healthFollowUpLoaders(dataSource, rows.followUps),
  });
}

export async function createContext(
  db: Database,
  _request: IncomingMessage,
  principal: Principal,
  scope: ScopeResolver,
): Promise<PartnersContext> {
  const rows = await partnersRowPolicy(principal, scope);
  return { db, principal, scope, rows, loaders: createLoaders(db, rows) };
}
