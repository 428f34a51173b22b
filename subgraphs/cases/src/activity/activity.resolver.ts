import { Access, checkReportYear, reportDisclosure } from '@passerelle/common';
import { Arg, Ctx, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import type { CasesContext } from '../context';
import { CasesActivity } from './activity.service';
import { ActivityConcerns, ActivityEvaluations, ActivityMeasures, ActivityReport, ActivityTimeliness, CasesActivityFigure } from './activity.types';

/** One `CasesActivity` per request and year: each section's SQL runs once however often it is asked. */
const perRequest = new WeakMap<CasesContext, Map<number, CasesActivity>>();

/** The report's part for this principal: the disclosure is decided (or refused, FORBIDDEN) before any SQL. */
export function activityOf(ctx: CasesContext, year: number): CasesActivity {
  let byYear = perRequest.get(ctx);
  if (!byYear) perRequest.set(ctx, (byYear = new Map()));
  let activity = byYear.get(year);
  if (!activity) byYear.set(year, (activity = new CasesActivity(ctx, checkReportYear(year), reportDisclosure(ctx.principal))));
  return activity;
}

@Resolver(() => ActivityReport)
export class ActivityReportResolver {
  @Access('ACTIVITY_REPORT')
  @Query(() => ActivityReport, {
    nullable: true,
    description:
      'The annual activity report of the ASE (rapport d’activité) for one year, in one query: concerns, evaluations and their delays, measures in stock and flow, PPE and situation report timeliness (cases), placements and return homes (placements). Exact for the département; small cells suppressed for the observatory. Null, with a FORBIDDEN error, when the institution’s agreements do not grant AGGREGATES.',
  })
  activityReport(@Ctx() ctx: CasesContext, @Arg('year', () => Int, { description: 'The calendar year (année), not after the current one.' }) year: number): ActivityReport {
    activityOf(ctx, year);
    return { year };
  }

  @FieldResolver(() => Boolean, { description: 'True when the figures are exact (the département); false when small cells are suppressed (secret statistique).' })
  exact(@Root() report: ActivityReport, @Ctx() ctx: CasesContext): boolean {
    return activityOf(ctx, report.year).disclosure.exact;
  }

  @FieldResolver(() => Int, { description: 'The suppression threshold applied: 0 when exact, else the statistics’ (STATISTICS_MIN_CELL).' })
  threshold(@Root() report: ActivityReport, @Ctx() ctx: CasesContext): number {
    return activityOf(ctx, report.year).disclosure.threshold;
  }

  @FieldResolver(() => ActivityConcerns, { description: 'Informations préoccupantes received in the year, by kind of sender and by outcome.' })
  concerns(@Root() report: ActivityReport, @Ctx() ctx: CasesContext) {
    return activityOf(ctx, report.year).concerns();
  }

  @FieldResolver(() => ActivityEvaluations, { description: 'Evaluations of the concerns received in the year: on time or late, delays (median, 90th percentile), share concluded by the legal due date.' })
  evaluations(@Root() report: ActivityReport, @Ctx() ctx: CasesContext) {
    return activityOf(ctx, report.year).evaluations();
  }

  @FieldResolver(() => ActivityMeasures, { description: 'Measures by kind: in force on 1 January and 31 December, started, ended, ended by reason.' })
  measures(@Root() report: ActivityReport, @Ctx() ctx: CasesContext) {
    return activityOf(ctx, report.year).measures();
  }

  @FieldResolver(() => ActivityTimeliness, {
    description:
      'PPE timeliness (CASF L223-1-1: drawn up within 3 months of the measure’s start, `childPlanDueOn` of the law table): the measures started in the year whose kind requires a PPE × ON_TIME, LATE, MISSING (due date past, none drawn up), NOT_YET_DUE, CLOSED_BEFORE_DUE (the measure closed by its due date without one); `onTimeShare` = ON_TIME / (ON_TIME + LATE + MISSING).',
  })
  childPlans(@Root() report: ActivityReport, @Ctx() ctx: CasesContext) {
    return activityOf(ctx, report.year).childPlans();
  }

  @FieldResolver(() => ActivityTimeliness, {
    description:
      'Situation report timeliness (CASF L223-5: yearly, every 6 months under 2, due dates from the law’s schedule): the reports due in the year, by measure kind × SENT_ON_TIME, SENT_LATE, OVERDUE (not sent, due date past), NOT_YET_DUE; `onTimeShare` = SENT_ON_TIME / (SENT_ON_TIME + SENT_LATE + OVERDUE).',
  })
  situationReports(@Root() report: ActivityReport, @Ctx() ctx: CasesContext) {
    return activityOf(ctx, report.year).situationReports();
  }

  @FieldResolver(() => [CasesActivityFigure], {
    description: 'The cases part in flat form, one figure per line (the CSV of `npm run report:activity`; the placements part is `placementFigures`).',
  })
  caseFigures(@Root() report: ActivityReport, @Ctx() ctx: CasesContext) {
    return activityOf(ctx, report.year).figures();
  }
}

