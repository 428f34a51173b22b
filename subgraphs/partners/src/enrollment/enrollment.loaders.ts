import { byIdLoader } from '@passerelle/common';
import DataLoader from 'dataloader';
import type { DataSource, ObjectLiteral, Repository } from 'typeorm';
import { filteredPagesLoader, inForceOn } from '../paging';
import { Enrollment } from './enrollment.entity';

/**
 * For many parents at once (one statement per day asked), the row in force on a day: the latest started one
 * whose period covers it. Keys are `parentId|YYYY-MM-DD`. Used for "current school" and
 * "current PMI centre".
 */
export function currentByParentLoader<T extends ObjectLiteral & { id: string }>(
  repository: Repository<T>,
  parentColumn: string,
): DataLoader<string, T | null> {
  const table = `${repository.metadata.schema}.${repository.metadata.tableName}`;
  return new DataLoader(async (keys) => {
    const byDay = new Map<string, string[]>();
    for (const key of keys) {
      const [parentId, on] = key.split('|') as [string, string];
      byDay.set(on, [...(byDay.get(on) ?? []), parentId]);
    }
    const found = new Map<string, T>();
    const property = repository.metadata.columns.find((c) => c.databaseName === parentColumn)!.propertyName;
    for (const [on, parentIds] of byDay) {
      const rows = await repository
        .createQueryBuilder('r')
        .where(
          `r.id IN (SELECT DISTINCT ON (${parentColumn}) id FROM ${table}
             WHERE ${parentColumn} IN (:...parents) AND start_date <= :on AND (end_date IS NULL OR end_date >= :on)
             ORDER BY ${parentColumn}, start_date DESC, id DESC)`,
          { parents: parentIds, on },
        )
        .getMany();
      for (const row of rows) found.set(`${String(row[property])}|${on}`, row);
    }
    return keys.map((key) => found.get(key) ?? null);
  });
}

export function enrollmentLoaders(dataSource: DataSource) {
  const enrollments = dataSource.getRepository(Enrollment);
  const newestFirst = { property: 'startDate', direction: 'DESC' } as const;
  const onDay = (on: string | null) => inForceOn(on, 'start_date', 'end_date');
  const signature = (on: string | null) => on ?? '';
  return {
    enrollmentById: byIdLoader(enrollments),
    enrollmentsByChild: filteredPagesLoader(enrollments, 'childId', newestFirst, onDay, signature),
    enrollmentsBySchool: filteredPagesLoader(enrollments, 'schoolId', newestFirst, onDay, signature),
    currentEnrollmentByChild: currentByParentLoader(enrollments, 'child_id'),
  };
}
