import 'reflect-metadata';

export { partnersSubgraph } from './server';
export { seedPartners, partnersIsEmpty } from './seed';
export { buildPartnersSchema } from './schema';
export { findPartner, firstActiveMember } from './lookup';
export type { PartnersContext } from './context';
export { PartnerKind } from './partner/partner.entity';
export { DataCategory } from './agreement/data-category';
export { agreementService } from './agreement/agreement.service';
export { grantedCategories } from './agreement/agreement.loaders';
export { parisToday } from './dates';
export { importPartners, type ImportReport } from './import/importer';
export { uai as seededSchoolUai } from './seed';
export { partnersRetention } from './retention/retention';
