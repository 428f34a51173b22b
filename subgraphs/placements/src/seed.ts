import { addDays, childId, childPlacements, childProfile, facilityId, placementMeasure, random, seedId, worldSize, type SeedPlan } from '@passerelle/common';
import type { DataSource } from 'typeorm';
import { ageBandOf, ageOn, AgeBand } from './facility/age-band';
import { Facility } from './facility/facility.entity';
import { PlacementEndReason } from './placement/placement.entity';
import { bulkInsert } from './seed-insert';
import { approvedPlaces, facility, type Bands } from './seeding/facilities';
import { PlanRows, seedReturnHome } from './seeding/return-home';
import { seedVisits } from './seeding/visits';

/**
 * The placements part of the demo world: facilities of every kind across the communes (some
 * full or nearly, a few beyond capacity with the reason recorded), the placement histories of
 * `childPlacements` linked to the measures cases seeds (`placementMeasure`), visit rights of
 * the guardians cases seeds (`guardianId`) with visits held, cancelled and planned, and
 * return-home plans in every phase.
 */

const END_REASONS = [
  PlacementEndReason.RETURN_HOME,
  PlacementEndReason.RETURN_HOME,
  PlacementEndReason.TRANSFER,
  PlacementEndReason.TRANSFER,
  PlacementEndReason.MEASURE_ENDED,
  PlacementEndReason.MEASURE_LIFTED,
  PlacementEndReason.BREAKDOWN,
];

export async function seedPlacements(dataSource: DataSource, plan: SeedPlan): Promise<void> {
  const size = worldSize(plan);
  await dataSource.transaction(async (manager) => {
    await manager.query(`TRUNCATE placements.return_home_milestone, placements.return_home_move, placements.return_home_phase_entry,
      placements.return_home_plan, placements.visit, placements.visit_right, placements.placement, placements.facility CASCADE`);
    const facilities = Array.from({ length: size.facilities }, (_, i) => facility(plan, size, i));
    const open = facilities.map(() => ({ INFANT: 0, CHILD: 0, TEEN: 0, YOUNG_ADULT: 0 }) as Bands);
    const placements: unknown[][] = [];
    /** Open placements by facility and band, in order, to record overrides on those beyond capacity. */
    const openRows: { facility: number; band: AgeBand; row: unknown[] }[] = [];
    const world = { rights: [] as unknown[][], visits: [] as unknown[][], plans: new PlanRows() };
    for (let i = 0; i < plan.children; i++) {
      const history = childPlacements(plan, size, i);
      if (history.length === 0) continue;
      const birth = childProfile(plan, i).birthDate;
      history.forEach((p, k) => {
        const measure = placementMeasure(plan, size, i, k);
        const band = ageBandOf(Math.min(20, ageOn(birth, p.endDate ? p.startDate : plan.today)));
        const r = random(`placement-end:${i}:${k}`);
        const row = [
          seedId(`placement:${i}`, k),
          childId(i),
          facilityId(p.facility),
          measure.id,
          band,
          p.startDate,
          measure.endDate ?? addDays(p.startDate, 730),
          p.endDate,
          p.endDate ? r.pick(END_REASONS) : null,
          null,
        ];
        placements.push(row);
        if (!p.endDate) {
          open[p.facility]![band] += 1;
          openRows.push({ facility: p.facility, band, row });
        }
      });
      const last = history.at(-1)!;
      const lastIndex = history.length - 1;
      if (!last.endDate) seedVisits(plan, i, last.startDate, world);
      seedReturnHome(plan, i, seedId(`placement:${i}`, lastIndex), last, placements.at(-1)![8] as PlacementEndReason | null, world.plans);
    }
    const approved = facilities.map((f, i) => approvedPlaces(i, f.usual, open[i]!));
    const taken = facilities.map(() => ({ INFANT: 0, CHILD: 0, TEEN: 0, YOUNG_ADULT: 0 }) as Bands);
    for (const { facility: f, band, row } of openRows) {
      taken[f]![band] += 1;
      if (taken[f]![band] > approved[f]![band]) row[9] = 'Accueil en surnombre validé par le cadre ASE: pas de place adaptée disponible dans le secteur';
    }
    await bulkInsert(
      manager,
      'placements.facility',
      [
        ['id', 'uuid'], ['name', 'text'], ['kind', 'placements.facility_kind'], ['operator_id', 'uuid'],
        ['finess', 'text'], ['address', 'text'], ['postal_code', 'text'], ['commune', 'text'],
        ['commune_code', 'text'], ['confidential_address', 'boolean'], ['approved_on', 'date'], ['approval_expires_on', 'date'],
        ['capacity_infant', 'int'], ['capacity_child', 'int'], ['capacity_teen', 'int'], ['capacity_young_adult', 'int'],
      ],
      facilities.map(({ row }, i) => [
        row.id, row.name, row.kind, row.operatorId, row.finess, row.address, row.postalCode, row.commune, row.communeCode,
        row.confidentialAddress, row.approvedOn, row.approvalExpiresOn,
        approved[i]!.INFANT, approved[i]!.CHILD, approved[i]!.TEEN, approved[i]!.YOUNG_ADULT,
      ]),
    );
    await bulkInsert(
      manager,
      'placements.placement',
      [
        ['id', 'uuid'], ['child_id', 'uuid'], ['facility_id', 'uuid'], ['measure_id', 'uuid'],
        ['age_band', 'placements.age_band'], ['start_date', 'date'], ['planned_end_date', 'date'], ['end_date', 'date'],
        ['end_reason', 'placements.placement_end_reason'], ['capacity_override_reason', 'text'],
      ],
      placements,
    );
    await bulkInsert(
      manager,
      'placements.visit_right',
      [
        ['id', 'uuid'], ['child_id', 'uuid'], ['guardian_id', 'uuid'], ['relative_name', 'text'],
        ['relationship', 'text'], ['kind', 'placements.visit_right_kind'], ['frequency', 'text'], ['place', 'text'],
        ['decision', 'text'], ['decided_on', 'date'], ['starts_on', 'date'],
      ],
      world.rights,
    );
    await bulkInsert(
      manager,
      'placements.visit',
      [
        ['id', 'uuid'], ['visit_right_id', 'uuid'], ['planned_on', 'date'], ['status', 'placements.visit_status'],
        ['report', 'text'], ['cancellation_reason', 'text'], ['cancelled_by', 'placements.visit_canceller'],
      ],
      world.visits,
    );
    await world.plans.insert(manager);
  });
}

export async function placementsIsEmpty(dataSource: DataSource): Promise<boolean> {
  return (await dataSource.getRepository(Facility).count({ take: 1 })) === 0;
}
