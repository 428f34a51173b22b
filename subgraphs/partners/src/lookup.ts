import { isUuid } from '@passerelle/common';
import type { DataSource } from 'typeorm';
import { normaliseCode } from './partner/codes';
import { PartnerMember } from './member/member.entity';
import { Partner } from './partner/partner.entity';

/** A partner by id or by natural code (UAI, SIRET, FINESS), for the command-line tools. */
export function findPartner(dataSource: DataSource, reference: string): Promise<Partner | null> {
  const repository = dataSource.getRepository(Partner);
  if (isUuid(reference)) return repository.findOneBy({ id: reference });
  return repository
    .createQueryBuilder('partner')
    .where(':code IN (partner.uai, partner.siret, partner.finess)', { code: normaliseCode(reference) })
    .getOne();
}

/**
 * The first active member of a partner (by name), for a development token's `sub`: a manager
 * first ('MANAGER' after 'CASEWORKER'), so that the département's demo token reads the whole
 * département as it did before teams (`--sub` names a caseworker).
 */
export function firstActiveMember(dataSource: DataSource, partnerId: string): Promise<PartnerMember | null> {
  return dataSource.getRepository(PartnerMember).findOne({
    where: { partnerId, active: true },
    order: { accessRole: 'DESC', lastName: 'ASC', id: 'ASC' },
  });
}
