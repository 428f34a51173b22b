import { isUuid } from '@passerelle/common';
import type { DataSource } from 'typeorm';
import { Partner } from './partner/partner.entity';

/** A partner by id or by natural code (UAI, SIRET, FINESS), for the command-line tools. */
export function findPartner(dataSource: DataSource, reference: string): Promise<Partner | null> {
  const repository = dataSource.getRepository(Partner);
  return isUuid(reference) ? repository.findOneBy({ id: reference }) : repository.findOneBy({ code: reference });
}
