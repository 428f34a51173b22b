export * from './chain';
export * from './verify';
export * from './writer';
export { auditMigrations } from './schema';
export * from './touched';
