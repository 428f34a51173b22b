export * from './rules';
export * from './archived';
export * from './personal-file';
