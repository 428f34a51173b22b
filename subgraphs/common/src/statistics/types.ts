import { GraphQLLocalDate } from 'graphql-scalars';
import { Field, Float, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Access } from '../access';
import { ARRONDISSEMENTS, STATISTICS_TERRITORIES, type StatisticsTerritoryCode } from '../territory';
import type { Granularity } from './period';

/**
 * The GraphQL types of a subgraph's statistics, built once per subgraph with its own name prefix
 * (type and enum names must not collide across subgraphs; only entities are shared). Every type is
 * `@Access('AGGREGATES')` (DOMAIN.md: aggregates, pseudonymised records) and carries no identifier.
 */
export function statisticsTypes(prefix: string) {
  const GranularityEnum = { MONTH: 'MONTH', QUARTER: 'QUARTER' } as const satisfies Record<Granularity, Granularity>;
  registerEnumType(GranularityEnum, {
    name: `${prefix}StatisticsGranularity`,
    description: 'How a statistics period is cut into rows (découpage de la période).',
    valuesConfig: {
      MONTH: { description: 'One row per calendar month (mois).' },
      QUARTER: { description: 'One row per calendar quarter (trimestre).' },
    },
  });

  @InputType(`${prefix}StatisticsPeriod`, {
    description: 'The period a statistics query covers (période): whole calendar quarters, both days included. Small cells are suppressed quarter by quarter, the same whatever the period.',
  })
  class PeriodInput {
    @Field(() => GraphQLLocalDate, { description: 'First day (début), included: the first day of a quarter (1 January, April, July or October); statistics cover whole quarters.' })
    from!: string;

    @Field(() => GraphQLLocalDate, { description: 'Last day (fin), included: the last day of a quarter, at most 120 months after `from`.' })
    to!: string;

    @Field(() => GranularityEnum, { nullable: true, defaultValue: 'MONTH', description: 'Rows per month or per quarter (MONTH by default).' })
    granularity?: Granularity | null;
  }

  const TerritoryCodeEnum = Object.fromEntries(Object.keys(STATISTICS_TERRITORIES).map((k) => [k, k])) as { [K in StatisticsTerritoryCode]: K };
  registerEnumType(TerritoryCodeEnum, {
    name: `${prefix}StatisticsTerritoryCode`,
    description: 'A predefined statistics territory (territoire): the whole département, or one of the groups that partition it (its arrondissements, and OTHER).',
    valuesConfig: {
      DEPARTMENT: { description: 'The whole département (tout le département).' },
      ...Object.fromEntries(ARRONDISSEMENTS.map((a) => [a.code, { description: `The arrondissement of ${a.name} (arrondissement de ${a.name}).` }])),
      OTHER: { description: 'What is in no arrondissement: a commune outside them, or not recorded (hors arrondissements ou non renseignée).' },
    },
  });

  @InputType(`${prefix}StatisticsTerritory`, {
    description:
      'The territory a statistics query covers (territoire): the whole département or one of the groups that partition it. Small cells are suppressed jointly across the département and every group (secret statistique), so that a group’s suppressed cell cannot be recomputed as the département minus the other groups; the same cells come out whichever territory is asked. Never an arbitrary list of communes: two lists differing by one commune would give its suppressed cells back by subtraction.',
  })
  class TerritoryInput {
    @Field(() => TerritoryCodeEnum, { nullable: true, description: 'The predefined territory (code du territoire); absent: the whole département.' })
    code?: StatisticsTerritoryCode | null;

    @Field(() => [String], {
      nullable: true,
      description: 'No longer accepted: a list of INSEE commune codes is refused with BAD_USER_INPUT (use `code`). Kept so that an old client gets a clear error.',
    })
    communes?: string[] | null;
  }

  @Access('AGGREGATES')
  @ObjectType(`${prefix}StatisticsCell`, {
    description: 'One published count (effectif): null and `suppressed` when it is under the threshold, or would let a suppressed one be recomputed (secret statistique).',
  })
  class Cell {
    @Field(() => Int, { nullable: true, description: 'The count; null when suppressed.' })
    value!: number | null;

    @Field({ description: 'Withheld by small-cell or complementary suppression (secret statistique).' })
    suppressed!: boolean;
  }

  @Access('AGGREGATES')
  @ObjectType(`${prefix}StatisticsNumber`, {
    description: 'One published number (a median, a percentile, a share): null and `suppressed` when computed over fewer items than the threshold.',
  })
  class NumberCell {
    @Field(() => Float, { nullable: true, description: 'The number; null when suppressed or when there is nothing to compute it on.' })
    value!: number | null;

    @Field({ description: 'Withheld because too few items stand behind it (secret statistique).' })
    suppressed!: boolean;
  }

  @Access('AGGREGATES')
  @ObjectType(`${prefix}StatisticsRow`, { description: 'One row of a statistics table (ligne), with its total.' })
  class Row {
    @Field({ description: 'What the row counts: a period (2026-03, 2026-Q1) or a category.' })
    label!: string;

    @Field(() => [Cell], { description: 'One cell per column, in the order of `columns`.' })
    cells!: Cell[];

    @Field(() => Cell, { description: 'The row total (total de la ligne).' })
    total!: Cell;
  }

  @Access('AGGREGATES')
  @ObjectType(`${prefix}StatisticsTable`, {
    description: 'A two-way table of counts (tableau croisé) with its margins, small cells suppressed (primary and complementary suppression).',
  })
  class Table {
    @Field({ description: 'What the rows are (e.g. MONTH, QUARTER, MEASURE_KIND).' })
    rowDimension!: string;

    @Field({ description: 'What the columns are (e.g. SOURCE_KIND, CHANNEL, OUTCOME).' })
    columnDimension!: string;

    @Field(() => [String], { description: 'Column labels, in order.' })
    columns!: string[];

    @Field(() => [Row], { description: 'The rows, every period or category present (zeros included).' })
    rows!: Row[];

    @Field(() => [Cell], { description: 'Column totals (totaux des colonnes), in the order of `columns`.' })
    columnTotals!: Cell[];

    @Field(() => Cell, { description: 'Grand total (total général).' })
    total!: Cell;

    @Field(() => Int, { description: 'The suppression threshold in force (seuil du secret statistique).' })
    threshold!: number;
  }

  @Access('AGGREGATES')
  @ObjectType(`${prefix}DurationSummary`, { description: 'Durations in days over one row (durées en jours): median and 90th percentile.' })
  class DurationSummary {
    @Field({ description: 'What the row covers: a period, a category, or TOTAL.' })
    label!: string;

    @Field(() => NumberCell, { description: 'Median, in days (médiane).' })
    medianDays!: NumberCell;

    @Field(() => NumberCell, { description: '90th percentile, in days (9e décile).' })
    p90Days!: NumberCell;
  }

  return { GranularityEnum, TerritoryCodeEnum, PeriodInput, TerritoryInput, Cell, NumberCell, Row, Table, DurationSummary };
}
