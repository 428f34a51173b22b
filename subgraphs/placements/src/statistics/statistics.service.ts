import {
  addDays,
  buckets,
  bucketSql,
  buildStockFlowTables,
  buildTerritoryPeriodTable,
  stockDaysOf,
  checkPeriod,
  inTerritorySql,
  numberOver,
  type PeriodArgs,
  quantilesBy,
  readConfig,
  statisticsTerritory,
  type StatisticsOptions,
  type StatisticsTerritoryCode,
  territoryGroupSql,
} from '@passerelle/common';
import type { PlacementsContext } from '../context';
import { AgeBand } from '../facility/age-band';
import { FacilityKind } from '../facility/facility.entity';

/**
 * Statistics of the placements subgraph for the analyst audience (ODPE/ONPE): computed in SQL
 * (GROUP BY, ROLLUP, percentile_cont), a fixed number of statements a query; small cells
 * suppressed. The territory (the département or one arrondissement, `statisticsTerritory`) is
 * that of the facility's commune (placements.facility.commune_code); a return-home plan belongs
 * to the facility of its placement (a plan without a placement counts in OTHER). Reads the
 * placements schema only.
 *
 * Tables of counts come for every group at once (a territory column `g` in the same statement) and
 * are suppressed jointly across the département and its groups (`buildTerritoryTable`): the
 * département is their sum, so no group's suppressed cell comes back by subtraction. Durations
 * (medians, not additive) are computed for the territory asked only.
 */

const threshold = () => readConfig(['STATISTICS_MIN_CELL']).STATISTICS_MIN_CELL;
/** `$3` and `$4` hold the territory (`statisticsTerritory`: its communes, the communes it is outside of). */
const IN_TERRITORY = inTerritorySql('f.commune_code', 3);
/** The statistics group (arrondissement code or OTHER) of the facility `f`. */
const GROUP = territoryGroupSql('f.commune_code');

type Territory = { code?: StatisticsTerritoryCode | null; communes?: string[] | null } | null | undefined;



export const statisticsService = {
  async placements(ctx: Pick<PlacementsContext, 'db'>, periodArgs: PeriodArgs, territory: Territory, options: StatisticsOptions = {}) {
    const period = checkPeriod(periodArgs);
    const { code, communes, outside } = statisticsTerritory(territory);
    const params = [period.from, period.to, communes, outside];
    const entries: { b: string; g: string; kind: string; n: string }[] = await ctx.db.dataSource.query(
      `SELECT ${bucketSql('p.start_date', 'MONTH')} AS b, ${GROUP} AS g, f.kind::text AS kind, count(*) AS n
         FROM placements.placement p JOIN placements.facility f ON f.id = p.facility_id
        WHERE p.start_date BETWEEN $1 AND $2
        GROUP BY 1, 2, 3`,
      [period.from, period.to],
    );
    // In progress at every quarter end of the period and the one before it (linked with the entries).
    const days = stockDaysOf(buckets({ ...period, granularity: 'QUARTER' }), false);
    const open: { day: string; g: string; kind: string; band: string; n: string }[] = await ctx.db.dataSource.query(
      `SELECT to_char(d.day, 'YYYY-MM-DD') AS day, ${GROUP} AS g, f.kind::text AS kind, p.age_band::text AS band, count(*) AS n
         FROM unnest($1::date[]) AS d(day)
         JOIN placements.placement p ON p.start_date <= d.day AND (p.end_date IS NULL OR p.end_date >= d.day)
         JOIN placements.facility f ON f.id = p.facility_id
        GROUP BY 1, 2, 3, 4`,
      [days],
    );
    const byKind = await quantilesBy(
      ctx.db.dataSource,
      'f.kind::text',
      'p.end_date - p.start_date',
      `placements.placement p JOIN placements.facility f ON f.id = p.facility_id
        WHERE p.end_date BETWEEN $1 AND $2 AND ${IN_TERRITORY}`,
      params,
    );
    const t = options.threshold ?? threshold();
    const kinds = Object.values(FacilityKind);
    // Stock at each quarter end = stock at the one before + the quarter's entries − its exits (not
    // published: hidden unknowns); the stocks at quarter ends are suppressed alone, the entries with them.
    const linked = buildStockFlowTables(
      period,
      {
        flowDimension: 'FACILITY_KIND',
        stockDimensions: { rows: 'FACILITY_KIND', columns: 'AGE_BAND' },
        stock: { rows: kinds, columns: Object.values(AgeBand) },
        stocks: open.map((r) => ({ day: r.day, row: r.kind, territory: r.g, column: r.band, n: r.n })),
        entries: entries.map((r) => ({ row: r.b, territory: r.g, column: r.kind, n: r.n })),
        exits: null,
        monthly: false,
      },
      t,
      code,
    );
    return {
      entries: linked.entries,
      inProgressAtEnd: linked.stockAt(period.to),
      /** In progress at the end of the day before the period (its start): the quarter end before it, as the linked set holds it. */
      inProgressAtStart: linked.stockAt(addDays(period.from, -1)),
      durations: [...kinds, 'TOTAL'].map((label) => {
        const d = byKind.get(label);
        return { label, medianDays: numberOver(d?.median, d?.n ?? 0, t), p90Days: numberOver(d?.p90, d?.n ?? 0, t) };
      }),
    };
  },

  async returnHome(ctx: Pick<PlacementsContext, 'db'>, periodArgs: PeriodArgs, territory: Territory, options: StatisticsOptions = {}) {
    const period = checkPeriod(periodArgs);
    const { code, communes, outside } = statisticsTerritory(territory);
    // Plans without a placement have no facility, hence no commune: they count in OTHER.
    const plans = (where: string) => `
      SELECT ${GROUP} AS g, ${bucketSql('r.closed_on', 'MONTH')} AS m, ${bucketSql('r.closed_on', period.granularity)} AS b, r.phase::text AS outcome,
             CASE WHEN r.phase = 'COMPLETED' THEN COALESCE(p.end_date, r.closed_on) - r.start_date END AS days
        FROM placements.return_home_plan r
        LEFT JOIN placements.placement p ON p.id = r.placement_id
        LEFT JOIN placements.facility f ON f.id = p.facility_id
       WHERE r.phase IN ('COMPLETED', 'ABANDONED') AND r.closed_on BETWEEN $1 AND $2 AND ${where}`;
    // Every group's outcomes (joint suppression); the times of the territory asked only.
    const outcomes: { m: string; g: string; outcome: string; n: string }[] = await ctx.db.dataSource.query(
      `SELECT m, g, outcome, count(*) AS n FROM (${plans('TRUE')}) x GROUP BY m, g, outcome`,
      [period.from, period.to],
    );
    const byBucket = await quantilesBy(ctx.db.dataSource, 'b', 'days', `(${plans(IN_TERRITORY)}) x`, [
      period.from,
      period.to,
      communes,
      outside,
    ]);
    const t = options.threshold ?? threshold();
    const labels = buckets(period);
    return {
      outcomes: buildTerritoryPeriodTable('OUTCOME', period, ['COMPLETED', 'ABANDONED'], outcomes.map((r) => ({ row: r.m, territory: r.g, column: r.outcome, n: r.n })), t, code),
      timeToLifting: [...labels, 'TOTAL'].map((label) => {
        const d = byBucket.get(label);
        return { label, medianDays: numberOver(d?.median, d?.n ?? 0, t), p90Days: numberOver(d?.p90, d?.n ?? 0, t) };
      }),
    };
  },
};
