import { addDays, badInput, conflict, factDateViolation, loadForUpdate, notFound, refuseViolations, todayInFrance } from '@passerelle/common';
import { IsNull, type EntityManager } from 'typeorm';
import { requireWritable } from '../access/writable';
import type { PlacementsContext } from '../context';
import { uniqueAsConflict } from '../errors';
import { Placement } from '../placement/placement.entity';
import type {
  AddReturnHomeMilestoneInput,
  MoveReturnHomePlanInput,
  PhasePlanInput,
  ReachReturnHomeMilestoneInput,
  StartReturnHomePlanInput,
} from './return-home.input';
import { ReturnHomeMilestone, ReturnHomeMove, ReturnHomePhaseEntry } from './return-home-parts.entity';
import { checkMove, isClosedPhase, ReturnHomePhase, WORKING_PHASES } from './return-home-phase';
import { ReturnHomePlan } from './return-home-plan.entity';

/** ISO date `months` calendar months after `from` (clamped to the month's last day). */
export function addMonths(from: string, months: number): string {
  const [y, m, d] = from.split('-').map(Number) as [number, number, number];
  const target = new Date(Date.UTC(y, m - 1 + months, 1));
  const last = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d, last));
  return target.toISOString().slice(0, 10);
}

/** Whether a plan from `start` to `end` lasts 3 to 6 months (the team's frame); otherwise it needs a justification. */
export function withinUsualDuration(start: string, end: string): boolean {
  return end >= addMonths(start, 3) && end <= addMonths(start, 6);
}

const days = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000);

/** The default split of a plan into its four phases: 25%, 30%, 30%, 15% of its length. */
export function defaultPhases(start: string, end: string): PhasePlanInput[] {
  const total = days(start, end);
  const cuts = [0, 0.25, 0.55, 0.85, 1].map((f) => Math.round(total * f));
  return WORKING_PHASES.map((phase, i) => ({
    phase,
    plannedStart: addDays(start, cuts[i]! + (i === 0 ? 0 : 1)),
    plannedEnd: addDays(start, Math.max(cuts[i + 1]!, cuts[i]! + (i === 0 ? 0 : 1))),
  }));
}

function checkPhases(phases: PhasePlanInput[], start: string, end: string): void {
  const given = phases.map((p) => p.phase);
  if (given.length !== WORKING_PHASES.length || WORKING_PHASES.some((phase, i) => given[i] !== phase)) {
    throw badInput(`phases must be exactly ${WORKING_PHASES.join(', ')}, in that order`, 'input.phases');
  }
  phases.forEach((p, i) => {
    if (p.plannedEnd < p.plannedStart) throw badInput('a phase cannot end before it starts', `input.phases.${i}.plannedEnd`);
    if (p.plannedStart < start || p.plannedEnd > end) throw badInput('phases must lie within the plan', `input.phases.${i}`);
    if (i > 0 && p.plannedStart < phases[i - 1]!.plannedEnd) {
      throw badInput('phases must not overlap', `input.phases.${i}.plannedStart`);
    }
  });
}

const ONE_OPEN_PLAN = {
  return_home_plan_one_open_per_child: 'the child already has a return-home plan under way: complete or abandon it first',
};

export function startReturnHomePlan(ctx: PlacementsContext, input: StartReturnHomePlanInput): Promise<ReturnHomePlan> {
  ctx.rows.requireNewRowFor('returnHomePlans', input.childId);
  if (input.plannedEndDate <= input.startDate) throw badInput('plannedEndDate must be after startDate', 'input.plannedEndDate');
  const justification = input.durationJustification?.trim() || null;
  if (!withinUsualDuration(input.startDate, input.plannedEndDate) && !justification) {
    throw badInput(
      'a return-home plan lasts 3 to 6 months: give durationJustification for a shorter or longer one',
      'input.durationJustification',
    );
  }
  const phases = input.phases ?? defaultPhases(input.startDate, input.plannedEndDate);
  checkPhases(phases, input.startDate, input.plannedEndDate);
  return uniqueAsConflict(
    () =>
      ctx.db.dataSource.transaction(async (manager) => {
        const placements = manager.getRepository(Placement);
        const placement = input.placementId
          ? await placements.findOneBy({ id: input.placementId })
          : await placements.findOneBy({ childId: input.childId, endDate: IsNull() });
        // A return home is a way out of a placement: the child must be placed now.
        if (input.placementId && (!placement || placement.childId !== input.childId || placement.endDate)) {
          throw badInput('placementId must be an open placement of this child', 'input.placementId');
        }
        if (!placement) throw badInput('the child has no open placement to return home from', 'input.childId');
        const plans = manager.getRepository(ReturnHomePlan);
        if (await plans.exists({ where: { childId: input.childId, closedOn: IsNull() } })) {
          throw conflict(ONE_OPEN_PLAN.return_home_plan_one_open_per_child);
        }
        const plan = await plans.save(
          plans.create({
            childId: input.childId,
            placementId: placement.id,
            referentWorkers: input.referentWorkers.map((w) => w.trim()),
            startDate: input.startDate,
            plannedEndDate: input.plannedEndDate,
            durationJustification: justification,
            phase: ReturnHomePhase.DAY_VISITS,
            mainleveeRequestedOn: null,
            mainleveeRequest: null,
            outcome: null,
            closedOn: null,
          }),
        );
        const entries = manager.getRepository(ReturnHomePhaseEntry);
        await entries.insert(
          phases.map((p, position) => ({
            planId: plan.id,
            phase: p.phase,
            position,
            plannedStart: p.plannedStart,
            plannedEnd: p.plannedEnd,
            actualStart: position === 0 ? input.startDate : null,
            actualEnd: null,
            assessment: null,
          })),
        );
        return plan;
      }),
    ONE_OPEN_PLAN,
  );
}

