import { Access } from '@passerelle/common';
import { Arg, Ctx, Query, Resolver } from 'type-graphql';
import type { PlacementsContext } from '../context';
import { statisticsService } from './statistics.service';
import { PlacementStatistics, ReturnHomeStatistics, Stats } from './statistics.types';

type Period = InstanceType<typeof Stats.PeriodInput>;
type Territory = InstanceType<typeof Stats.TerritoryInput>;

const PERIOD = { description: 'The period covered (période) and its cut into rows.' };
const TERRITORY = {
  nullable: true,
  description: 'The territory (territoire) of the facilities: the whole département (absent) or one of the groups that partition it (`code`: an arrondissement, or OTHER); a list of communes is refused.',
};

/** Statistics for the analyst audience (ODPE/ONPE): aggregates only, small cells suppressed. */
@Resolver()
export class PlacementsStatisticsResolver {
  @Access('AGGREGATES')
  @Query(() => PlacementStatistics, {
    nullable: true,
    description: 'Placements over a period in the facilities of a territory: entries by facility kind, placements in progress at the end, durations (median); small cells suppressed. Null, with a FORBIDDEN error, when the institution’s agreements do not grant AGGREGATES.',
  })
  placementStatistics(
    @Ctx() ctx: PlacementsContext,
    @Arg('period', () => Stats.PeriodInput, PERIOD) period: Period,
    @Arg('territory', () => Stats.TerritoryInput, TERRITORY) territory?: Territory | null,
  ): Promise<PlacementStatistics> {
    return statisticsService.placements(ctx, period, territory);
  }

  @Access('AGGREGATES')
  @Query(() => ReturnHomeStatistics, {
    nullable: true,
    description: 'Return-home plans closed over a period: by outcome, and median days to the lifting of the placement; small cells suppressed. Null, with a FORBIDDEN error, when the institution’s agreements do not grant AGGREGATES.',
  })
  returnHomeStatistics(
    @Ctx() ctx: PlacementsContext,
    @Arg('period', () => Stats.PeriodInput, PERIOD) period: Period,
    @Arg('territory', () => Stats.TerritoryInput, TERRITORY) territory?: Territory | null,
  ): Promise<ReturnHomeStatistics> {
    return statisticsService.returnHome(ctx, period, territory);
  }
}
