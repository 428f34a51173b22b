export * from './backoff';
export * from './dispatcher';
export * from './endpoints';
export * from './inbox';
export * from './outbox';
export * from './signature';
export * from './webhook-url';
