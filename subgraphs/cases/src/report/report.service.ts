import { badInput, loadForUpdate, paginate, requireUuid, type Page, type PageArgs } from '@passerelle/common';
import { requireWritable, scoped } from '../access/scoped-rows';
import type { CasesContext } from '../context';
import { todayInFrance } from '../dates';
import { Measure } from '../measure/measure.entity';
import { OPEN_MEASURE_STATUSES } from '../measure/measure.lifecycle';
import { scheduleReport } from '../measure/measure.service';
import { SituationReport, SituationReportStatus } from './situation-report.entity';
import type { SendSituationReportInput, UpdateSituationReportInput } from './report.input';

export const reportService = {
  async get(ctx: CasesContext, id: string): Promise<SituationReport> {
    const report = await ctx.loaders.reportById.load(requireUuid(id, 'id'));
    if (!report) throw ctx.rows.absent('SituationReport', id);
    return report;
  },

  /** Draft reports of open measures due before `before`, earliest first. */
  due(ctx: CasesContext, before: string, page: PageArgs): Promise<Page<SituationReport>> {
    const qb = ctx.db.dataSource
      .getRepository(SituationReport)
      .createQueryBuilder('w')
      .where('w.status = :draft', { draft: SituationReportStatus.DRAFT })
      .andWhere('w.due_on < :before', { before })
      .andWhere(
        `EXISTS (SELECT 1 FROM cases.measure m WHERE m.id = w.measure_id AND m.status IN (:...open))`,
        { open: OPEN_MEASURE_STATUSES },
      );
    return paginate(scoped(qb, ctx.rows.read.reports), page, { property: 'dueOn', direction: 'ASC' });
  },

  update(ctx: CasesContext, input: UpdateSituationReportInput): Promise<SituationReport> {
    const id = requireUuid(input.id, 'input.id');
    return ctx.db.dataSource.transaction(async (manager) => {
      await requireWritable(manager, SituationReport, 'SituationReport', id, ctx.rows.write.reports);
      const report = await loadForUpdate(manager, SituationReport, 'SituationReport', id, input.version);
      if (report.status !== SituationReportStatus.DRAFT) {
        throw badInput(`SituationReport ${id} is ${report.status}: a sent report is not changed`, 'input.id');
      }
      report.content = input.content;
      return manager.save(report);
    });
  },

  /** Sends the report (to the court for a judicial measure) and schedules the next one. */
  send(ctx: CasesContext, input: SendSituationReportInput): Promise<SituationReport> {
    const id = requireUuid(input.id, 'input.id');
    if (input.sentOn > todayInFrance()) throw badInput('sentOn cannot be in the future', 'input.sentOn');
    return ctx.db.dataSource.transaction(async (manager) => {
      await requireWritable(manager, SituationReport, 'SituationReport', id, ctx.rows.write.reports);
      const report = await loadForUpdate(manager, SituationReport, 'SituationReport', id, input.version);
      if (report.status !== SituationReportStatus.DRAFT) {
        throw badInput(`SituationReport ${id} is ${report.status}: it cannot be sent again`, 'input.id');
      }
      if (input.content) report.content = input.content;
      if (!report.content) throw badInput('an empty report cannot be sent: give its content', 'input.content');
      const measure = await manager.getRepository(Measure).findOneByOrFail({ id: report.measureId });
      report.status = SituationReportStatus.SENT;
      report.sentOn = input.sentOn;
      report.sentToId = measure.judicial ? measure.courtId : null;
      const saved = await manager.save(report);
      if (OPEN_MEASURE_STATUSES.includes(measure.status)) await scheduleReport(manager, measure, report.dueOn);
      return saved;
    });
  },
};
