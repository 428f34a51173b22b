export * from './directive';
export * from './matrix';
export * from './principal';
export * from './scope';
export * from './nonce-store';
