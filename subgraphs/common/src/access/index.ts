export * from './directive';
export * from './matrix';
export * from './principal';
export * from './scope';
export * from './rules';
export * from './decision';
export * from './slice-links';
export * from './nonce-store';
