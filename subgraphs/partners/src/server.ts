import { Team } from './team/team.entity';
import type { SubgraphDefinition } from '@passerelle/common';
import { Agreement } from './agreement/agreement.entity';
import { partnersLocalScope } from './access/row-policy';
import { createContext, type PartnersContext } from './context';
import { Enrollment } from './enrollment/enrollment.entity';
import { HealthFollowUp } from './health/health-follow-up.entity';
import { PartnerMember } from './member/member.entity';
import { migrations } from './migrations';
import { Partner } from './partner/partner.entity';
import { buildPartnersSchema } from './schema';

/** The partners subgraph: institutions, members, agreements, school enrolments, PMI follow-up. */
export const partnersSubgraph: SubgraphDefinition<PartnersContext> = {
  name: 'partners',
  entities: [Partner, PartnerMember, Team, Agreement, Enrollment, HealthFollowUp],
  migrations,
  buildSchema: buildPartnersSchema,
  createContext,
  localScope: partnersLocalScope,
};
