import {
  Access,
  ActivityPart,
  activityFigureType,
  checkReportYear,
  type Disclosure,
  flattenNumbers,
  flattenTable,
  type ActivityFigureValue,
  reportDisclosure,
  reportPeriod,
} from '@passerelle/common';
import { Ctx, Directive, Field, FieldResolver, Int, ObjectType, Resolver, Root } from 'type-graphql';
import type { PlacementsContext } from '../context';
import { statisticsService } from '../statistics/statistics.service';
import { ReturnHomeStatistics, Stats, type DurationSummary, type Table } from '../statistics/statistics.types';

/**
 * The placements subgraph's part of the annual activity report (rapport d'activité): placements
 * by facility kind and return homes, on the placements schema alone. The cases subgraph owns the
 * entity (`Query.activityReport`); this subgraph resolves `ActivityReport` from its key, the year,
 * and decides the disclosure from its own principal (exact for the département, suppressed for the
 * observatory, FORBIDDEN for anyone else) before any SQL. The figures are the quarterly statistics
 * (`placementStatistics`, `returnHomeStatistics`) over the year's four quarters in the whole
 * département, with the disclosure's threshold: the observatory gets exactly the cells those
 * publish.
 */

export const PlacementsActivityFigure = activityFigureType('Placements');

/** The cases subgraph's entity, as this subgraph extends it. */
@Directive('@key(fields: "year")')
@Access('ACTIVITY_REPORT')
@ObjectType({ description: 'The annual activity report of the ASE (owned by the cases subgraph); placements and return homes are added here.' })
export class ActivityReport {
  @Field(() => Int, { description: 'The calendar year (année) the report covers, 1 January to 31 December.' })
  year!: number;
}

@Access('ACTIVITY_REPORT')
@ObjectType({ description: 'Placements in the year by facility kind (placements par type de lieu d’accueil).' })
export class ActivityPlacements {
  @Field(() => Stats.Table, { description: 'Placements that started (entrées): rows are quarters, columns facility kinds.' })
  started!: Table;

  @Field(() => Stats.Table, { description: 'Placements in progress on 31 December of the year before (the year’s start): facility kind × age band.' })
  inProgressAtStart!: Table;

  @Field(() => Stats.Table, { description: 'Placements in progress on 31 December: facility kind × age band.' })
  inProgressAtEnd!: Table;

  @Field(() => [Stats.DurationSummary], { description: 'Durations in days of the placements that ended in the year, per facility kind, then TOTAL.' })
  durations!: DurationSummary[];
}

/** The placements part, each section computed once per request (`ActivityPart`). */
class PlacementsActivity extends ActivityPart {
  constructor(
    private readonly ctx: Pick<PlacementsContext, 'db'>,
    year: number,
    disclosure: Disclosure,
  ) {
    super(year, disclosure);
  }

  placements() {
    return this.once('placements', async () => {
      const p = await statisticsService.placements(this.ctx, reportPeriod(this.year), null, this.options);
      return { started: p.entries, inProgressAtStart: p.inProgressAtStart, inProgressAtEnd: p.inProgressAtEnd, durations: p.durations };
    });
  }

  returnHomes() {
    return this.once('returnHomes', () => statisticsService.returnHome(this.ctx, reportPeriod(this.year), null, this.options));
  }

  async figures(): Promise<ActivityFigureValue[]> {
    const [placements, returnHomes] = await Promise.all([this.placements(), this.returnHomes()]);
    const durations = (section: string, table: string, rows: { label: string; medianDays: { value: number | null; suppressed: boolean }; p90Days: { value: number | null; suppressed: boolean } }[]) =>
      rows.flatMap((d) => flattenNumbers(section, table, d.label, { MEDIAN_DAYS: d.medianDays, P90_DAYS: d.p90Days }));
    return [
      ...flattenTable('PLACEMENTS', 'STARTED', placements.started),
      ...flattenTable('PLACEMENTS', 'IN_PROGRESS_AT_START', placements.inProgressAtStart),
      ...flattenTable('PLACEMENTS', 'IN_PROGRESS_AT_END', placements.inProgressAtEnd),
      ...durations('PLACEMENTS', 'DURATIONS', placements.durations),
      ...flattenTable('RETURN_HOMES', 'OUTCOMES', returnHomes.outcomes),
      ...durations('RETURN_HOMES', 'TIME_TO_LIFTING', returnHomes.timeToLifting),
    ];
  }
}

/** Also for the command line (`npm run report:activity`), with a disclosure it decides itself. */
export function placementsActivity(ctx: Pick<PlacementsContext, 'db'>, year: number, disclosure: Disclosure) {
  return new PlacementsActivity(ctx, year, disclosure);
}

const perRequest = new WeakMap<object, Map<number, PlacementsActivity>>();

function activityOf(ctx: PlacementsContext, year: number): PlacementsActivity {
  let byYear = perRequest.get(ctx);
  if (!byYear) perRequest.set(ctx, (byYear = new Map()));
  let activity = byYear.get(year);
  if (!activity) byYear.set(year, (activity = new PlacementsActivity(ctx, checkReportYear(year), reportDisclosure(ctx.principal))));
  return activity;
}

/** `ActivityReport` from its key: the year is checked and the disclosure decided (FORBIDDEN for an audience the matrix does not open it to). */
export const activityReportReference = {
  ActivityReport: {
    __resolveReference(ref: { year: number }, ctx: PlacementsContext): ActivityReport {
      activityOf(ctx, ref.year);
      return { year: ref.year };
    },
  },
};

@Resolver(() => ActivityReport)
export class ActivityReportPlacementsResolver {
  @FieldResolver(() => ActivityPlacements, { description: 'Placements by facility kind: started in the year, in progress at its start and its end, durations of those that ended.' })
  placements(@Root() report: ActivityReport, @Ctx() ctx: PlacementsContext) {
    return activityOf(ctx, report.year).placements();
  }

  @FieldResolver(() => ReturnHomeStatistics, { description: 'Return homes (retours en famille): return-home plans closed in the year by outcome, per quarter, and days to the lifting of the placement.' })
  returnHomes(@Root() report: ActivityReport, @Ctx() ctx: PlacementsContext) {
    return activityOf(ctx, report.year).returnHomes();
  }

  @FieldResolver(() => [PlacementsActivityFigure], { description: 'The placements part in flat form, one figure per line (the CSV of `npm run report:activity`).' })
  placementFigures(@Root() report: ActivityReport, @Ctx() ctx: PlacementsContext) {
    return activityOf(ctx, report.year).figures();
  }
}
