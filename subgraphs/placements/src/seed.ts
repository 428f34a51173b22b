import {
  addDays,
  childId,
  childPlacements,
  childProfile,
  COMMUNES,
  facilityId,
  facilityOperator,
  guardianCount,
  guardianId,
  LAST_NAMES,
  partnerId,
  placementMeasure,
  random,
  seedId,
  STREETS,
  worldSize,
  type SeedPlan,
  type WorldSize,
} from '@passerelle/common';
import type { DataSource, EntityManager } from 'typeorm';
import { AGE_BANDS, ageBandOf, ageOn, AgeBand } from './facility/age-band';
import { Facility, FacilityKind } from './facility/facility.entity';
import { PlacementEndReason } from './placement/placement.entity';
import { defaultPhases } from './return-home/return-home.service';
import { ReturnHomePhase, WORKING_PHASES } from './return-home/return-home-phase';
import { bulkInsert } from './seed-insert';
import { VisitRightKind } from './visit/visit-right.entity';
import { VisitCanceller, VisitStatus } from './visit/visit.entity';

/**
 * The placements part of the demo world: facilities of every kind across the communes (some
 * full or nearly, a few beyond capacity with the reason recorded), the placement histories of
 * `childPlacements` linked to the measures cases seeds (`placementMeasure`), visit rights of
 * the guardians cases seeds (`guardianId`) with visits held, cancelled and planned, and
 * return-home plans in every phase.
 */

const HOME_NAMES = ['Les Tilleuls', 'L’Estuaire', 'La Rose des Vents', 'Le Phare', 'Les Châtaigniers', 'La Marelle'];
const KINDS = Object.values(FacilityKind);
type Bands = Record<AgeBand, number>;

/** Places each kind is usually approved for, by band. */
const USUAL_PLACES: Record<FacilityKind, Bands> = {
  FOSTER_CARER: { INFANT: 1, CHILD: 1, TEEN: 1, YOUNG_ADULT: 0 },
  CHILDRENS_HOME: { INFANT: 0, CHILD: 8, TEEN: 14, YOUNG_ADULT: 2 },
  EMERGENCY_HOME: { INFANT: 4, CHILD: 10, TEEN: 16, YOUNG_ADULT: 0 },
  LIFE_PLACE: { INFANT: 0, CHILD: 2, TEEN: 4, YOUNG_ADULT: 1 },
  NURSERY: { INFANT: 20, CHILD: 0, TEEN: 0, YOUNG_ADULT: 0 },
  TRUSTED_THIRD_PARTY_HOME: { INFANT: 0, CHILD: 1, TEEN: 1, YOUNG_ADULT: 0 },
};

interface SeedFacility {
  row: Omit<Facility, 'capacity' | 'version' | 'capacityInfant' | 'capacityChild' | 'capacityTeen' | 'capacityYoungAdult'>;
  usual: Bands;
}

