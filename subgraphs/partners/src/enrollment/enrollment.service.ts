import { badInput, loadForUpdate, notFound, paginate, requireUuid, type Page, type PageArgs } from '@passerelle/common';
import type { EntityManager } from 'typeorm';
import type { PartnersContext } from '../context';
import { childExists, DeclarationStatus, requirePending } from '../declaration';
import { parisToday, plusDays } from '../dates';
import { Partner, PartnerKind } from '../partner/partner.entity';
import { Enrollment } from './enrollment.entity';
import type { EnrollChildInput } from './enrollment.input';

/** Loads a partner that must be active and of `kind`, inside a transaction. */
export async function requirePartnerOfKind(manager: EntityManager, id: string, kind: PartnerKind, argument: string): Promise<Partner> {
  const partner = await manager.getRepository(Partner).findOneBy({ id });
  if (!partner) throw notFound('Partner', id);
  if (partner.kind !== kind) throw badInput(`Partner ${id} is a ${partner.kind}, not a ${kind}`, argument);
  if (!partner.active) throw badInput(`Partner ${id} is closed`, argument);
  return partner;
}

/** One child's changes are serialised: two enrolments at once must not both stay open. */
export async function lockChild(manager: EntityManager, childId: string): Promise<void> {
  await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`partners:child:${childId}`]);
}

/** School enrolments: which children are in a school's slice, and since when. */
export const enrollmentService = {
  ofChild(ctx: PartnersContext, childId: string, page: PageArgs, on: string | null): Promise<Page<Enrollment>> {
    return ctx.loaders.enrollmentsByChild.load({ parentId: childId, args: page, filter: on });
  },

  ofSchool(ctx: PartnersContext, schoolId: string, page: PageArgs, on: string | null): Promise<Page<Enrollment>> {
    return ctx.loaders.enrollmentsBySchool.load({ parentId: schoolId, args: page, filter: on });
  },

  /** The enrolment in force today (in France), if any. */
  current(ctx: PartnersContext, childId: string, on?: string | null): Promise<Enrollment | null> {
    return ctx.loaders.currentEnrollmentByChild.load(`${childId}|${on ?? parisToday()}`);
  },

  /**
   * A school's enrolment is a declaration: recorded as DECLARED, it puts no child in the school's
   * slice and ends nobody's enrolment; the département confirms it (`confirm`). Nothing about the
   * child is looked at — not whether it exists (the cases subgraph owns children), not its other
   * enrolments — so the answer is the same receipt for any child id. The département's own
   * enrolment (and Passerelle's) is in force at once.
   */
  async enroll(ctx: PartnersContext, input: EnrollChildInput): Promise<Enrollment> {
    const childId = requireUuid(input.childId, 'input.childId');
    const schoolId = requireUuid(input.schoolId, 'input.schoolId');
    const mode = ctx.rows.enrollmentWrite(schoolId);
    const [from, to] = input.schoolYear.split('-').map(Number) as [number, number];
    if (to !== from + 1) throw badInput(`schoolYear ${input.schoolYear} must span two consecutive years`, 'input.schoolYear');
    return ctx.db.dataSource.transaction(async (manager) => {
      await requirePartnerOfKind(manager, schoolId, PartnerKind.SCHOOL, 'input.schoolId');
      const repo = manager.getRepository(Enrollment);
      const row = repo.create({
        childId,
        schoolId,
        schoolYear: input.schoolYear,
        classLevel: input.classLevel.trim(),
        startDate: input.startDate,
        endDate: null,
      });
      if (mode === 'declaration') {
        return repo.save({ ...row, status: DeclarationStatus.DECLARED, declaredBy: ctx.principal.sub, declaredAt: new Date() });
      }
      return putInForce(manager, { ...row, status: DeclarationStatus.CONFIRMED }, 'input.startDate');
    });
  },

  /** Pending (or decided) declarations, oldest first: the département's work queue. */
  declarations(ctx: PartnersContext, page: PageArgs, status: DeclarationStatus): Promise<Page<Enrollment>> {
    ctx.rows.requireConfirmer();
    const qb = ctx.db.dataSource
      .getRepository(Enrollment)
      .createQueryBuilder('w')
      .leftJoinAndSelect('w.school', 'school')
      .where('w.declaredAt IS NOT NULL')
      .andWhere('w.status = :status', { status });
    // A département caseworker's queue holds the children of their slice only (row policy).
    if (ctx.rows.enrollments) qb.andWhere(ctx.rows.enrollments.sql, ctx.rows.enrollments.params);
    return paginate(qb, page, { property: 'declaredAt', direction: 'ASC' });
  },

  /**
   * The département confirms a school's declaration: the child must exist (asked of the cases
   * subgraph as Passerelle itself), then the enrolment is in force as if the département had
   * recorded it: the child's enrolment elsewhere ends the day before.
   */
  async confirm(ctx: PartnersContext, id: string, version: number): Promise<Enrollment> {
    requireUuid(id, 'id');
    ctx.rows.requireConfirmer();
    const declared = await ctx.db.dataSource.getRepository(Enrollment).findOneBy({ id });
    if (declared && !(await childExists(ctx.scope.askPeer, declared.childId))) {
      throw badInput(`the child ${declared.childId} this declaration names does not exist: reject the declaration`, 'id');
    }
    return ctx.db.dataSource.transaction(async (manager) => {
      const row = requirePending(await loadForUpdate(manager, Enrollment, 'Enrollment', id, version, ctx.rows.enrollments), 'Enrollment');
      await requirePartnerOfKind(manager, row.schoolId, PartnerKind.SCHOOL, 'id');
      return putInForce(manager, { ...row, status: DeclarationStatus.CONFIRMED, decidedBy: ctx.principal.sub, decidedAt: new Date() }, 'id');
    });
  },

  /** The département rejects a school's declaration: it never comes into force. */
  async reject(ctx: PartnersContext, id: string, version: number, reason: string): Promise<Enrollment> {
    requireUuid(id, 'id');
    ctx.rows.requireConfirmer();
    const why = requireReason(reason);
    return ctx.db.dataSource.transaction(async (manager) => {
      const row = requirePending(await loadForUpdate(manager, Enrollment, 'Enrollment', id, version, ctx.rows.enrollments), 'Enrollment');
      return manager
        .getRepository(Enrollment)
        .save({ ...row, status: DeclarationStatus.REJECTED, decidedBy: ctx.principal.sub, decidedAt: new Date(), rejectionReason: why });
    });
  },

  /**
   * Sets the last day of an enrolment in force. A school ends its own only: another school's
   * enrolment answers NOT_FOUND, as an id that does not exist (row policy `endableEnrollments`).
   */
  async end(ctx: PartnersContext, id: string, version: number, endDate: string): Promise<Enrollment> {
    requireUuid(id, 'id');
    return ctx.db.dataSource.transaction(async (manager) => {
      const enrollment = await loadForUpdate(manager, Enrollment, 'Enrollment', id, version, ctx.rows.endableEnrollments);
      if (enrollment.status !== DeclarationStatus.CONFIRMED) {
        throw badInput(`enrolment ${id} is ${enrollment.status.toLowerCase()}, not in force: there is nothing to end`, 'id');
      }
      if (endDate < enrollment.startDate) {
        throw badInput(`endDate ${endDate} is before the enrolment started (${enrollment.startDate})`, 'endDate');
      }
      enrollment.endDate = endDate;
      return manager.getRepository(Enrollment).save(enrollment);
    });
  },
};

