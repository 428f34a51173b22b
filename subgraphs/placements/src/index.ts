import 'reflect-metadata';

export { placementsSubgraph } from './server';
export { seedPlacements, placementsIsEmpty } from './seed';
export { buildPlacementsSchema } from './schema';
export { scanPlacementsDeadlines } from './notification/notification';
