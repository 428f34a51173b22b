import type { Database, Principal } from '@passerelle/common';
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
  loaders: ReturnType<typeof createLoaders>;
}

function createLoaders(db: Database) {
  const { dataSource } = db;
  return {
    ...partnerLoaders(dataSource),
    ...memberLoaders(dataSource),
    ...agreementLoaders(dataSource),
    ...enrollmentLoaders(dataSource),
    ...healthFollowUpLoaders(dataSource),
  };
}

export async function createContext(db: Database, _request: IncomingMessage, principal: Principal): Promise<PartnersContext> {
  return { db, principal, loaders: createLoaders(db) };
}
