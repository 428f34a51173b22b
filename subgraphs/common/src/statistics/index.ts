export * from './cursor';
export * from './period';
export * from './pseudonym';
export * from './quantiles';
export * from './suppression';
export * from './table';
export * from './types';
