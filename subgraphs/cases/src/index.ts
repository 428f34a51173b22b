import 'reflect-metadata';

export { casesSubgraph } from './server';
export { seedCases, casesIsEmpty } from './seed';
export { buildCasesSchema } from './schema';
export { CasesActivity } from './activity/activity.service';
export { scanCasesDeadlines } from './notification/notification';
export { casesRetention, type CasesRetention } from './retention/retention';
