import { Access } from '@passerelle/common';
import { GraphQLLocalDate } from 'graphql-scalars';
import { Arg, Ctx, Query, Resolver } from 'type-graphql';
import type { CasesContext } from '../context';
import { statisticsService } from './statistics.service';
import { ConcernStatistics, EvaluationDelayStatistics, MeasureFlowStatistics, Stats, type Table } from './statistics.types';

type Period = InstanceType<typeof Stats.PeriodInput>;
type Territory = InstanceType<typeof Stats.TerritoryInput>;

const PERIOD = { description: 'The period covered (période) and its cut into rows.' };
const TERRITORY = {
  nullable: true,
  description:
    'The territory (territoire), by the child’s commune of residence: the whole département (absent) or one of the groups that partition it (`code`: an arrondissement, or OTHER); a list of communes is refused.',
};

/** Statistics for the analyst audience (ODPE/ONPE): aggregates only, small cells suppressed. */
@Resolver()
export class CasesStatisticsResolver {
  @Access('AGGREGATES')
  @Query(() => ConcernStatistics, {
    nullable: true,
    description: 'Informations préoccupantes received over a period, by source kind, channel and outcome, per month or quarter; small cells suppressed. Null, with a FORBIDDEN error, when the institution’s agreements do not grant AGGREGATES.',
  })
  concernStatistics(
    @Ctx() ctx: CasesContext,
    @Arg('period', () => Stats.PeriodInput, PERIOD) period: Period,
    @Arg('territory', () => Stats.TerritoryInput, TERRITORY) territory?: Territory | null,
  ): Promise<ConcernStatistics> {
    return statisticsService.concerns(ctx, period, territory);
  }

  @Access('AGGREGATES')
  @Query(() => EvaluationDelayStatistics, {
    nullable: true,
    description: 'Evaluation delays of the concerns received over a period: counts on time and overdue, median and 90th percentile of days, share overdue. Null, with a FORBIDDEN error, when the institution’s agreements do not grant AGGREGATES.',
  })
  evaluationDelayStatistics(
    @Ctx() ctx: CasesContext,
    @Arg('period', () => Stats.PeriodInput, PERIOD) period: Period,
    @Arg('territory', () => Stats.TerritoryInput, TERRITORY) territory?: Territory | null,
  ): Promise<EvaluationDelayStatistics> {
    return statisticsService.evaluationDelays(ctx, period, territory);
  }

  @Access('AGGREGATES')
  @Query(() => Stats.Table, { nullable: true, description: 'Measures in force at the end of a month’s last day (mesures en cours: started that day or before, not ended or lifted that day or before), by measure kind × sex of the child; small cells suppressed together with the months’ entries and exits (stock = previous stock + entries − exits). Null, with a FORBIDDEN error, when the institution’s agreements do not grant AGGREGATES.' })
  activeMeasureStatistics(
    @Ctx() ctx: CasesContext,
    @Arg('at', () => GraphQLLocalDate, { description: 'The day (date d’observation): the last day of a month.' }) at: string,
    @Arg('territory', () => Stats.TerritoryInput, TERRITORY) territory?: Territory | null,
  ): Promise<Table> {
    return statisticsService.activeMeasures(ctx, at, territory);
  }

  @Access('AGGREGATES')
  @Query(() => MeasureFlowStatistics, { nullable: true, description: 'Measures starting (entrées) and ending or lifted (sorties) over a period, per month or quarter × measure kind. Null, with a FORBIDDEN error, when the institution’s agreements do not grant AGGREGATES.' })
  measureFlowStatistics(
    @Ctx() ctx: CasesContext,
    @Arg('period', () => Stats.PeriodInput, PERIOD) period: Period,
    @Arg('territory', () => Stats.TerritoryInput, TERRITORY) territory?: Territory | null,
  ): Promise<MeasureFlowStatistics> {
    return statisticsService.measureFlows(ctx, period, territory);
  }
}
