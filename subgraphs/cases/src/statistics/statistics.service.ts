import {
  bucketSql,
  buildLinkedPeriodTables,
  buildStockFlowTables,
  buildTerritoryPeriodTable,
  buckets,
  buildTerritoryTable,
  isQuarterEnd,
  monthEnd,
  monthsOf,
  stockDaysOf,
  checkMonthEnd,
  checkPeriod,
  inTerritorySql,
  numberOver,
  type NumberValue,
  type PeriodArgs,
  quantilesBy,
  readConfig,
  statisticsTerritory,
  type StatisticsOptions,
  type StatisticsTerritoryCode,
  type TableValue,
  territoryGroupSql,
} from '@passerelle/common';
import type { CasesContext } from '../context';
import { ConcernChannel, ConcernSourceKind, ConcernStatus } from '../concern/concern.enums';
import { MeasureKind } from '../measure/measure.enums';
import { Sex } from '../child/child.entity';

/**
 * Statistics of the cases subgraph for the analyst audience (ODPE/ONPE): computed in SQL
 * (GROUP BY, GROUPING SETS, percentile_cont), one or two statements a query whatever the number
 * of rows; the tables come back with small cells suppressed. Reads the cases schema only.
 *
 * Territory: the whole département or one of its arrondissements (`statisticsTerritory`: never
 * an arbitrary commune list), by the child's commune of residence (cases.child.commune_code) as
 * recorded today. A concern (and its evaluation) concerning several children belongs to ONE
 * commune — the smallest code among its children's — so that the groups' figures add up to the
 * département's; a child whose commune is not recorded counts in OTHER.
 *
 * Tables of counts are computed for every group at once (a territory column `g` in the same
 * statement) and suppressed jointly across the département and its groups (`buildTerritoryTable`,
 * `buildTerritoryPeriodTable`): the département is the sum of the groups, so a group's suppressed
 * cell must not come back by subtraction. Medians and percentiles are computed for the territory
 * asked only (not additive; suppressed under the threshold of items).
 */

const DAY = `AT TIME ZONE 'Europe/Paris'`;
/** The instant bounds of a period of days, in the département's time zone (index-friendly). */
const RECEIVED_IN = `c.received_at >= ($1::date)::timestamp ${DAY} AND c.received_at < ($2::date + 1)::timestamp ${DAY}`;

export const threshold = () => readConfig(['STATISTICS_MIN_CELL']).STATISTICS_MIN_CELL;

type Territory = { code?: StatisticsTerritoryCode | null; communes?: string[] | null } | null | undefined;


/**
 * The concerns received in the period with their commune (`cc.commune`: the smallest commune of
 * residence among their children, null when none is recorded), to LEFT JOIN on `cc.id = c.id`.
 */
const CONCERN_COMMUNE = `(
    SELECT k.id, min(ch.commune_code) AS commune FROM cases.concern k
      LEFT JOIN cases.concern_child kc ON kc.concern_id = k.id LEFT JOIN cases.child ch ON ch.id = kc.child_id
     WHERE ${RECEIVED_IN.replace(/c\.received_at/g, 'k.received_at')}
     GROUP BY k.id)`;
/** The statistics group (arrondissement code or OTHER) of a concern `c` joined to `cc`. */
const CONCERN_GROUP = territoryGroupSql('cc.commune');

export const ACTIVE_STATUSES = `('ACTIVE', 'RENEWED', 'ENDED', 'LIFTED')`;

