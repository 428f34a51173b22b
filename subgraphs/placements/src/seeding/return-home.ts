import { addDays, childId, random, seedId, type SeedPlan } from '@passerelle/common';
import type { EntityManager } from 'typeorm';
import { PlacementEndReason } from '../placement/placement.entity';
import { defaultPhases } from '../return-home/return-home.service';
import { ReturnHomePhase, WORKING_PHASES } from '../return-home/return-home-phase';
import { bulkInsert } from '../seed-insert';

/** Return-home plans rows, gathered while children are walked, inserted at the end. */
export class PlanRows {
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
export function seedReturnHome(
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
