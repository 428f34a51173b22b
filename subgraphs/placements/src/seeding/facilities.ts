import { addDays, COMMUNES, facilityId, facilityOperator, LAST_NAMES, partnerId, random, STREETS, type SeedPlan, type WorldSize } from '@passerelle/common';
import { AGE_BANDS, type AgeBand } from '../facility/age-band';
import { Facility, FacilityKind } from '../facility/facility.entity';

/** Seeded facilities: every kind in turn, across the communes, with their operator and approval. */

const HOME_NAMES = ['Les Tilleuls', 'L’Estuaire', 'La Rose des Vents', 'Le Phare', 'Les Châtaigniers', 'La Marelle'];
const KINDS = Object.values(FacilityKind);
export type Bands = Record<AgeBand, number>;

/** Places each kind is usually approved for, by band. */
const USUAL_PLACES: Record<FacilityKind, Bands> = {
  FOSTER_CARER: { INFANT: 1, CHILD: 1, TEEN: 1, YOUNG_ADULT: 0 },
  CHILDRENS_HOME: { INFANT: 0, CHILD: 8, TEEN: 14, YOUNG_ADULT: 2 },
  EMERGENCY_HOME: { INFANT: 4, CHILD: 10, TEEN: 16, YOUNG_ADULT: 0 },
  LIFE_PLACE: { INFANT: 0, CHILD: 2, TEEN: 4, YOUNG_ADULT: 1 },
  NURSERY: { INFANT: 20, CHILD: 0, TEEN: 0, YOUNG_ADULT: 0 },
  TRUSTED_THIRD_PARTY_HOME: { INFANT: 0, CHILD: 1, TEEN: 1, YOUNG_ADULT: 0 },
};

export interface SeedFacility {
  row: Omit<Facility, 'capacity' | 'version' | 'capacityInfant' | 'capacityChild' | 'capacityTeen' | 'capacityYoungAdult'>;
  usual: Bands;
}

export function facility(plan: SeedPlan, size: WorldSize, i: number): SeedFacility {
  const r = random(`facility:${i}`);
  const kind = KINDS[i % KINDS.length]!;
  const commune = r.pick(COMMUNES);
  const names: Record<FacilityKind, () => string> = {
    FOSTER_CARER: () => `Assistant familial ${r.pick(LAST_NAMES)}`,
    CHILDRENS_HOME: () => `MECS ${r.pick(HOME_NAMES)}`,
    EMERGENCY_HOME: () => `Foyer de l’enfance de ${commune.name}`,
    LIFE_PLACE: () => `Lieu de vie ${r.pick(HOME_NAMES)}`,
    NURSERY: () => `Pouponnière de ${commune.name}`,
    TRUSTED_THIRD_PARTY_HOME: () => `Famille ${r.pick(LAST_NAMES)} (TDC)`,
  };
  const household = kind === FacilityKind.FOSTER_CARER || kind === FacilityKind.TRUSTED_THIRD_PARTY_HOME;
  const approvedOn = addDays(plan.today, -r.int(200, 5000));
  // Foster carers' agrément lasts 5 years; establishments' authorisation 15.
  const approvalExpiresOn = kind === FacilityKind.TRUSTED_THIRD_PARTY_HOME ? null : addDays(approvedOn, household ? 5 * 365 : 15 * 365);
  const usual = { ...USUAL_PLACES[kind] };
  if (kind === FacilityKind.FOSTER_CARER && r.chance(0.5)) usual.INFANT = 0;
  return {
    usual,
    row: {
      id: facilityId(i),
      kind,
      name: names[kind](),
      operatorId: partnerId('ASSOCIATION', facilityOperator(size, i)),
      finess: household ? null : `44${String(r.int(0, 9_999_999)).padStart(7, '0')}`,
      address: `${r.int(1, 140)} ${r.pick(STREETS)}`,
      postalCode: commune.postalCode,
      commune: commune.name,
      communeCode: commune.code,
      confidentialAddress: household,
      approvedOn,
      approvalExpiresOn,
    },
  };
}

/** Approved places given what is open there: most fit, every fifth is full or nearly, a few are beyond capacity. */
export function approvedPlaces(i: number, usual: Bands, open: Bands): Bands {
  const out = {} as Bands;
  for (const band of AGE_BANDS) {
    if (i % 11 === 3) out[band] = usual[band];
    else if (i % 5 === 0) out[band] = open[band] + (usual[band] > 0 ? i % 2 : 0);
    else out[band] = Math.max(usual[band], open[band]);
  }
  return out;
}