export const statisticsService = {
  async concerns(ctx: Pick<CasesContext, 'db'>, periodArgs: PeriodArgs, territory?: Territory, options: StatisticsOptions = {}) {
    const period = checkPeriod(periodArgs);
    const { code } = statisticsTerritory(territory);
    const rows: { b: string; g: string; source_kind: string | null; channel: string | null; status: string | null; n: string }[] =
      await ctx.db.dataSource.query(
        `SELECT ${bucketSql(`(c.received_at ${DAY})::date`, 'MONTH')} AS b, ${CONCERN_GROUP} AS g,
                c.source_kind::text AS source_kind, c.channel::text AS channel, c.status::text AS status, count(*) AS n
           FROM cases.concern c LEFT JOIN ${CONCERN_COMMUNE} cc ON cc.id = c.id
          WHERE ${RECEIVED_IN}
          GROUP BY GROUPING SETS ((1, 2, c.source_kind), (1, 2, c.channel), (1, 2, c.status))`,
        [period.from, period.to],
      );
    // The three tables count the same concerns: one linked set per quarter (shared month and quarter totals).
    const spec = (dimension: string, columns: string[], key: 'source_kind' | 'channel' | 'status') => ({
      name: dimension,
      dimension,
      columns,
      counts: rows.filter((r) => r[key] !== null).map((r) => ({ row: r.b, territory: r.g, column: r[key]!, n: r.n })),
    });
    const [bySourceKind, byChannel, byOutcome] = buildLinkedPeriodTables(
      period,
      [spec('SOURCE_KIND', Object.values(ConcernSourceKind), 'source_kind'), spec('CHANNEL', Object.values(ConcernChannel), 'channel'), spec('OUTCOME', Object.values(ConcernStatus), 'status')],
      options.threshold ?? threshold(),
      code,
      'concerns',
    );
    return { bySourceKind: bySourceKind!, byChannel: byChannel!, byOutcome: byOutcome! };
  },

  async evaluationDelays(ctx: Pick<CasesContext, 'db'>, periodArgs: PeriodArgs, territory?: Territory, options: StatisticsOptions = {}) {
    const period = checkPeriod(periodArgs);
    const { code, communes, outside } = statisticsTerritory(territory);
    const evaluations = (where: string) => `
      SELECT ${CONCERN_GROUP} AS g, ${bucketSql(`(c.received_at ${DAY})::date`, 'MONTH')} AS m, ${bucketSql(`(c.received_at ${DAY})::date`, period.granularity)} AS b,
             CASE WHEN e.status = 'CONCLUDED' THEN (e.concluded_at ${DAY})::date - (c.received_at ${DAY})::date END AS delay,
             CASE WHEN e.status = 'CONCLUDED' AND (e.concluded_at ${DAY})::date <= e.due_on THEN 'CONCLUDED_ON_TIME'
                  WHEN e.status = 'CONCLUDED' THEN 'CONCLUDED_LATE'
                  WHEN e.due_on < (now() ${DAY})::date THEN 'IN_PROGRESS_OVERDUE'
                  ELSE 'IN_PROGRESS' END AS state
        FROM cases.evaluation e JOIN cases.concern c ON c.id = e.concern_id LEFT JOIN ${CONCERN_COMMUNE} cc ON cc.id = c.id
       WHERE ${RECEIVED_IN} AND ${where}`;
    // Every group's counts (joint suppression); the delays of the territory asked only.
    const counts: { m: string; g: string; state: string; n: string }[] = await ctx.db.dataSource.query(
      `SELECT m, g, state, count(*) AS n FROM (${evaluations('TRUE')}) x GROUP BY m, g, state`,
      [period.from, period.to],
    );
    const byBucket = await quantilesBy(ctx.db.dataSource, 'b', 'delay', `(${evaluations(inTerritorySql('cc.commune', 3))}) x`, [
      period.from,
      period.to,
      communes,
      outside,
    ]);
    const t = options.threshold ?? threshold();
    const columns = ['CONCLUDED_ON_TIME', 'CONCLUDED_LATE', 'IN_PROGRESS', 'IN_PROGRESS_OVERDUE'];
    const table = buildTerritoryPeriodTable('EVALUATION_STATE', period, columns, counts.map((r) => ({ row: r.m, territory: r.g, column: r.state, n: r.n })), t, code);
    const share = (cells: { value: number | null; suppressed: boolean }[], total: { value: number | null; suppressed: boolean }): NumberValue => {
      const late = [cells[1]!, cells[3]!];
      if (total.suppressed || late.some((c) => c.suppressed)) return { value: null, suppressed: true };
      if (!total.value) return { value: null, suppressed: false };
      return { value: Math.round(((late[0]!.value! + late[1]!.value!) / total.value) * 1000) / 1000, suppressed: false };
    };
    const delayRow = (label: string, cells: TableValue['columnTotals'], total: TableValue['total']) => {
      const d = byBucket.get(label);
      return {
        label,
        medianDays: numberOver(d?.median, d?.n ?? 0, t),
        p90Days: numberOver(d?.p90, d?.n ?? 0, t),
        overdueShare: share(cells, total),
      };
    };
    return {
      counts: table,
      delays: [...table.rows.map((r) => delayRow(r.label, r.cells, r.total)), delayRow('TOTAL', table.columnTotals, table.total)],
    };
  },

  /**
   * Measures in force at the end of a month-end day (mesures en cours: started on or before it, not
   * ended or lifted on or before it), by kind × the child's sex. Linked with the flows (stock at a
   * month end = stock at the previous one + the month's entries − its exits, `measureLinked`).
   */
  async activeMeasures(ctx: CasesContext, at: string, territory?: Territory): Promise<TableValue> {
    checkMonthEnd(at, 'at');
    const { code } = statisticsTerritory(territory);
    const quarter = buckets({ from: at, to: at, granularity: 'QUARTER' })[0]!;
    const start = monthsOf(quarter)[0]!;
    const period = { from: `${start}-01`, to: monthEnd(monthsOf(quarter)[2]!), granularity: 'MONTH' as const };
    // At a quarter end the stock is suppressed alone (its own counts suffice); inside a quarter, with the quarter's flows.
    return (await measureLinked(ctx, period, code, isQuarterEnd(at) ? at : null, {})).stockAt(at);
  },

  /** Measures starting (entrées) and ending or lifted (sorties) in a period, by period × kind; linked with the stocks at the month ends. */
  async measureFlows(ctx: CasesContext, periodArgs: PeriodArgs, territory?: Territory) {
    const period = checkPeriod(periodArgs);
    const { code } = statisticsTerritory(territory);
    const { entries, exits } = await measureLinked(ctx, period, code, null, {});
    return { entries, exits: exits! };
  },
};