function facility(plan: SeedPlan, size: WorldSize, i: number): SeedFacility {
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
function approvedPlaces(i: number, usual: Bands, open: Bands): Bands {
  const out = {} as Bands;
  for (const band of AGE_BANDS) {
    if (i % 11 === 3) out[band] = usual[band];
    else if (i % 5 === 0) out[band] = open[band] + (usual[band] > 0 ? i % 2 : 0);
    else out[band] = Math.max(usual[band], open[band]);
  }
  return out;
}

const END_REASONS = [
  PlacementEndReason.RETURN_HOME,
  PlacementEndReason.RETURN_HOME,
  PlacementEndReason.TRANSFER,
  PlacementEndReason.TRANSFER,
  PlacementEndReason.MEASURE_ENDED,
  PlacementEndReason.MEASURE_LIFTED,
  PlacementEndReason.BREAKDOWN,
];

const CANCELLATIONS: [VisitCanceller, string][] = [
  [VisitCanceller.PARENT, 'Parent absent sans prévenir'],
  [VisitCanceller.PARENT, 'Parent malade, visite reportée'],
  [VisitCanceller.CHILD, 'L’enfant a refusé de se rendre à la visite'],
  [VisitCanceller.FACILITY, 'Sortie scolaire le même jour'],
  [VisitCanceller.MEDIATOR, 'Médiateur indisponible'],
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

const FREQUENCIES: Record<VisitRightKind, string> = {
  FREE: 'Un week-end sur deux, à convenir avec le lieu d’accueil',
  ACCOMPANIED: 'Un mercredi sur deux, 14h–17h, accompagné par l’éducateur référent',
  MEDIATED: 'Une heure tous les quinze jours, en présence d’un tiers',
  OVERNIGHT: 'Un week-end sur deux, du samedi 10h au dimanche 18h',
};

/** Visit rights of a child placed since `start`: its guardians', sometimes a grand-parent's, with recent visits. */
function seedVisits(plan: SeedPlan, i: number, start: string, world: { rights: unknown[][]; visits: unknown[][] }): void {
  const r = random(`visit-rights:${i}`);
  const visitors: { guardian: string | null; relative: string | null; relationship: string | null }[] = [];
  for (let g = 0; g < guardianCount(i); g++) {
    if (r.chance(0.8)) visitors.push({ guardian: guardianId(i, g), relative: null, relationship: null });
  }
  if (r.chance(0.15)) visitors.push({ guardian: null, relative: `${r.pick(['Mme', 'M.'])} ${r.pick(LAST_NAMES)}`, relationship: r.pick(['grand-mère', 'grand-père', 'tante', 'oncle', 'sœur aînée']) });
  visitors.forEach((visitor, v) => {
    const id = seedId(`visit-right:${i}`, v);
    const kind = r.pick(Object.values(VisitRightKind));
    const place = kind === VisitRightKind.MEDIATED ? 'Espace de rencontre parents-enfants, Nantes' : kind === VisitRightKind.FREE || kind === VisitRightKind.OVERNIGHT ? 'Domicile familial' : 'Lieu d’accueil';
    const court = r.chance(0.8);
    world.rights.push([
      id, childId(i), visitor.guardian, visitor.relative, visitor.relationship, kind, FREQUENCIES[kind], place,
      court ? `Jugement du juge des enfants n° ${r.int(10000, 99999)}/${start.slice(0, 4)}` : 'Décision du service ASE',
      start, start,
    ]);
    // Every other week over the last ten weeks (not before the right), and the next one planned.
    for (let w = 5; w >= -1; w--) {
      const day = addDays(plan.today, -14 * w - r.int(0, 3));
      if (day < start) continue;
      const future = day > plan.today;
      const cancelled = !future && r.chance(0.22);
      const [by, reason] = cancelled ? r.pick(CANCELLATIONS) : [null, null];
      world.visits.push([
        seedId(`visit:${i}:${v}`, w + 1),
        id,
        day,
        future ? VisitStatus.PLANNED : cancelled ? VisitStatus.CANCELLED : VisitStatus.HELD,
        !future && !cancelled ? r.pick(['Visite chaleureuse, l’enfant était content.', 'Visite tendue au début, apaisée ensuite.', 'Bon moment partagé autour d’un jeu.']) : null,
        reason,
        by,
      ]);
    }
  });
}

/** Return-home plans rows, gathered while children are walked, inserted at the end. */
class PlanRows {
  plans: unknown[][] = [];
  phases: unknown[][] = [];
  moves: unknown[][] = [];
  milestones: unknown[][] = [];
  /** Cycles through the phases so that every one appears even in a small world. */
  next = 0;

  async insert(manager: EntityManager): Promise<void> {
    await bulkInsert(
      manager,
      'placements.return_home_plan',
      [
        ['id', 'uuid'], ['child_id', 'uuid'], ['placement_id', 'uuid'], ['referent_workers', 'text[]'],
        ['start_date', 'date'], ['planned_end_date', 'date'], ['duration_justification', 'text'], ['phase', 'placements.return_home_phase'],
        ['mainlevee_requested_on', 'date'], ['mainlevee_request', 'text'], ['outcome', 'text'], ['closed_on', 'date'],
      ],
      this.plans,
    );
    await bulkInsert(
      manager,
      'placements.return_home_phase_entry',
      [
        ['id', 'uuid'], ['plan_id', 'uuid'], ['phase', 'placements.return_home_phase'], ['position', 'int'],
        ['planned_start', 'date'], ['planned_end', 'date'], ['actual_start', 'date'], ['actual_end', 'date'],
        ['assessment', 'text'],
      ],
      this.phases,
    );
    await bulkInsert(
      manager,
      'placements.return_home_move',
      [
        ['id', 'uuid'], ['plan_id', 'uuid'], ['from_phase', 'placements.return_home_phase'], ['to_phase', 'placements.return_home_phase'],
        ['moved_on', 'date'], ['backward', 'boolean'], ['reason', 'text'], ['assessment', 'text'],
        ['seq', 'int'],
      ],
      this.moves,
    );
    await bulkInsert(
      manager,
      'placements.return_home_milestone',      [
        ['id', 'uuid'], ['plan_id', 'uuid'], ['title', 'text'], ['due_on', 'date'],
        ['reached_on', 'date'], ['note', 'text'],
      ], this.milestones);
  }
}

const WORKERS = ['Claire Jégou', 'Yann Le Goff', 'Sophie Tessier', 'Karim Benali', 'Aurélie Brémaud', 'Thomas Guérin'];
const ASSESSMENTS = [
  'Les visites se passent bien, l’enfant est apaisé au retour.',
  'Quelques tensions, mais les parents respectent le cadre posé.',
  'Progrès nets: les parents anticipent les besoins de l’enfant.',
];

/**
 * A return-home plan for about one child in eight still placed (phases DAY_VISITS to
 * MAINLEVEE_REQUESTED or ABANDONED), and a COMPLETED one for children whose last placement
 * ended with a return home.
 */
function seedReturnHome(
  plan: SeedPlan,
  i: number,
  placementId: string,
  last: { startDate: string; endDate: string | null },
  endReason: PlacementEndReason | null,
  rows: PlanRows,
): void {
  const r = random(`return-home:${i}`);
  let phase: ReturnHomePhase;
  if (last.endDate) {
    if (endReason !== PlacementEndReason.RETURN_HOME || !r.chance(0.5)) return;
    phase = ReturnHomePhase.COMPLETED;
  } else {
    if (!r.chance(0.13) || last.startDate > addDays(plan.today, -200)) return;
    const cycle = [ReturnHomePhase.DAY_VISITS, ReturnHomePhase.WEEKENDS, ReturnHomePhase.HOLIDAYS, ReturnHomePhase.MAINLEVEE_REQUESTED, ReturnHomePhase.ABANDONED];
    phase = cycle[rows.next++ % cycle.length]!;
  }
  const long = r.chance(0.15);
  const months = long ? 8 : r.int(3, 6);
  const length = months * 30 + (months >= 6 ? -3 : 3);
  // Where the plan stands today: the index of its current working phase (all done when closed).
  const reached = phase === ReturnHomePhase.ABANDONED ? r.int(0, 2) : phase === ReturnHomePhase.COMPLETED ? 4 : WORKING_PHASES.indexOf(phase as never);
  const draft = defaultPhases('2000-01-01', addDays('2000-01-01', length));
  const offset = reached >= 4 ? length + 20 : Math.round((Date.parse(draft[reached]!.plannedStart) - Date.parse('2000-01-01')) / 86_400_000) + r.int(3, 10);
  const start = phase === ReturnHomePhase.COMPLETED ? addDays(last.endDate!, -length) : addDays(plan.today, -offset);
  const end = addDays(start, length);
  const phases = defaultPhases(start, end);
  const id = seedId('return-home-plan', i);
  const closedOn = phase === ReturnHomePhase.COMPLETED ? last.endDate : phase === ReturnHomePhase.ABANDONED ? addDays(phases[reached]!.plannedStart, r.int(2, 10)) : null;
  const requested = reached >= 3 ? phases[3]!.plannedStart : null;
  rows.plans.push([
    id, childId(i), placementId, [r.pick(WORKERS), ...(r.chance(0.5) ? [r.pick(WORKERS)] : [])], start, end,
    long ? 'Durée allongée: scolarité à stabiliser avant le retour définitif.' : null, phase,
    requested, requested ? `Requête en mainlevée du placement adressée au juge des enfants le ${requested}` : null,
    phase === ReturnHomePhase.COMPLETED ? 'Retour effectif au domicile, mainlevée prononcée.' : phase === ReturnHomePhase.ABANDONED ? 'Retour suspendu: reprise des difficultés au domicile.' : null,
    closedOn,
  ]);
  let seq = 0;
  const move = (from: ReturnHomePhase, to: ReturnHomePhase, on: string | null, backward: boolean, reason: string | null, assessment: string | null) =>
    rows.moves.push([seedId(`return-home-move:${i}`, ++seq), id, from, to, on, backward, reason, assessment, seq]);
  const assessments = phases.map(() => r.pick(ASSESSMENTS));
  // Some plans went back once: a difficult first weekend, then day visits again for a week.
  const wentBack = reached >= 2 && r.chance(0.3);
  phases.forEach((p, j) => {
    const done = j < reached || (phase === ReturnHomePhase.ABANDONED && j === reached);
    const current = j === reached && !done;
    const actualEnd = done ? (j === reached || j + 1 === phases.length ? closedOn : phases[j + 1]!.plannedStart) : null;
    const entered = wentBack && j === 1 ? addDays(p.plannedStart, 14) : p.plannedStart;
    rows.phases.push([
      seedId(`return-home-phase:${i}`, j), id, p.phase, j, p.plannedStart, p.plannedEnd,
      done || current ? entered : null, actualEnd, done ? assessments[j] : null,
    ]);
    if (j > 0 && (done || current)) {
      move(WORKING_PHASES[j - 1]!, p.phase, p.plannedStart, false, null, assessments[j - 1]!);
      if (wentBack && j === 1) {
        move(p.phase, WORKING_PHASES[0], addDays(p.plannedStart, 7), true, 'Premier week-end difficile: retour aux journées', 'Week-end tendu, conflit au coucher.');
        move(WORKING_PHASES[0], p.phase, entered, false, null, 'Journées de nouveau sereines.');
      }
    }
  });
  if (phase === ReturnHomePhase.COMPLETED || phase === ReturnHomePhase.ABANDONED) {
    const from = phase === ReturnHomePhase.COMPLETED ? ReturnHomePhase.MAINLEVEE_REQUESTED : WORKING_PHASES[reached]!;
    const reason = phase === ReturnHomePhase.ABANDONED ? 'Reprise des difficultés au domicile' : 'Mainlevée prononcée';
    move(from, phase, closedOn, false, reason, assessments[Math.min(reached, 3)]!);
  }
  rows.milestones.push(
    [seedId(`return-home-milestone:${i}`, 0), id, 'Inscription à l’école du quartier du domicile', phases[1]!.plannedEnd, reached >= 2 ? phases[1]!.plannedEnd : null, null],
    [seedId(`return-home-milestone:${i}`, 1), id, 'Bilan avec la famille avant la demande de mainlevée', phases[2]!.plannedEnd, reached >= 3 ? phases[2]!.plannedEnd : null, null],
  );
}

export async function placementsIsEmpty(dataSource: DataSource): Promise<boolean> {
  return (await dataSource.getRepository(Facility).count({ take: 1 })) === 0;
}
