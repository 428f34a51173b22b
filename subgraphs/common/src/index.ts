// First: vendor telemetry off before any library loads (issue 17).
import './no-phone-home';
import 'reflect-metadata';

export * from './no-phone-home';

export * from './access';
export * from './cli';
export * from './config';
export * from './cursor';
export * from './database';
export * from './embedded';
export * from './errors';
export * from './federation';
export * from './format-error';
export * from './http';
export * from './input';
export * from './loaders';
export * from './log';
export * from './mutations';
export * from './pagination';
export { readBuilt, readEntities } from './rows';
export * from './statements';
export * from './subgraph';
export * from './seed/france';
export * from './seed/insert';
export * from './seed/random';
export * from './seed/world';
export * from './audit';
export * from './statistics';
export * from './territory';
export * from './law';
export * from './vendor-reporting';
export * from './metrics';
export * from './trace';
export * from './tracing';
export * from './notifications';
export * from './retention';
