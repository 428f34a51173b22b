import { allOf, byIdLoader, currentByParentLoader, inForceOn, pagesByParentLoader, type Condition } from '@passerelle/common';
import type { DataSource } from 'typeorm';
import { CONFIRMED_ONLY } from '../declaration';
import { Enrollment } from './enrollment.entity';

/**
 * `readable`: the rows the principal may read (row policy), applied in every statement. These are the
 * facts: confirmed rows only (a pending or rejected declaration is listed by the département's
 * declarations queries, nowhere else).
 */
export function enrollmentLoaders(dataSource: DataSource, readable: Condition | null) {
  const scope = allOf(readable, CONFIRMED_ONLY);
  const enrollments = dataSource.getRepository(Enrollment);
  const newestFirst = { property: 'startDate', direction: 'DESC' } as const;
  const onDay = (on: string | null | undefined) => allOf(inForceOn(on, 'start_date', 'end_date'), scope);
  const signature = (on: string | null | undefined) => on ?? '';
  return {
    enrollmentById: byIdLoader(enrollments, scope),
    enrollmentsByChild: pagesByParentLoader(enrollments, 'childId', newestFirst, { conditionOf: onDay, signatureOf: signature }),
    enrollmentsBySchool: pagesByParentLoader(enrollments, 'schoolId', newestFirst, { conditionOf: onDay, signatureOf: signature }),
    currentEnrollmentByChild: currentByParentLoader(enrollments, 'child_id', 'school', scope),
  };
}
