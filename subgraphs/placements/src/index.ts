import 'reflect-metadata';

export { placementsSubgraph } from './server';
export { seedPlacements, placementsIsEmpty } from './seed';
export { buildPlacementsSchema } from './schema';
export { placementsActivity } from './activity/activity';
export { scanPlacementsDeadlines } from './notification/notification';
export { placementsRetention } from './retention/retention';
