import { Connection } from '@passerelle/common';
import { Agreement } from './agreement/agreement.entity';
import { Enrollment } from './enrollment/enrollment.entity';
import { HealthFollowUp } from './health/health-follow-up.entity';
import { PartnerMember } from './member/member.entity';
import { Partner } from './partner/partner.entity';

/** The connection types of this subgraph, each built once (a second build would clash by name). */
export const PartnerConnection = Connection(Partner);
export const PartnerMemberConnection = Connection(PartnerMember);
export const AgreementConnection = Connection(Agreement);
export const EnrollmentConnection = Connection(Enrollment);
export const HealthFollowUpConnection = Connection(HealthFollowUp);
