import { addDays, badInput, loadForUpdate, notFound, paginate, requireUuid, type Page, type PageArgs } from '@passerelle/common';
import { requireWritable, scoped } from '../access/scoped-rows';
import { Child } from '../child/child.entity';
import type { CasesContext } from '../context';
import { Hearing } from './hearing.entity';
import type { CourtHearingsArgs, RecordHearingOutcomeInput, ScheduleHearingInput } from './hearing.input';

export const hearingService = {
  /**
   * A court's hearings in a period, by date (the judge's and the clerk's roll, rôle d'audience),
   * within the principal's rows: a judge reads only hearings about children of its slice. The
   * period's days are French days. One statement a page.
   */
  ofCourt(ctx: CasesContext, args: CourtHearingsArgs, page: PageArgs): Promise<Page<Hearing>> {
    const courtId = args.courtId ? requireUuid(args.courtId, 'courtId') : ctx.principal.audience === 'judge' ? ctx.principal.partnerId : null;
    if (!courtId) throw badInput('say which court (courtId)', 'courtId');
    const qb = ctx.db.dataSource
      .getRepository(Hearing)
      .createQueryBuilder('w')
      .where('w.court_id = :courtId', { courtId })
      .andWhere(`w.scheduled_at >= (CAST(:from AS date)::timestamp AT TIME ZONE 'Europe/Paris')`, { from: args.from })
      .andWhere(`w.scheduled_at < (CAST(:to AS date)::timestamp AT TIME ZONE 'Europe/Paris')`, { to: addDays(args.from, args.days) });
    return paginate(scoped(qb, ctx.rows.read.hearings), page, { property: 'scheduledAt', direction: 'ASC' });
  },

  async get(ctx: CasesContext, id: string): Promise<Hearing> {
    const hearing = await ctx.loaders.hearingById.load(requireUuid(id, 'id'));
    if (!hearing) throw ctx.rows.absent('Hearing', id);
    return hearing;
  },

  schedule(ctx: CasesContext, input: ScheduleHearingInput): Promise<Hearing> {
    const childId = requireUuid(input.childId, 'input.childId');
    const courtId = requireUuid(input.courtId, 'input.courtId');
    const measureId = input.measureId ? requireUuid(input.measureId, 'input.measureId') : null;
    ctx.rows.requireCourt(courtId);
    return ctx.db.dataSource.transaction(async (manager) => {
      // Only for a child the writer may open a case for (row policy: a judge's competence), and
      // FORBIDDEN alike whether the child exists or not; NOT_FOUND only for the whole département.
      await requireWritable(manager, Child, 'Child', childId, await ctx.rows.newCaseFor());
      if (!(await manager.getRepository(Child).existsBy({ id: childId }))) throw notFound('Child', input.childId);
      if (measureId) {
        // The measure it is about must be one the principal may read.
        const measure = await ctx.loaders.measureById.load(measureId);
        if (!measure) throw ctx.rows.absent('Measure', input.measureId!);
        if (measure.childId !== childId) throw badInput('that measure is about another child', 'input.measureId');
      }
      const repository = manager.getRepository(Hearing);
      return repository.save(
        repository.create({ childId, measureId, courtId, scheduledAt: new Date(input.scheduledAt), purpose: input.purpose }),
      );
    });
  },

  recordOutcome(ctx: CasesContext, input: RecordHearingOutcomeInput): Promise<Hearing> {
    const id = requireUuid(input.id, 'input.id');
    return ctx.db.dataSource.transaction(async (manager) => {
      await requireWritable(manager, Hearing, 'Hearing', id, ctx.rows.write.hearings);
      const hearing = await loadForUpdate(manager, Hearing, 'Hearing', id, input.version);
      if (hearing.scheduledAt.getTime() > Date.now()) {
        throw badInput('the hearing has not taken place yet', 'input.id');
      }
      hearing.outcome = input.outcome;
      return manager.save(hearing);
    });
  },
};
