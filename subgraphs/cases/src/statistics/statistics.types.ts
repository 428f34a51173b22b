import { Access, statisticsTypes } from '@passerelle/common';
import { Field, ObjectType } from 'type-graphql';

/** The cases subgraph's statistics types (prefix `Cases`): counts, medians, no identifier. */
export const Stats = statisticsTypes('Cases');
type Table = InstanceType<typeof Stats.Table>;
type NumberCell = InstanceType<typeof Stats.NumberCell>;
type DurationSummary = InstanceType<typeof Stats.DurationSummary>;

@Access('AGGREGATES')
@ObjectType({ description: 'Informations préoccupantes received over a period, counted per month or quarter (statistiques des IP).' })
export class ConcernStatistics {
  @Field(() => Stats.Table, { description: 'Concerns by source kind (origine de l’IP): rows are periods, columns source kinds.' })
  bySourceKind!: Table;

  @Field(() => Stats.Table, { description: 'Concerns by channel (canal de réception): rows are periods, columns channels.' })
  byChannel!: Table;

  @Field(() => Stats.Table, {
    description: 'Concerns by outcome (suite donnée) — their status today: rows are periods of receipt, columns statuses.',
  })
  byOutcome!: Table;
}

@Access('AGGREGATES')
@ObjectType({ description: 'Delays of the evaluations of one row of periods (délais d’évaluation).' })
export class EvaluationDelayRow {
  @Field({ description: 'The period of receipt of the concerns (2026-03, 2026-Q1), or TOTAL.' })
  label!: string;

  @Field(() => Stats.NumberCell, { description: 'Median days from receipt of the concern to the conclusion of its evaluation (médiane).' })
  medianDays!: NumberCell;

  @Field(() => Stats.NumberCell, { description: '90th percentile of those days (9e décile).' })
  p90Days!: NumberCell;

  @Field(() => Stats.NumberCell, {
    description: 'Share of evaluations overdue (part en retard, 0 to 1): concluded after their due date, or in progress past it today.',
  })
  overdueShare!: NumberCell;
}

@Access('AGGREGATES')
@ObjectType({ description: 'Evaluations of the concerns received over a period: how many on time, and how long (délais d’évaluation, CASF D226-2-4: 3 months at most).' })
export class EvaluationDelayStatistics {
  @Field(() => Stats.Table, {
    description: 'Evaluations by period of receipt of their concern × CONCLUDED_ON_TIME, CONCLUDED_LATE, IN_PROGRESS, IN_PROGRESS_OVERDUE.',
  })
  counts!: Table;

  @Field(() => [EvaluationDelayRow], { description: 'Delays per period, then a TOTAL row.' })
  delays!: EvaluationDelayRow[];
}

@Access('AGGREGATES')
@ObjectType({ description: 'Measures starting and ending over a period (entrées et sorties de mesure).' })
export class MeasureFlowStatistics {
  @Field(() => Stats.Table, { description: 'Measures that started (entrées): rows are periods, columns measure kinds.' })
  entries!: Table;

  @Field(() => Stats.Table, { description: 'Measures that ended or were lifted (sorties, fins et mainlevées): rows are periods, columns measure kinds.' })
  exits!: Table;
}

export type { DurationSummary, NumberCell, Table };
