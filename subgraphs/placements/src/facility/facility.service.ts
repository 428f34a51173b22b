import { notFound, paginate, type Page, type PageArgs } from '@passerelle/common';
import type { PlacementsContext } from '../context';
import { ageBandOf, CAPACITY_COLUMN } from './age-band';
import { Facility, type FacilityKind } from './facility.entity';
import { nearbyCommunes } from './nearby';
import { occupancyOf, type Occupancy } from './occupancy';

export interface FacilityFilter {
  kind?: FacilityKind | null;
  communeCode?: string | null;
}

export async function getFacility(ctx: PlacementsContext, id: string): Promise<Facility> {
  const facility = await ctx.loaders.facilityById.load(id);
  if (!facility) throw notFound('Facility', id);
  return facility;
}

export function listFacilities(ctx: PlacementsContext, filter: FacilityFilter, page: PageArgs): Promise<Page<Facility>> {
  const qb = ctx.db.dataSource.getRepository(Facility).createQueryBuilder('facility');
  if (filter.kind) qb.andWhere('facility.kind = :kind', { kind: filter.kind });
  if (filter.communeCode) qb.andWhere('facility.commune_code = :commune', { commune: filter.communeCode });
  return paginate(qb, page, { property: 'name', direction: 'ASC' });
}

/**
 * Facilities with a free place in the band of a child of `childAge`, in the commune or nearby
 * (same arrondissement), whose approval has not expired: one statement per page. Vacancies
 * are counted from open placements, so the answer is live.
 */
export function facilitiesWithVacancy(
  ctx: PlacementsContext,
  search: { childAge: number; communeCode: string; nearby: boolean },
  page: PageArgs,
): Promise<Page<Facility>> {
  const band = ageBandOf(search.childAge);
  const communes = search.nearby ? nearbyCommunes(search.communeCode) : [search.communeCode];
  const qb = ctx.db.dataSource
    .getRepository(Facility)
    .createQueryBuilder('facility')
    .where('facility.commune_code IN (:...communes)', { communes })
    .andWhere('(facility.approval_expires_on IS NULL OR facility.approval_expires_on >= CURRENT_DATE)')
    .andWhere(
      `facility.${CAPACITY_COLUMN[band]} > (SELECT count(*) FROM placements.placement open_placement
         WHERE open_placement.facility_id = facility.id AND open_placement.end_date IS NULL
           AND open_placement.age_band = :band)`,
      { band },
    );
  return paginate(qb, page, { property: 'name', direction: 'ASC' });
}

export async function facilityOccupancy(ctx: PlacementsContext, facility: Facility): Promise<Occupancy> {
  return occupancyOf(facility, await ctx.loaders.openPlacementsByBand.load(facility.id));
}
