import { badInput, loadForUpdate, paginate, requireUuid, type Page, type PageArgs } from '@passerelle/common';
import type { EntityManager } from 'typeorm';
import type { PartnersContext } from '../context';
import { childExists, DeclarationStatus, requirePending } from '../declaration';
import { parisToday, plusDays } from '../dates';
import { lockChild, requirePartnerOfKind, requireReason } from '../enrollment/enrollment.service';
import { PartnerKind } from '../partner/partner.entity';
import { HealthFollowUp } from './health-follow-up.entity';
import type { StartHealthFollowUpInput } from './health-follow-up.input';

/** PMI follow-ups: which children are in a PMI centre's slice, and since when. */
export const healthFollowUpService = {
  ofChild(ctx: PartnersContext, childId: string, page: PageArgs, on: string | null): Promise<Page<HealthFollowUp>> {
    return ctx.loaders.healthFollowUpsByChild.load({ parentId: childId, args: page, filter: on });
  },

  ofPmi(ctx: PartnersContext, pmiId: string, page: PageArgs, on: string | null): Promise<Page<HealthFollowUp>> {
    return ctx.loaders.healthFollowUpsByPmi.load({ parentId: pmiId, args: page, filter: on });
  },

  current(ctx: PartnersContext, childId: string, on?: string | null): Promise<HealthFollowUp | null> {
    return ctx.loaders.currentHealthFollowUpByChild.load(`${childId}|${on ?? parisToday()}`);
  },

  /**
   * A PMI centre's follow-up is a declaration: recorded as DECLARED, it puts no child in the
   * centre's slice and ends no other centre's follow-up; the département confirms it. Nothing
   * about the child is looked at, so the answer is the same receipt for any child id. The
   * département's own follow-up (and Passerelle's) is in force at once.
   */
  async start(ctx: PartnersContext, input: StartHealthFollowUpInput): Promise<HealthFollowUp> {
    const childId = requireUuid(input.childId, 'input.childId');
    const pmiId = requireUuid(input.pmiId, 'input.pmiId');
    const mode = ctx.rows.followUpWrite(pmiId);
    return ctx.db.dataSource.transaction(async (manager) => {
      await requirePartnerOfKind(manager, pmiId, PartnerKind.PMI, 'input.pmiId');
      const repo = manager.getRepository(HealthFollowUp);
      const row = repo.create({ childId, pmiId, startDate: input.startDate, endDate: null, reason: input.reason.trim() });
      if (mode === 'declaration') {
        return repo.save({ ...row, status: DeclarationStatus.DECLARED, declaredBy: ctx.principal.sub, declaredAt: new Date() });
      }
      return putInForce(manager, { ...row, status: DeclarationStatus.CONFIRMED }, 'input.startDate');
    });
  },

  /** Pending (or decided) declarations, oldest first: the département's work queue. */
  declarations(ctx: PartnersContext, page: PageArgs, status: DeclarationStatus): Promise<Page<HealthFollowUp>> {
    ctx.rows.requireConfirmer();
    const qb = ctx.db.dataSource
      .getRepository(HealthFollowUp)
      .createQueryBuilder('w')
      .leftJoinAndSelect('w.pmiCentre', 'pmiCentre')
      .where('w.declaredAt IS NOT NULL')
      .andWhere('w.status = :status', { status });
    // A département caseworker's queue holds the children of their slice only (row policy).
    if (ctx.rows.followUps) qb.andWhere(ctx.rows.followUps.sql, ctx.rows.followUps.params);
    return paginate(qb, page, { property: 'declaredAt', direction: 'ASC' });
  },

  /** The département confirms a PMI centre's declaration: the child must exist; the follow-up elsewhere ends the day before. */
  async confirm(ctx: PartnersContext, id: string, version: number): Promise<HealthFollowUp> {
    requireUuid(id, 'id');
    ctx.rows.requireConfirmer();
    const declared = await ctx.db.dataSource.getRepository(HealthFollowUp).findOneBy({ id });
    if (declared && !(await childExists(ctx.scope.askPeer, declared.childId))) {
      throw badInput(`the child ${declared.childId} this declaration names does not exist: reject the declaration`, 'id');
    }
    return ctx.db.dataSource.transaction(async (manager) => {
      const row = requirePending(await loadForUpdate(manager, HealthFollowUp, 'HealthFollowUp', id, version, ctx.rows.followUps), 'HealthFollowUp');
      await requirePartnerOfKind(manager, row.pmiId, PartnerKind.PMI, 'id');
      return putInForce(manager, { ...row, status: DeclarationStatus.CONFIRMED, decidedBy: ctx.principal.sub, decidedAt: new Date() }, 'id');
    });
  },

  /** The département rejects a PMI centre's declaration: it never comes into force. */
  async reject(ctx: PartnersContext, id: string, version: number, reason: string): Promise<HealthFollowUp> {
    requireUuid(id, 'id');
    ctx.rows.requireConfirmer();
    const why = requireReason(reason);
    return ctx.db.dataSource.transaction(async (manager) => {
      const row = requirePending(await loadForUpdate(manager, HealthFollowUp, 'HealthFollowUp', id, version, ctx.rows.followUps), 'HealthFollowUp');
      return manager
        .getRepository(HealthFollowUp)
        .save({ ...row, status: DeclarationStatus.REJECTED, decidedBy: ctx.principal.sub, decidedAt: new Date(), rejectionReason: why });
    });
  },

  /** Sets the last day of a follow-up in force; a PMI centre ends its own only (another's answers NOT_FOUND). */
  async end(ctx: PartnersContext, id: string, version: number, endDate: string): Promise<HealthFollowUp> {
    requireUuid(id, 'id');
    return ctx.db.dataSource.transaction(async (manager) => {
      const followUp = await loadForUpdate(manager, HealthFollowUp, 'HealthFollowUp', id, version, ctx.rows.endableFollowUps);
      if (followUp.status !== DeclarationStatus.CONFIRMED) {
        throw badInput(`follow-up ${id} is ${followUp.status.toLowerCase()}, not in force: there is nothing to end`, 'id');
      }
      if (endDate < followUp.startDate) {
        throw badInput(`endDate ${endDate} is before the follow-up started (${followUp.startDate})`, 'endDate');
      }
      followUp.endDate = endDate;
      return manager.getRepository(HealthFollowUp).save(followUp);
    });
  },
};

/** Puts a follow-up in force: one centre at a time, the child's follow-up elsewhere ends the day before. */
async function putInForce(manager: EntityManager, followUp: HealthFollowUp, argument: string): Promise<HealthFollowUp> {
  await lockChild(manager, followUp.childId);
  const repo = manager.getRepository(HealthFollowUp);
  const qb = repo
    .createQueryBuilder('h')
    .where('h.childId = :childId', { childId: followUp.childId })
    .andWhere(`h.status = 'CONFIRMED'`)
    .andWhere('(h.endDate IS NULL OR h.endDate >= :start)', { start: followUp.startDate });
  if (followUp.id) qb.andWhere('h.id <> :self', { self: followUp.id });
  const open = await qb.getMany();
  const later = open.find((h) => h.startDate >= followUp.startDate);
  if (later) {
    throw badInput(
      `the child already has a follow-up starting on ${later.startDate}, on or after ${followUp.startDate}: end or correct it first`,
      argument,
    );
  }
  for (const previous of open) {
    previous.endDate = plusDays(followUp.startDate, -1);
    await repo.save(previous);
  }
  return repo.save(followUp);
}
