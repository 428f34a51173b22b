import { byIdLoader, type Condition } from '@passerelle/common';
import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import type { AgeBand } from './age-band';
import { Placement } from '../placement/placement.entity';
import { Facility } from './facility.entity';

/** Open placements of each facility counted by age band: one statement per batch. */
export function openPlacementsByBandLoader(dataSource: DataSource): DataLoader<string, Map<AgeBand, number>> {
  return new DataLoader(async (facilityIds) => {
    const rows: { facility_id: string; age_band: AgeBand; open: number }[] = await dataSource.query(
      `SELECT facility_id, age_band, count(*)::int AS open
         FROM placements.placement
        WHERE end_date IS NULL AND facility_id = ANY($1::uuid[])
        GROUP BY facility_id, age_band`,
      [[...facilityIds]],
    );
    const byFacility = new Map<string, Map<AgeBand, number>>(facilityIds.map((id) => [id, new Map()]));
    for (const row of rows) byFacility.get(row.facility_id)?.set(row.age_band, row.open);
    return facilityIds.map((id) => byFacility.get(id)!);
  });
}

/**
 * Whether each facility has a placement meeting `housing` (the row policy's open placements of
 * the principal's children, alias `w`): one statement per batch, however many facilities.
 */
export function housesLoader(dataSource: DataSource, housing: Condition): DataLoader<string, boolean> {
  return new DataLoader(async (facilityIds) => {
    const rows: { facility_id: string }[] = await dataSource
      .getRepository(Placement)
      .createQueryBuilder('w')
      .select('DISTINCT w.facility_id', 'facility_id')
      .where('w.facility_id IN (:...__facilities)', { __facilities: [...facilityIds] })
      .andWhere(housing.sql, housing.params)
      .getRawMany();
    const housed = new Set(rows.map((r) => r.facility_id));
    return facilityIds.map((id) => housed.has(id));
  });
}

/** `scope`: the facilities the principal may read (row policy); `housing`: see `housesLoader`. */
export function facilityLoaders(dataSource: DataSource, scope: Condition | null, housing: Condition) {
  return {
    facilityById: byIdLoader(dataSource.getRepository(Facility), scope),
    openPlacementsByBand: openPlacementsByBandLoader(dataSource),
    housesMyChild: housesLoader(dataSource, housing),
  };
}
