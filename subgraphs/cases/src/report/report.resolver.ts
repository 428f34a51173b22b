import { Access, Connection, type Page, PageArgs } from '@passerelle/common';
import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Child } from '../child/child.entity';
import type { CasesContext } from '../context';
import { todayInFrance } from '../dates';
import { Measure } from '../measure/measure.entity';
import { Partner, partnerRef } from '../partner/partner.stub';
import { ReportsDueArgs, SendSituationReportInput, UpdateSituationReportInput } from './report.input';
import { reportService } from './report.service';
import { SituationReport, SituationReportStatus } from './situation-report.entity';

export const SituationReportConnection = Connection(SituationReport);

@Resolver(() => SituationReport)
export class SituationReportResolver {
  @Query(() => SituationReport, { description: 'One situation report by id; NOT_FOUND when there is none.' })
  situationReport(@Ctx() ctx: CasesContext, @Arg('id', () => ID, { description: 'Its id.' }) id: string): Promise<SituationReport> {
    return reportService.get(ctx, id);
  }

  @Query(() => SituationReportConnection, {
    description: 'Draft situation reports of open measures due before a day, overdue first (rapports à rendre).',
  })
  situationReportsDue(@Ctx() ctx: CasesContext, @Args() due: ReportsDueArgs, @Args() page: PageArgs): Promise<Page<SituationReport>> {
    return reportService.due(ctx, due.before, page);
  }

  @Access('SITUATION_REPORTS')
  @Mutation(() => SituationReport, { description: 'Saves the text of a draft report.' })
  updateSituationReport(@Ctx() ctx: CasesContext, @Arg('input', { description: 'What to record; see the input type.' }) input: UpdateSituationReportInput): Promise<SituationReport> {
    return reportService.update(ctx, input);
  }

  @Access('SITUATION_REPORTS')
  @Mutation(() => SituationReport, {
    description: 'Sends a report (to the court for a judicial measure): DRAFT → SENT, and the next report falls due.',
  })
  sendSituationReport(@Ctx() ctx: CasesContext, @Arg('input', { description: 'What to record; see the input type.' }) input: SendSituationReportInput): Promise<SituationReport> {
    return reportService.send(ctx, input);
  }

  @FieldResolver(() => Child, { nullable: true, description: 'The child it is about. Null, with a FORBIDDEN error, when the institution’s agreements do not grant SITUATION_REPORTS.' })
  async child(@Root() report: SituationReport, @Ctx() ctx: CasesContext): Promise<Child> {
    const child = await ctx.loaders.childById.load(report.childId);
    if (!child) throw ctx.rows.absent('Child', report.childId);
    return child;
  }

  @FieldResolver(() => Measure, { nullable: true, description: 'The measure it reports on. Null, with a FORBIDDEN error, when the institution’s agreements do not grant SITUATION_REPORTS.' })
  async measure(@Root() report: SituationReport, @Ctx() ctx: CasesContext): Promise<Measure> {
    const measure = await ctx.loaders.measureById.load(report.measureId);
    if (!measure) throw ctx.rows.absent('Measure', report.measureId);
    return measure;
  }

  @FieldResolver(() => Partner, { nullable: true, description: 'The court it was sent to (judicial measures). Null, with a FORBIDDEN error, when the institution’s agreements do not grant SITUATION_REPORTS.' })
  sentTo(@Root() report: SituationReport): Partner | null {
    return partnerRef(report.sentToId);
  }

  @FieldResolver(() => Boolean, { nullable: true, description: 'A draft past its due date (en retard). Null, with a FORBIDDEN error, when the institution’s agreements do not grant SITUATION_REPORTS.' })
  overdue(@Root() report: SituationReport): boolean {
    return report.status === SituationReportStatus.DRAFT && report.dueOn < todayInFrance();
  }
}

@Resolver(() => Child)
export class ChildReportsResolver {
  @Access('SITUATION_REPORTS')
  @FieldResolver(() => SituationReportConnection, { nullable: true, description: 'The child’s situation reports, latest due date first. Null, with a FORBIDDEN error, when the institution’s agreements do not grant SITUATION_REPORTS.' })
  situationReports(@Root() child: Child, @Args() page: PageArgs, @Ctx() ctx: CasesContext): Promise<Page<SituationReport>> {
    return ctx.loaders.reportsByChild.load({ parentId: child.id, args: page });
  }
}
