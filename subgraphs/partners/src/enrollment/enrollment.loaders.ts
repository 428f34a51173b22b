import { byIdLoader, currentByParentLoader, inForceOn, pagesByParentLoader } from '@passerelle/common';
import type { DataSource } from 'typeorm';
import { Enrollment } from './enrollment.entity';

export function enrollmentLoaders(dataSource: DataSource) {
  const enrollments = dataSource.getRepository(Enrollment);
  const newestFirst = { property: 'startDate', direction: 'DESC' } as const;
  const onDay = (on: string | null | undefined) => inForceOn(on, 'start_date', 'end_date');
  const signature = (on: string | null | undefined) => on ?? '';
  return {
    enrollmentById: byIdLoader(enrollments),
    enrollmentsByChild: pagesByParentLoader(enrollments, 'childId', newestFirst, { conditionOf: onDay, signatureOf: signature }),
    enrollmentsBySchool: pagesByParentLoader(enrollments, 'schoolId', newestFirst, { conditionOf: onDay, signatureOf: signature }),
    currentEnrollmentByChild: currentByParentLoader(enrollments, 'child_id', 'school'),
  };
}
