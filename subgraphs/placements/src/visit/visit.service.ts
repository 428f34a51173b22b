import { badInput, conflict, factDateViolation, LEGAL_RULE, legalError, loadForUpdate, notFound, refuseViolations, todayInFrance, type Page, type PageArgs } from '@passerelle/common';
import type { EntityManager } from 'typeorm';
import { requireWritable } from '../access/writable';
import type { PlacementsContext } from '../context';
import type { CancelVisitInput, EndVisitRightInput, PlanVisitsInput, RecordVisitHeldInput, SetVisitRightInput } from './visit.input';
import { VisitRight } from './visit-right.entity';
import { Visit, VisitStatus } from './visit.entity';

export async function getVisitRight(ctx: PlacementsContext, id: string): Promise<VisitRight> {
  const right = await ctx.loaders.visitRightById.load(id);
  if (!right) throw ctx.rows.unseen('visitRights', 'VisitRight', id);
  return right;
}

export function visitRightsOfChild(ctx: PlacementsContext, childId: string, page: PageArgs): Promise<Page<VisitRight>> {
  return ctx.loaders.visitRightsByChild.load({ parentId: childId, args: page });
}

export function visitsOfRight(ctx: PlacementsContext, rightId: string, page: PageArgs): Promise<Page<Visit>> {
  return ctx.loaders.visitsByRight.load({ parentId: rightId, args: page });
}

export async function setVisitRight(ctx: PlacementsContext, input: SetVisitRightInput): Promise<VisitRight> {
  ctx.rows.requireNewRowFor('visitRights', input.childId);
  const relativeName = input.relativeName?.trim() || null;
  if (!input.guardianId === !relativeName) {
    throw badInput('give either guardianId (a guardian) or relativeName (another relative), not both, not neither', 'input.guardianId');
  }
  if (input.endsOn && input.endsOn < input.startsOn) throw badInput('endsOn must not be before startsOn', 'input.endsOn');
  if (input.startsOn < input.decidedOn) throw badInput('a right cannot start before the decision that sets it', 'input.startsOn');
  // A decision taken is a fact: never dated after today.
  refuseViolations([factDateViolation(input.decidedOn, todayInFrance(), 'input.decidedOn', 'the decision setting a visit right')].filter((v) => v !== null));
  return ctx.db.dataSource.transaction((manager) => {
    const rights = manager.getRepository(VisitRight);
    return rights.save(
      rights.create({
        childId: input.childId,
        guardianId: input.guardianId ?? null,
        relativeName,
        relationship: input.relationship ?? null,
        kind: input.kind,
        frequency: input.frequency,
        place: input.place,
        decision: input.decision,
        decidedOn: input.decidedOn,
        startsOn: input.startsOn,
        endsOn: input.endsOn ?? null,
      }),
    );
  });
}

export function endVisitRight(ctx: PlacementsContext, input: EndVisitRightInput): Promise<VisitRight> {
  const writable = ctx.rows.writable('visitRights');
  return ctx.db.dataSource.transaction(async (manager) => {
    await requireWritable(manager, VisitRight, 'VisitRight', input.id, writable);
    const right = await loadForUpdate(manager, VisitRight, 'VisitRight', input.id, input.version);
    if (input.endsOn < right.startsOn) throw badInput(`endsOn must not be before the start (${right.startsOn})`, 'input.endsOn');
    right.endsOn = input.endsOn;
    return manager.getRepository(VisitRight).save(right);
  });
}

/** Plans visits on the given days; each must fall within the right's period. */
export function planVisits(ctx: PlacementsContext, input: PlanVisitsInput): Promise<Visit[]> {
  const writable = ctx.rows.writable('visitRights');
  return ctx.db.dataSource.transaction(async (manager) => {
    await requireWritable(manager, VisitRight, 'VisitRight', input.visitRightId, writable);
    const right = await manager.getRepository(VisitRight).findOne({ where: { id: input.visitRightId }, lock: { mode: 'pessimistic_read' } });
    if (!right) throw notFound('VisitRight', input.visitRightId);
    input.days.forEach((day, i) => {
      if (day < right.startsOn || (right.endsOn && day > right.endsOn)) {
        throw badInput(`${day} is outside the visit right (${right.startsOn} to ${right.endsOn ?? 'open'})`, `input.days.${i}`);
      }
    });
    const visits = manager.getRepository(Visit);
    return visits.save([...new Set(input.days)].sort().map((plannedOn) => visits.create({ visitRightId: right.id, plannedOn, status: VisitStatus.PLANNED })));
  });
}

async function loadPlannedVisit(ctx: PlacementsContext, manager: EntityManager, id: string, version: number): Promise<Visit> {
  await requireWritable(manager, Visit, 'Visit', id, ctx.rows.writable('visits'));
  const visit = await loadForUpdate(manager, Visit, 'Visit', id, version);
  if (visit.status !== VisitStatus.PLANNED) throw conflict(`visit ${id} is already ${visit.status}`, { status: visit.status });
  return visit;
}

export function recordVisitHeld(ctx: PlacementsContext, input: RecordVisitHeldInput): Promise<Visit> {
  return ctx.db.dataSource.transaction(async (manager) => {
    const visit = await loadPlannedVisit(ctx, manager, input.id, input.version);
    // A visit is held on its day: one planned after today has not been held yet (a fact is never in the future).
    const today = todayInFrance();
    if (visit.plannedOn > today) {
      throw legalError({ rule: LEGAL_RULE.FACT_IN_FUTURE, message: `the visit is planned on ${visit.plannedOn}: it cannot be marked held before that day (today is ${today})`, argument: 'input.id' });
    }
    visit.status = VisitStatus.HELD;
    visit.report = input.report ?? null;
    return manager.getRepository(Visit).save(visit);
  });
}

export function cancelVisit(ctx: PlacementsContext, input: CancelVisitInput): Promise<Visit> {
  return ctx.db.dataSource.transaction(async (manager) => {
    const visit = await loadPlannedVisit(ctx, manager, input.id, input.version);
    visit.status = VisitStatus.CANCELLED;
    visit.cancellationReason = input.reason.trim();
    visit.cancelledBy = input.cancelledBy;
    return manager.getRepository(Visit).save(visit);
  });
}
