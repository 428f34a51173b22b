import { badInput, loadForUpdate, requireUuid, type Page, type PageArgs } from '@passerelle/common';
import type { PartnersContext } from '../context';
import { parisToday, plusDays } from '../dates';
import { lockChild, requirePartnerOfKind } from '../enrollment/enrollment.service';
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

  async start(ctx: PartnersContext, input: StartHealthFollowUpInput): Promise<HealthFollowUp> {
    const childId = requireUuid(input.childId, 'input.childId');
    const pmiId = requireUuid(input.pmiId, 'input.pmiId');
    ctx.rows.requireFollowUpWriter(pmiId);
    return ctx.db.dataSource.transaction(async (manager) => {
      await requirePartnerOfKind(manager, pmiId, PartnerKind.PMI, 'input.pmiId');
      await lockChild(manager, childId);
      const repo = manager.getRepository(HealthFollowUp);
      const open = await repo
        .createQueryBuilder('h')
        .where('h.childId = :childId', { childId })
        .andWhere('(h.endDate IS NULL OR h.endDate >= :start)', { start: input.startDate })
        .getMany();
      const later = open.find((h) => h.startDate >= input.startDate);
      if (later) {
        throw badInput(
          `the child already has a follow-up starting on ${later.startDate}, on or after ${input.startDate}: end or correct it first`,
          'input.startDate',
        );
      }
      for (const previous of open) {
        previous.endDate = plusDays(input.startDate, -1);
        await repo.save(previous);
      }
      return repo.save(repo.create({ childId, pmiId, startDate: input.startDate, endDate: null, reason: input.reason.trim() }));
    });
  },

  async end(ctx: PartnersContext, id: string, version: number, endDate: string): Promise<HealthFollowUp> {
    requireUuid(id, 'id');
    return ctx.db.dataSource.transaction(async (manager) => {
      // Whose record it is, before its version or its existence can tell anything (row policy).
      const owner = await manager.getRepository(HealthFollowUp).findOne({ where: { id }, select: { id: true, pmiId: true } });
      ctx.rows.requireFollowUpWriter(owner?.pmiId ?? null);
      const followUp = await loadForUpdate(manager, HealthFollowUp, 'HealthFollowUp', id, version);
      if (endDate < followUp.startDate) {
        throw badInput(`endDate ${endDate} is before the follow-up started (${followUp.startDate})`, 'endDate');
      }
      followUp.endDate = endDate;
      return manager.getRepository(HealthFollowUp).save(followUp);
    });
  },
};
