import { byIdLoader } from '@passerelle/common';
import type { DataSource } from 'typeorm';
import { Partner } from './partner.entity';

export function partnerLoaders(dataSource: DataSource) {
  return { partnerById: byIdLoader(dataSource.getRepository(Partner)) };
}
