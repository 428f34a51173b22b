import type { Database } from '@passerelle/common';
import { agreementLoaders } from './agreement/agreement.loaders';
import { enrollmentLoaders } from './enrollment/enrollment.loaders';
import { healthFollowUpLoaders } from './health/health-follow-up.loaders';
import { memberLoaders } from './member/member.loaders';
import { partnerLoaders } from './partner/partner.loaders';

export interface PartnersContext {
  db: Database;
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

export async function createContext(db: Database): Promise<PartnersContext> {
  return { db, loaders: createLoaders(db) };
}
