import type { SubgraphDefinition } from '@passerelle/common';
import { createContext, type PartnersContext } from './context';
import { Enrollment } from './enrollment/enrollment.entity';
import { migrations } from './migrations';
import { Partner } from './partner/partner.entity';
import { buildPartnersSchema } from './schema';

/** The partners subgraph: institutions, members, agreements, school enrolments, PMI follow-up. */
export const partnersSubgraph: SubgraphDefinition<PartnersContext> = {
  name: 'partners',
  entities: [Partner, Enrollment],
  migrations,
  buildSchema: buildPartnersSchema,
  createContext,
};