/**
 * Puts an enrolment in force (the département's, or a declaration it confirms): the child's
 * enrolment in force elsewhere ends the day before, so the old school stops seeing the child the
 * day the new one starts. One child's changes are serialised.
 */
async function putInForce(manager: EntityManager, enrollment: Enrollment, argument: string): Promise<Enrollment> {
  await lockChild(manager, enrollment.childId);
  const repo = manager.getRepository(Enrollment);
  const qb = repo
    .createQueryBuilder('e')
    .where('e.childId = :childId', { childId: enrollment.childId })
    .andWhere(`e.status = 'CONFIRMED'`)
    .andWhere('(e.endDate IS NULL OR e.endDate >= :start)', { start: enrollment.startDate });
  if (enrollment.id) qb.andWhere('e.id <> :self', { self: enrollment.id });
  const open = await qb.getMany();
  const later = open.find((e) => e.startDate >= enrollment.startDate);
  if (later) {
    throw badInput(
      `the child already has an enrolment starting on ${later.startDate}, on or after ${enrollment.startDate}: end or correct it first`,
      argument,
    );
  }
  for (const previous of open) {
    previous.endDate = plusDays(enrollment.startDate, -1);
    await repo.save(previous);
  }
  return repo.save(enrollment);
}

/** A rejection says why (the school reads it). */
export function requireReason(reason: string): string {
  const why = reason.trim();
  if (why.length === 0 || why.length > 500) throw badInput('reason must say why, in 1 to 500 characters', 'reason');
  return why;
}
