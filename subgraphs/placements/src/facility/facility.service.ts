import { badInput, forbidden, loadForUpdate, nearbyCommunes, paginate, type Page, type PageArgs } from '@passerelle/common';
import { requireWritable } from '../access/writable';
import type { PlacementsContext } from '../context';
import { AgeBand, ageBandOf, CAPACITY_COLUMN } from './age-band';
import { Facility, FacilityKind } from './facility.entity';
import type { AgeBandPlacesInput, RegisterFacilityInput, SetFacilityPlacesInput } from './facility.input';
import { occupancyOf, type Occupancy } from './occupancy';

export interface FacilityFilter {
  kind?: FacilityKind | null;
  communeCode?: string | null;
}

/** One facility by id: NOT_FOUND, or FORBIDDEN when outside the principal's rows (row policy). */
export async function getFacility(ctx: PlacementsContext, id: string): Promise<Facility> {
  const facility = await ctx.loaders.facilityById.load(id);
  if (!facility) throw ctx.rows.unseen('facilities', 'Facility', id);
  return facility;
}

/** The facilities the principal may read (row policy), as a query builder aliased `w`. */
function readableFacilities(ctx: PlacementsContext) {
  const qb = ctx.db.dataSource.getRepository(Facility).createQueryBuilder('w');
  const scope = ctx.rows.read.facilities;
  if (scope) qb.andWhere(scope.sql, scope.params);
  return qb;
}

/**
 * The address of a facility, for a principal the row policy lets read it; otherwise FORBIDDEN
 * (a foster family's address is never shown outside the département, the operating association,
 * and the judge of a child it houses). Worded alike whatever the reason, like any record outside
 * a slice; the housing check is batched across the facilities of a response.
 */
export async function facilityAddress(ctx: PlacementsContext, facility: Facility, field: 'address' | 'postalCode'): Promise<string> {
  const access = ctx.rows.readsAddress(facility);
  if (access === 'no' || (access === 'if-housing' && !(await ctx.loaders.housesMyChild.load(facility.id)))) {
    throw forbidden(
      'this facility’s address is confidential and not in your institution’s slice: only the département, its operator and the judge of a child it houses read it',
    );
  }
  return facility[field];
}

export function listFacilities(ctx: PlacementsContext, filter: FacilityFilter, page: PageArgs): Promise<Page<Facility>> {
  const qb = readableFacilities(ctx);
  if (filter.kind) qb.andWhere('w.kind = :kind', { kind: filter.kind });
  if (filter.communeCode) qb.andWhere('w.commune_code = :commune', { commune: filter.communeCode });
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
  const qb = readableFacilities(ctx)
    .andWhere('w.commune_code IN (:...communes)', { communes })
    .andWhere('(w.approval_expires_on IS NULL OR w.approval_expires_on >= CURRENT_DATE)')
    .andWhere(
      `w.${CAPACITY_COLUMN[band]} > (SELECT count(*) FROM placements.placement open_placement
         WHERE open_placement.facility_id = w.id AND open_placement.end_date IS NULL
           AND open_placement.age_band = :band)`,
      { band },
    );
  return paginate(qb, page, { property: 'name', direction: 'ASC' });
}

export async function facilityOccupancy(ctx: PlacementsContext, facility: Facility): Promise<Occupancy> {
  return occupancyOf(facility, await ctx.loaders.openPlacementsByBand.load(facility.id));
}

const CAPACITY_PROPERTY: Record<AgeBand, 'capacityInfant' | 'capacityChild' | 'capacityTeen' | 'capacityYoungAdult'> = {
  INFANT: 'capacityInfant',
  CHILD: 'capacityChild',
  TEEN: 'capacityTeen',
  YOUNG_ADULT: 'capacityYoungAdult',
};

function checkBands(places: AgeBandPlacesInput[]): void {
  const seen = new Set<AgeBand>();
  places.forEach((p, i) => {
    if (seen.has(p.ageBand)) throw badInput(`age band ${p.ageBand} is listed twice`, `input.places.${i}.ageBand`);
    seen.add(p.ageBand);
  });
}

export function registerFacility(ctx: PlacementsContext, input: RegisterFacilityInput): Promise<Facility> {
  ctx.rows.writable('facilities');
  checkBands(input.places);
  if (input.approvedOn && input.approvalExpiresOn && input.approvalExpiresOn < input.approvedOn) {
    throw badInput('approvalExpiresOn must not be before approvedOn', 'input.approvalExpiresOn');
  }
  const household = input.kind === FacilityKind.FOSTER_CARER || input.kind === FacilityKind.TRUSTED_THIRD_PARTY_HOME;
  return ctx.db.dataSource.transaction(async (manager) => {
    const facilities = manager.getRepository(Facility);
    const facility = facilities.create({
      name: input.name.trim(),
      kind: input.kind,
      operatorId: input.operatorId ?? null,
      finess: input.finess ?? null,
      address: input.address.trim(),
      postalCode: input.postalCode,
      commune: input.commune.trim(),
      communeCode: input.communeCode,
      confidentialAddress: input.confidentialAddress ?? household,
      approvedOn: input.approvedOn ?? null,
      approvalExpiresOn: input.approvalExpiresOn ?? null,
      capacityInfant: 0,
      capacityChild: 0,
      capacityTeen: 0,
      capacityYoungAdult: 0,
    });
    for (const p of input.places) facility[CAPACITY_PROPERTY[p.ageBand]] = p.places;
    const { id } = await facilities.save(facility);
    // Reload: `capacity` is computed by the database.
    return facilities.findOneByOrFail({ id });
  });
}

/**
 * Changes approved places. A band cannot go below the placements open in it: those children
 * would silently become "beyond capacity" without the reason the rule requires.
 */
export function setFacilityPlaces(ctx: PlacementsContext, input: SetFacilityPlacesInput): Promise<Facility> {
  const writable = ctx.rows.writable('facilities');
  checkBands(input.places);
  return ctx.db.dataSource.transaction(async (manager) => {
    await requireWritable(manager, Facility, 'Facility', input.id, writable);
    const facility = await loadForUpdate(manager, Facility, 'Facility', input.id, input.version);
    if (input.approvalExpiresOn && facility.approvedOn && input.approvalExpiresOn < facility.approvedOn) {
      throw badInput('approvalExpiresOn must not be before approvedOn', 'input.approvalExpiresOn');
    }
    const open: { age_band: AgeBand; open: number }[] = await manager.query(
      `SELECT age_band, count(*)::int AS open FROM placements.placement WHERE facility_id = $1 AND end_date IS NULL GROUP BY age_band`,
      [facility.id],
    );
    input.places.forEach((p, i) => {
      const placed = open.find((o) => o.age_band === p.ageBand)?.open ?? 0;
      if (p.places < placed) {
        throw badInput(`${placed} children are placed in band ${p.ageBand}: the band cannot have fewer places`, `input.places.${i}.places`);
      }
      facility[CAPACITY_PROPERTY[p.ageBand]] = p.places;
    });
    if (input.approvalExpiresOn !== undefined) facility.approvalExpiresOn = input.approvalExpiresOn;
    const facilities = manager.getRepository(Facility);
    await facilities.save(facility);
    return facilities.findOneByOrFail({ id: facility.id });
  });
}
