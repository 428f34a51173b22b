import { isUuid } from '@passerelle/common';
import type { DataSource } from 'typeorm';
import { normaliseCode } from './partner/codes';
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
