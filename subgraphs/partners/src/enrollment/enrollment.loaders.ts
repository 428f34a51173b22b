import { byIdLoader, pagesByParentLoader } from '@passerelle/common';
import type { DataSource } from 'typeorm';
import { Partner } from '../partner/partner.entity';
import { Enrollment } from './enrollment.entity';

export function partnerLoaders(dataSource: DataSource) {
  const enrollments = dataSource.getRepository(Enrollment);
  return {
    partnerById: byIdLoader(dataSource.getRepository(Partner)),
    enrollmentById: byIdLoader(enrollments),
    enrollmentsByChild: pagesByParentLoader(enrollments, 'childId', { property: 'startDate', direction: 'DESC' }),
  };
}