/**
 * The linked set of measures over the quarters of `period`: stocks at every month end of the
 * quarters and the one before (kind × sex), entries and exits per month × kind, every territory,
 * two statements. `only`: just the stock at that quarter end, suppressed alone (no flow needed). A measure is in
 * force at the end of day d when it started on or before d and did not end (ended_on or lifted_at)
 * on or before d; an exit is counted in the month of that end day: so, exactly, stock(end of month)
 * = stock(end of previous month) + entries − exits, which the suppression takes into account.
 */
export async function measureLinked(
  ctx: Pick<CasesContext, 'db'>,
  period: { from: string; to: string; granularity: 'MONTH' | 'QUARTER' },
  code: StatisticsTerritoryCode,
  only: string | null,
  options: StatisticsOptions,
) {
  const t = options.threshold ?? threshold();
  const quarters = buckets({ ...period, granularity: 'QUARTER' });
  const days = only ? [only] : stockDaysOf(quarters, true);
  const stocks: { day: string; g: string; kind: string; sex: string; n: string }[] = await ctx.db.dataSource.query(
    `SELECT to_char(d.day, 'YYYY-MM-DD') AS day, ${territoryGroupSql('ch.commune_code')} AS g, m.kind::text AS kind, ch.sex::text AS sex, count(*) AS n
       FROM unnest($1::date[]) AS d(day)
       JOIN cases.measure m ON m.start_date <= d.day AND (COALESCE(m.ended_on, m.lifted_at) IS NULL OR COALESCE(m.ended_on, m.lifted_at) > d.day)
       JOIN cases.child ch ON ch.id = m.child_id
      WHERE m.status IN ${ACTIVE_STATUSES}
      GROUP BY 1, 2, 3, 4`,
    [days],
  );
  const flows: { flow: 'IN' | 'OUT'; b: string; g: string; kind: string; n: string }[] = only
    ? []
    : await ctx.db.dataSource.query(
        `SELECT flow, ${bucketSql('day', 'MONTH')} AS b, ${territoryGroupSql('ch.commune_code')} AS g, kind, count(*) AS n FROM (
            SELECT 'IN' AS flow, m.start_date AS day, m.kind::text AS kind, m.child_id FROM cases.measure m
             WHERE m.status IN ${ACTIVE_STATUSES} AND m.start_date BETWEEN $1 AND $2
            UNION ALL
            SELECT 'OUT', COALESCE(m.ended_on, m.lifted_at), m.kind::text, m.child_id FROM cases.measure m
             WHERE m.status IN ${ACTIVE_STATUSES} AND COALESCE(m.ended_on, m.lifted_at) BETWEEN $1 AND $2
          ) x JOIN cases.child ch ON ch.id = x.child_id GROUP BY flow, b, g, kind`,
        [period.from, period.to],
      );
  const kinds = Object.values(MeasureKind);
  const flow = (which: 'IN' | 'OUT') => flows.filter((r) => r.flow === which).map((r) => ({ row: r.b, territory: r.g, column: r.kind, n: r.n }));
  const spec = {
    flowDimension: 'MEASURE_KIND',
    stockDimensions: { rows: 'MEASURE_KIND', columns: 'SEX' },
    stock: { rows: kinds, columns: Object.values(Sex) },
    stocks: stocks.map((r) => ({ day: r.day, row: r.kind, column: r.sex, territory: r.g, n: r.n })),
    entries: flow('IN'),
    exits: flow('OUT'),
    monthly: true,
  };
  if (only) {
    const table = buildTerritoryTable(spec.stockDimensions, spec.stock.rows, spec.stock.columns, spec.stocks, t, code);
    return { entries: table, exits: null, stockAt: () => table };
  }
  return buildStockFlowTables(period, spec, t, code);
}
