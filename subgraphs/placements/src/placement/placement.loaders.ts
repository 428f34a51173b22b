import { byIdLoader, pagesByParentLoader } from '@passerelle/common';
import DataLoader from 'dataloader';
import { In, IsNull, type DataSource } from 'typeorm';
import { openPlacementsByFacilityLoader } from './open-placements.loader';
import { Placement } from './placement.entity';

export function placementLoaders(dataSource: DataSource) {
  const placements = dataSource.getRepository(Placement);
  return {
    placementById: byIdLoader(placements),
    placementsByChild: pagesByParentLoader(placements, 'childId', { property: 'startDate', direction: 'DESC' }),
    placementsByFacility: pagesByParentLoader(placements, 'facilityId', { property: 'startDate', direction: 'DESC' }),
    openPlacementsByFacility: openPlacementsByFacilityLoader(dataSource),
    placementsByMeasure: pagesByParentLoader(placements, 'measureId', { property: 'startDate', direction: 'DESC' }),
    /** The open placement of each child (at most one: a unique index says so), or null. */
    currentPlacementByChild: new DataLoader<string, Placement | null>(async (childIds) => {
      const rows = await placements.findBy({ childId: In([...childIds]), endDate: IsNull() });
      const byChild = new Map(rows.map((row) => [row.childId, row]));
      return childIds.map((id) => byChild.get(id) ?? null);
    }),
    /** How many placements of each measure are still open: one statement per batch. */
    openPlacementCountByMeasure: new DataLoader<string, number>(async (measureIds) => {
      const rows: { measure_id: string; open: number }[] = await dataSource.query(
        `SELECT measure_id, count(*)::int AS open FROM placements.placement
          WHERE end_date IS NULL AND measure_id = ANY($1::uuid[]) GROUP BY measure_id`,
        [[...measureIds]],
      );
      const counts = new Map(rows.map((row) => [row.measure_id, row.open]));
      return measureIds.map((id) => counts.get(id) ?? 0);
    }),
  };
}
