import { Access, activityFigureType } from '@passerelle/common';
import { Directive, Field, Int, ObjectType } from 'type-graphql';
import { EvaluationDelayRow, Stats, type NumberCell, type Table } from '../statistics/statistics.types';

/** One line of the report in flat form (CSV), the cases subgraph's part. */
export const CasesActivityFigure = activityFigureType('Cases');
export type CasesActivityFigure = InstanceType<typeof CasesActivityFigure>;

/**
 * The manager's annual activity report (rapport d'activité de l'ASE) of one year: an entity keyed
 * by the year, so that each subgraph adds the part it computes on its own tables (cases: concerns,
 * evaluations, measures, PPE, situation reports; placements: placements and return homes) and the
 * gateway composes them in one query. Exact for the département; small cells suppressed for the
 * observatory (the same cells as the quarterly statistics).
 */
@Directive('@key(fields: "year")')
@Access('ACTIVITY_REPORT')
@ObjectType({
  description:
    'The annual activity report of the ASE (rapport d’activité) for one calendar year: exact figures for the département; for the observatory, small cells suppressed (secret statistique) exactly as the quarterly statistics suppress them. Rows per quarter, margins for the year.',
})
export class ActivityReport {
  @Field(() => Int, { description: 'The calendar year (année) the report covers, 1 January to 31 December.' })
  year!: number;
}

@Access('ACTIVITY_REPORT')
@ObjectType({ description: 'Informations préoccupantes received in the year (IP reçues).' })
export class ActivityConcerns {
  @Field(() => Stats.Table, { description: 'By kind of sender (origine de l’IP): rows are the quarters of receipt, columns source kinds; the column totals are the year.' })
  bySourceKind!: Table;

  @Field(() => Stats.Table, { description: 'By outcome (suite donnée), their status today: rows are the quarters of receipt, columns statuses.' })
  byOutcome!: Table;
}

@Access('ACTIVITY_REPORT')
@ObjectType({ description: 'Evaluations of the concerns received in the year, and their delays (délais d’évaluation, CASF D226-2-4: 3 months at most, less when urgent).' })
export class ActivityEvaluations {
  @Field(() => Stats.Table, { description: 'Evaluations by quarter of receipt of their concern × CONCLUDED_ON_TIME (by their due date), CONCLUDED_LATE, IN_PROGRESS, IN_PROGRESS_OVERDUE.' })
  counts!: Table;

  @Field(() => [EvaluationDelayRow], { description: 'Days from receipt of the concern to the conclusion of its evaluation: median and 90th percentile per quarter, then TOTAL (the year); share overdue.' })
  delays!: EvaluationDelayRow[];

  @Field(() => Stats.NumberCell, {
    description: 'Share (0 to 1) of the evaluations concluded by their legal due date (3 months from receipt, less when urgent), among those concluded: CONCLUDED_ON_TIME / (CONCLUDED_ON_TIME + CONCLUDED_LATE) over the year.',
  })
  concludedOnTimeShare!: NumberCell;
}

@Access('ACTIVITY_REPORT')
@ObjectType({ description: 'Measures in the year: in force at its start and its end (stock), started and ended (flow); stock at the end = stock at the start + started − ended, per kind.' })
export class ActivityMeasures {
  @Field(() => Stats.Table, { description: 'Measures in force on 1 January at 0:00 (the end of 31 December of the year before): measure kind × sex of the child.' })
  inForceAtStart!: Table;

  @Field(() => Stats.Table, { description: 'Measures in force at the end of 31 December: measure kind × sex of the child.' })
  inForceAtEnd!: Table;

  @Field(() => Stats.Table, { description: 'Measures that started (entrées): rows are quarters, columns measure kinds.' })
  started!: Table;

  @Field(() => Stats.Table, { description: 'Measures that ended or were lifted (sorties): rows are quarters, columns measure kinds.' })
  ended!: Table;

  @Field(() => Stats.Table, {
    description: 'Measures ended in the year by end reason: measure kind × ENDED (at their term or by agreement) and LIFTED (mainlevée by the judge). The row totals are the year’s `ended` per kind, suppressed where it is.',
  })
  endedByReason!: Table;
}

@Access('ACTIVITY_REPORT')
@ObjectType({ description: 'Whether what the law requires of a measure was done in time, per measure kind (respect des échéances légales).' })
export class ActivityTimeliness {
  @Field(() => Stats.Table, { description: 'Rows: measure kinds; columns: the states (see the field using it).' })
  byMeasureKind!: Table;

  @Field(() => Stats.NumberCell, { description: 'Share (0 to 1) done in time among those due by today (see the field using it).' })
  onTimeShare!: NumberCell;
}
