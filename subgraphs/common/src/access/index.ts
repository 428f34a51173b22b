export * from './directive';
export * from './invalidation';
export * from './matrix';
export * from './principal';
export * from './scope';
export * from './invalidation-sql';
