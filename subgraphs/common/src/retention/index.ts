export * from './rules';
export * from './archived';