/**
 * Moves a plan: forward one phase at a time, back with a reason, or ABANDONED with a reason.
 * The phase left gets its actual end and assessment, the phase entered its actual start, and
 * the move is appended to the plan's history.
 */
export function moveReturnHomePlan(ctx: PlacementsContext, input: MoveReturnHomePlanInput): Promise<ReturnHomePlan> {
  const writable = ctx.rows.writable('returnHomePlans');
  // A move is a fact (the day a phase ended and the next began): never dated after today.
  refuseViolations([factDateViolation(input.on, todayInFrance(), 'input.on', 'a change of phase')].filter((v) => v !== null));
  return ctx.db.dataSource.transaction(async (manager) => {
    await requireWritable(manager, ReturnHomePlan, 'ReturnHomePlan', input.id, writable);
    const plan = await loadForUpdate(manager, ReturnHomePlan, 'ReturnHomePlan', input.id, input.version);
    const check = checkMove(plan.phase, input.to, input.reason);
    if (!check.ok) {
      if (isClosedPhase(plan.phase)) throw conflict(check.message, { phase: plan.phase });
      throw badInput(check.message, `input.${check.field}`);
    }
    if (input.on < plan.startDate) throw badInput(`on must not be before the plan’s start (${plan.startDate})`, 'input.on');
    const mainleveeRequest = input.mainleveeRequest?.trim() || null;
    if (input.to === ReturnHomePhase.MAINLEVEE_REQUESTED && !mainleveeRequest) {
      throw badInput('requesting the mainlevée needs the request sent to the judge (mainleveeRequest)', 'input.mainleveeRequest');
    }
    await recordPhaseChange(manager, plan, input, check.backward);
    plan.phase = input.to;
    if (input.to === ReturnHomePhase.MAINLEVEE_REQUESTED) {
      plan.mainleveeRequestedOn = input.on;
      plan.mainleveeRequest = mainleveeRequest;
    } else if (check.backward && plan.mainleveeRequestedOn) {
      // The request is withdrawn; the move history keeps the trace of it.
      plan.mainleveeRequestedOn = null;
      plan.mainleveeRequest = null;
    }
    if (isClosedPhase(input.to)) {
      plan.closedOn = input.on;
      plan.outcome = input.reason?.trim() || input.assessment?.trim() || null;
    }
    return manager.getRepository(ReturnHomePlan).save(plan);
  });
}

async function recordPhaseChange(
  manager: EntityManager,
  plan: ReturnHomePlan,
  input: MoveReturnHomePlanInput,
  backward: boolean,
): Promise<void> {
  const entries = manager.getRepository(ReturnHomePhaseEntry);
  const left = await entries.findOneBy({ planId: plan.id, phase: plan.phase });
  if (left) {
    left.actualEnd = input.on;
    if (input.assessment) left.assessment = input.assessment.trim();
    await entries.save(left);
  }
  const entered = await entries.findOneBy({ planId: plan.id, phase: input.to });
  if (entered) {
    entered.actualStart = input.on;
    entered.actualEnd = null;
    await entries.save(entered);
  }
  const moves = manager.getRepository(ReturnHomeMove);
  const seq = ((await moves.maximum('seq', { planId: plan.id })) ?? 0) + 1;
  await moves.insert({
    planId: plan.id,
    fromPhase: plan.phase,
    toPhase: input.to,
    movedOn: input.on,
    backward,
    reason: input.reason?.trim() || null,
    assessment: input.assessment?.trim() || null,
    seq,
  });
}

export function addReturnHomeMilestone(ctx: PlacementsContext, input: AddReturnHomeMilestoneInput): Promise<ReturnHomeMilestone> {
  const writable = ctx.rows.writable('returnHomePlans');
  return ctx.db.dataSource.transaction(async (manager) => {
    await requireWritable(manager, ReturnHomePlan, 'ReturnHomePlan', input.planId, writable);
    const plan = await manager.getRepository(ReturnHomePlan).findOneBy({ id: input.planId });
    if (!plan) throw notFound('ReturnHomePlan', input.planId);
    if (isClosedPhase(plan.phase)) throw conflict(`the plan is ${plan.phase}: no new milestones`);
    const milestones = manager.getRepository(ReturnHomeMilestone);
    return milestones.save(milestones.create({ planId: plan.id, title: input.title.trim(), dueOn: input.dueOn, reachedOn: null, note: null }));
  });
}

export function reachReturnHomeMilestone(ctx: PlacementsContext, input: ReachReturnHomeMilestoneInput): Promise<ReturnHomeMilestone> {
  const plans = ctx.rows.writable('returnHomePlans');
  // A milestone is writable with its plan.
  const writable = plans && { sql: `w.plan_id IN (SELECT w.id FROM placements.return_home_plan w WHERE ${plans.sql})`, params: plans.params };
  // A milestone reached is a fact (its due date may be ahead, the day it was reached may not).
  refuseViolations([factDateViolation(input.reachedOn, todayInFrance(), 'input.reachedOn', 'a milestone reached')].filter((v) => v !== null));
  return ctx.db.dataSource.transaction(async (manager) => {
    await requireWritable(manager, ReturnHomeMilestone, 'ReturnHomeMilestone', input.id, writable);
    const milestone = await loadForUpdate(manager, ReturnHomeMilestone, 'ReturnHomeMilestone', input.id, input.version);
    if (milestone.reachedOn) throw conflict(`milestone ${milestone.id} was already reached on ${milestone.reachedOn}`);
    milestone.reachedOn = input.reachedOn;
    milestone.note = input.note ?? milestone.note;
    return manager.getRepository(ReturnHomeMilestone).save(milestone);
  });
}
