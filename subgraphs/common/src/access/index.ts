export * from './directive';
export * from './matrix';
