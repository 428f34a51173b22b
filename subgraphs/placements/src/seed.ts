import {
  childPlacements,
  COMMUNES,
  facilityId,
  insertInChunks,
  LAST_NAMES,
  random,
  seedId,
  worldSize,
  childId,
  type SeedPlan,
} from '@passerelle/common';
import type { DataSource } from 'typeorm';
import { Facility, FacilityKind } from './facility/facility.entity';
import { Placement } from './placement/placement.entity';

const HOME_NAMES = ['Les Tilleuls', 'L’Estuaire', 'La Rose des Vents', 'Le Phare', 'Les Châtaigniers', 'La Marelle'];

function facility(i: number): Partial<Facility> {
  const r = random(`facility:${i}`);
  const kind = r.pick(Object.values(FacilityKind));
  const commune = r.pick(COMMUNES);
  const names: Record<FacilityKind, () => string> = {
    FOSTER_CARER: () => `Assistant familial ${r.pick(LAST_NAMES)}`,
    CHILDRENS_HOME: () => `MECS ${r.pick(HOME_NAMES)}`,
    EMERGENCY_HOME: () => `Foyer de l’enfance de ${commune.name}`,
    LIFE_PLACE: () => `Lieu de vie ${r.pick(HOME_NAMES)}`,
    NURSERY: () => `Pouponnière de ${commune.name}`,
    TRUSTED_THIRD_PARTY_HOME: () => `Famille ${r.pick(LAST_NAMES)} (TDC)`,
  };
  const capacity = { FOSTER_CARER: 3, CHILDRENS_HOME: 24, EMERGENCY_HOME: 30, LIFE_PLACE: 7, NURSERY: 20, TRUSTED_THIRD_PARTY_HOME: 2 };
  return { id: facilityId(i), kind, name: names[kind](), commune: commune.name, communeCode: commune.code, capacity: capacity[kind] };
}

/** Seeds the placements schema with the demo world: replaces whatever it held, in one transaction. */
export async function seedPlacements(dataSource: DataSource, plan: SeedPlan): Promise<void> {
  const size = worldSize(plan);
  await dataSource.transaction(async (manager) => {
    const runner = manager.queryRunner!;
    await runner.query('TRUNCATE placements.placement, placements.facility CASCADE');
    await insertInChunks(runner, Facility, Array.from({ length: size.facilities }, (_, i) => facility(i)));
    const placements: Partial<Placement>[] = [];
    for (let i = 0; i < plan.children; i++) {
      childPlacements(plan, size, i).forEach((p, k) =>
        placements.push({
          id: seedId(`placement:${i}`, k),
          childId: childId(i),
          facilityId: facilityId(p.facility),
          startDate: p.startDate,
          endDate: p.endDate,
        }),
      );
    }
    await insertInChunks(runner, Placement, placements);
  });
}

export async function placementsIsEmpty(dataSource: DataSource): Promise<boolean> {
  return (await dataSource.getRepository(Facility).count({ take: 1 })) === 0;
}
