import 'reflect-metadata';

export { partnersSubgraph } from './server';
export { seedPartners, partnersIsEmpty } from './seed';
export { buildPartnersSchema } from './schema';
export { findPartner } from './lookup';
