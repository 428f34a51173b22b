import { allOf, byIdLoader, pagesByParentLoader, readEntities, type Condition } from '@passerelle/common';
import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import { Placement } from './placement.entity';

const OPEN: Condition = { sql: 'w.end_date IS NULL', params: {} };

/** `scope`: the placements the principal may read (row policy), applied in every statement. */
export function placementLoaders(dataSource: DataSource, scope: Condition | null) {
  const placements = dataSource.getRepository(Placement);
  const newestFirst = { property: 'startDate', direction: 'DESC' } as const;
  const scoped = { conditionOf: () => scope };
  return {
    placementById: byIdLoader(placements, scope),
    placementsByChild: pagesByParentLoader(placements, 'childId', newestFirst, scoped),
    /**
     * A page per facility, newest first: all its placements, or (filter `true`) the open ones,
     * the children placed there now. Facilities asked with the same page and filter share a
     * statement.
     */
    placementsByFacility: pagesByParentLoader<Placement, boolean>(placements, 'facilityId', newestFirst, {
      conditionOf: (openOnly) => allOf(openOnly ? OPEN : null, scope),
      signatureOf: (openOnly) => (openOnly ? 'open' : 'all'),
    }),
    placementsByMeasure: pagesByParentLoader(placements, 'measureId', newestFirst, scoped),
    /** The open placement of each child (at most one: a unique index says so), or null. */
    currentPlacementByChild: new DataLoader<string, Placement | null>(async (childIds) => {
      const rows = await readEntities(
        placements,
        'w',
        `currentByChild|${scope?.sql ?? ''}`,
        (qb) => qb.where('w.child_id IN (:...__children)').andWhere('w.end_date IS NULL').andWhere(scope?.sql ?? 'true'),
        { ...scope?.params, __children: [...childIds] },
      );
      const byChild = new Map(rows.map((row) => [row.childId, row]));
      return childIds.map((id) => byChild.get(id) ?? null);
    }),
    /** How many of each measure's placements the principal sees are still open: one statement per batch. */
    openPlacementCountByMeasure: new DataLoader<string, number>(async (measureIds) => {
      const rows: { measure_id: string; open: number }[] = await placements
        .createQueryBuilder('w')
        .select('w.measure_id', 'measure_id')
        .addSelect('count(*)::int', 'open')
        .where('w.measure_id IN (:...__measures)', { __measures: [...measureIds] })
        .andWhere('w.end_date IS NULL')
        .andWhere(scope?.sql ?? 'true', scope?.params ?? {})
        .groupBy('w.measure_id')
        .getRawMany();
      const counts = new Map(rows.map((row) => [row.measure_id, row.open]));
      return measureIds.map((id) => counts.get(id) ?? 0);
    }),
  };
}
