import { badInput, loadForUpdate, notFound, requireUuid, type Page, type PageArgs } from '@passerelle/common';
import type { EntityManager } from 'typeorm';
import type { PartnersContext } from '../context';
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

  async enroll(ctx: PartnersContext, input: EnrollChildInput): Promise<Enrollment> {
    const childId = requireUuid(input.childId, 'input.childId');
    const schoolId = requireUuid(input.schoolId, 'input.schoolId');
    ctx.rows.requireEnrollmentWriter(schoolId);
    const [from, to] = input.schoolYear.split('-').map(Number) as [number, number];
    if (to !== from + 1) throw badInput(`schoolYear ${input.schoolYear} must span two consecutive years`, 'input.schoolYear');
    return ctx.db.dataSource.transaction(async (manager) => {
      await requirePartnerOfKind(manager, schoolId, PartnerKind.SCHOOL, 'input.schoolId');
      await lockChild(manager, childId);
      const repo = manager.getRepository(Enrollment);
      const open = await repo
        .createQueryBuilder('e')
        .where('e.childId = :childId', { childId })
        .andWhere('(e.endDate IS NULL OR e.endDate >= :start)', { start: input.startDate })
        .getMany();
      const later = open.find((e) => e.startDate >= input.startDate);
      if (later) {
        throw badInput(
          `the child already has an enrolment starting on ${later.startDate}, on or after ${input.startDate}: end or correct it first`,
          'input.startDate',
        );
      }
      for (const previous of open) {
        previous.endDate = plusDays(input.startDate, -1);
        await repo.save(previous);
      }
      return repo.save(
        repo.create({
          childId,
          schoolId,
          schoolYear: input.schoolYear,
          classLevel: input.classLevel.trim(),
          startDate: input.startDate,
          endDate: null,
        }),
      );
    });
  },

  async end(ctx: PartnersContext, id: string, version: number, endDate: string): Promise<Enrollment> {
    requireUuid(id, 'id');
    return ctx.db.dataSource.transaction(async (manager) => {
      // Whose record it is, before its version or its existence can tell anything (row policy).
      const owner = await manager.getRepository(Enrollment).findOne({ where: { id }, select: { id: true, schoolId: true } });
      ctx.rows.requireEnrollmentWriter(owner?.schoolId ?? null);
      const enrollment = await loadForUpdate(manager, Enrollment, 'Enrollment', id, version);
      if (endDate < enrollment.startDate) {
        throw badInput(`endDate ${endDate} is before the enrolment started (${enrollment.startDate})`, 'endDate');
      }
      enrollment.endDate = endDate;
      return manager.getRepository(Enrollment).save(enrollment);
    });
  },
};
