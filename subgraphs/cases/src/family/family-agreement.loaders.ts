import { byIdLoader, manyByLoader, pagesByParentLoader } from '@passerelle/common';
import type { DataSource } from 'typeorm';
import type { CasesReadRows } from '../access/row-policy';
import { FamilyAgreement, FamilyAgreementRenewal, FamilyAgreementSignature } from './family-agreement.entity';

/** Family agreements in the principal's scope (the département's); their signatures and renewals follow them. */
export function familyAgreementLoaders(dataSource: DataSource, rows: CasesReadRows) {
  const agreements = dataSource.getRepository(FamilyAgreement);
  return {
    familyAgreementById: byIdLoader(agreements, rows.familyAgreements),
    familyAgreementsByChild: pagesByParentLoader(agreements, 'childId', { property: 'validFrom', direction: 'DESC' }, {
      conditionOf: () => rows.familyAgreements,
    }),
    signaturesByAgreement: manyByLoader(dataSource.getRepository(FamilyAgreementSignature), 'agreementId', { property: 'signedOn', direction: 'ASC' }),
    renewalsByAgreement: manyByLoader(dataSource.getRepository(FamilyAgreementRenewal), 'agreementId', { property: 'signedOn', direction: 'ASC' }),
  };
}
