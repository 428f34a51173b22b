import { Access, statisticsTypes } from '@passerelle/common';
import { Field, ObjectType } from 'type-graphql';

/** The placements subgraph's statistics types (prefix `Placements`): counts, medians, no identifier. */
export const Stats = statisticsTypes('Placements');
export type Table = InstanceType<typeof Stats.Table>;
export type DurationSummary = InstanceType<typeof Stats.DurationSummary>;

@Access('AGGREGATES')
@ObjectType({ description: 'Placements in facilities of a territory over a period (statistiques des placements).' })
export class PlacementStatistics {
  @Field(() => Stats.Table, { description: 'Placements that started (entrées en placement): rows are periods, columns facility kinds.' })
  entries!: Table;

  @Field(() => Stats.Table, { description: 'Placements in progress on the last day of the period (placements en cours): rows are facility kinds, columns age bands.' })
  inProgressAtEnd!: Table;

  @Field(() => [Stats.DurationSummary], {
    description: 'Durations in days of the placements that ended in the period (durées de placement), per facility kind, then TOTAL.',
  })
  durations!: DurationSummary[];
}

@Access('AGGREGATES')
@ObjectType({ description: 'Return-home plans closed over a period (retours en famille).' })
export class ReturnHomeStatistics {
  @Field(() => Stats.Table, { description: 'Plans closed (clôturés): rows are periods of closing, columns COMPLETED (retour effectif) and ABANDONED.' })
  outcomes!: Table;

  @Field(() => [Stats.DurationSummary], {
    description: 'Days from the start of a COMPLETED plan to the lifting of the placement (délai jusqu’à la mainlevée / fin du placement), per period of closing, then TOTAL.',
  })
  timeToLifting!: DurationSummary[];
}
