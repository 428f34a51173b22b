export * from './chain';
export * from './checkpoint';
export * from './verify';
export * from './writer';
export * from './purge';
export * from './settings';
export { auditMigrations } from './schema';
export * from './touched';
