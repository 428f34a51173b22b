import { byIdLoader } from '@passerelle/common';
import type { DataSource } from 'typeorm';
import { currentByParentLoader, filteredPagesLoader, inForceOn } from '../paging';
import { Enrollment } from './enrollment.entity';

export function enrollmentLoaders(dataSource: DataSource) {
  const enrollments = dataSource.getRepository(Enrollment);
  const newestFirst = { property: 'startDate', direction: 'DESC' } as const;
  const onDay = (on: string | null) => inForceOn(on, 'start_date', 'end_date');
  const signature = (on: string | null) => on ?? '';
  return {
    enrollmentById: byIdLoader(enrollments),
    enrollmentsByChild: filteredPagesLoader(enrollments, 'childId', newestFirst, onDay, signature),
    enrollmentsBySchool: filteredPagesLoader(enrollments, 'schoolId', newestFirst, onDay, signature),
    currentEnrollmentByChild: currentByParentLoader(enrollments, 'child_id', 'school'),
  };
}
