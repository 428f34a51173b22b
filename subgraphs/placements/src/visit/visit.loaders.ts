import { byIdLoader, pagesByParentLoader, type Condition } from '@passerelle/common';
import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import { VisitRight } from './visit-right.entity';
import { Visit, VisitStatus } from './visit.entity';

export interface VisitCounts {
  planned: number;
  held: number;
  cancelled: number;
}

/** `scope`: the visit rights and visits the principal may read (row policy), applied in every statement. */
export function visitLoaders(dataSource: DataSource, scope: { visitRights: Condition | null; visits: Condition | null }) {
  const rights = dataSource.getRepository(VisitRight);
  const visits = dataSource.getRepository(Visit);
  return {
    visitRightById: byIdLoader(rights, scope.visitRights),
    visitById: byIdLoader(visits, scope.visits),
    visitRightsByChild: pagesByParentLoader(rights, 'childId', { property: 'startsOn', direction: 'DESC' }, { conditionOf: () => scope.visitRights }),
    visitsByRight: pagesByParentLoader(visits, 'visitRightId', { property: 'plannedOn', direction: 'DESC' }, { conditionOf: () => scope.visits }),
    /** Visits of each right counted by status: one statement per batch. */
    visitCountsByRight: new DataLoader<string, VisitCounts>(async (rightIds) => {
      const rows: { visit_right_id: string; status: VisitStatus; n: number }[] = await dataSource.query(
        `SELECT visit_right_id, status, count(*)::int AS n FROM placements.visit
          WHERE visit_right_id = ANY($1::uuid[]) GROUP BY visit_right_id, status`,
        [[...rightIds]],
      );
      const counts = new Map<string, VisitCounts>(rightIds.map((id) => [id, { planned: 0, held: 0, cancelled: 0 }]));
      const key = { PLANNED: 'planned', HELD: 'held', CANCELLED: 'cancelled' } as const;
      for (const row of rows) counts.get(row.visit_right_id)![key[row.status]] = row.n;
      return rightIds.map((id) => counts.get(id)!);
    }),
  };
}
