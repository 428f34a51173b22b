import { Attacker, assertProtected, STATISTICS_GROUPS } from '@passerelle/common';
import { seeded, startTestStack, type TestStack } from './support/stack';

/**
 * The secret-statistique attacker through the gateway, on the seeded world at several sizes: an
 * analyst asks every table Passerelle publishes for two quarters (April to September 2026), in
 * every territory — the three concern tables per month and per quarter, evaluation counts,
 * measures in force at every month end from 31 March and their entries and exits, placements'
 * entries and placements in progress at each quarter end from 31 March, return-home outcomes —
 * writes down every additive relation between them (margins, the tables' shared totals, the
 * département = Σ groups, stock = previous stock + entries − exits, placements' exits unknown),
 * and bounds every suppressed cell by linear programming. Every interval must be at least the
 * threshold wide, and no published count may lie between 0 and the threshold.
 */

const ANALYST = seeded('analyst', 'OBSERVATORY', 0);
const TERRITORIES = ['DEPARTMENT', ...STATISTICS_GROUPS];
const PERIOD = { from: '2026-04-01', to: '2026-09-30' };
const QUARTERS = { '2026-Q2': ['2026-04', '2026-05', '2026-06'], '2026-Q3': ['2026-07', '2026-08', '2026-09'] };
const MONTH_ENDS = ['2026-03-31', '2026-04-30', '2026-05-31', '2026-06-30', '2026-07-31', '2026-08-31', '2026-09-30'];
const MONTHS = Object.values(QUARTERS).flat();

interface Cell {
  value: number | null;
}
interface Table {
  columns: string[];
  rows: { label: string; cells: Cell[]; total: Cell }[];
  columnTotals: Cell[];
  total: Cell;
  threshold: number;
}
const TABLE = `{ columns rows { label cells { value } total { value } } columnTotals { value } total { value } threshold }`;

/** Everything published for the period in one territory, in three requests. */
async function publishedIn(stack: TestStack, code: string) {
  const t = code === 'DEPARTMENT' ? null : { code };
  const ok = async <T>(query: string, variables: Record<string, unknown>): Promise<T> => {
    const result = await stack.query<T>(query, variables, ANALYST);
    expect(result.errors).toBeUndefined();
    return result.data!;
  };
  const cases = await ok<{
    monthly: Record<'bySourceKind' | 'byChannel' | 'byOutcome', Table>;
    quarterly: Record<'bySourceKind' | 'byChannel' | 'byOutcome', Table>;
    evaluations: { counts: Table };
    evaluationsQuarterly: { counts: Table };
    flows: { entries: Table; exits: Table };
    flowsQuarterly: { entries: Table; exits: Table };
  }>(
    `query($p: CasesStatisticsPeriod!, $q: CasesStatisticsPeriod!, $t: CasesStatisticsTerritory) {
      monthly: concernStatistics(period: $p, territory: $t) { bySourceKind ${TABLE} byChannel ${TABLE} byOutcome ${TABLE} }
      quarterly: concernStatistics(period: $q, territory: $t) { bySourceKind ${TABLE} byChannel ${TABLE} byOutcome ${TABLE} }
      evaluations: evaluationDelayStatistics(period: $p, territory: $t) { counts ${TABLE} }
      evaluationsQuarterly: evaluationDelayStatistics(period: $q, territory: $t) { counts ${TABLE} }
      flows: measureFlowStatistics(period: $p, territory: $t) { entries ${TABLE} exits ${TABLE} }
      flowsQuarterly: measureFlowStatistics(period: $q, territory: $t) { entries ${TABLE} exits ${TABLE} } }`,
    { p: PERIOD, q: { ...PERIOD, granularity: 'QUARTER' }, t },
  );
  const stocks: Record<string, Table> = {};
  for (const at of MONTH_ENDS) {
    stocks[at] = (await ok<{ s: Table }>(`query($at: LocalDate!, $t: CasesStatisticsTerritory) { s: activeMeasureStatistics(at: $at, territory: $t) ${TABLE} }`, { at, t })).s;
  }
  const placements = await ok<{ q1: { inProgressAtEnd: Table }; q2: { inProgressAtEnd: Table }; both: { entries: Table; inProgressAtEnd: Table }; homes: { outcomes: Table } }>(
    `query($q1: PlacementsStatisticsPeriod!, $q2: PlacementsStatisticsPeriod!, $p: PlacementsStatisticsPeriod!, $t: PlacementsStatisticsTerritory) {
      q1: placementStatistics(period: $q1, territory: $t) { inProgressAtEnd ${TABLE} }
      q2: placementStatistics(period: $q2, territory: $t) { inProgressAtEnd ${TABLE} }
      both: placementStatistics(period: $p, territory: $t) { entries ${TABLE} inProgressAtEnd ${TABLE} }
      homes: returnHomeStatistics(period: $p, territory: $t) { outcomes ${TABLE} } }`,
    { q1: { from: '2026-01-01', to: '2026-03-31' }, q2: { from: '2026-04-01', to: '2026-06-30' }, p: PERIOD, t },
  );
  return { cases, stocks, placements };
}

/** A period table per month and per quarter: the quarter's cells and total are the sums of its months'. */
function periodTable(attacker: Attacker, prefix: string, monthly: Table, quarterly: Table, shared?: string) {
  const names = shared ? { row: (label: string) => `${shared}|${label}`, total: `${shared}|TOTAL` } : {};
  attacker.table(prefix, monthly, names);
  attacker.table(prefix, quarterly, names);
  const rowName = (label: string) => (shared ? `${shared}|${label}` : `${prefix}|${label}|TOTAL`);
  for (const [quarter, months] of Object.entries(QUARTERS)) {
    for (const column of monthly.columns) attacker.relate([[`${prefix}|${quarter}|${column}`, 1], ...months.map((m) => [`${prefix}|${m}|${column}`, -1] as [string, number])]);
    attacker.relate([[rowName(quarter), 1], ...months.map((m) => [rowName(m), -1] as [string, number])]);
  }
}

async function attack(stack: TestStack): Promise<{ bounded: number; threshold: number; published: number }> {
  const attacker = new Attacker();
  let threshold = 0;
  for (const territory of TERRITORIES) {
    const { cases, stocks, placements } = await publishedIn(stack, territory);
    threshold = cases.monthly.byChannel.threshold;
    // The three concern tables count the same concerns: their month, quarter and period totals are one figure.
    for (const name of ['bySourceKind', 'byChannel', 'byOutcome'] as const) periodTable(attacker, `${territory}|${name}`, cases.monthly[name], cases.quarterly[name], `${territory}|concerns`);
    periodTable(attacker, `${territory}|evaluations`, cases.evaluations.counts, cases.evaluationsQuarterly.counts);
    periodTable(attacker, `${territory}|entries`, cases.flows.entries, cases.flowsQuarterly.entries);
    periodTable(attacker, `${territory}|exits`, cases.flows.exits, cases.flowsQuarterly.exits);
    for (const at of MONTH_ENDS) attacker.table(`${territory}|stock|${at}`, stocks[at]!);
    // Measures: stock at a month end = stock at the previous one + the month's entries − its exits, per kind.
    MONTHS.forEach((month, k) => {
      for (const kind of cases.flows.entries.columns) {
        attacker.relate([
          [`${territory}|stock|${MONTH_ENDS[k + 1]}|${kind}|TOTAL`, 1],
          [`${territory}|stock|${MONTH_ENDS[k]}|${kind}|TOTAL`, -1],
          [`${territory}|entries|${month}|${kind}`, -1],
          [`${territory}|exits|${month}|${kind}`, 1],
        ]);
      }
    });
    // Placements in progress at each quarter end; the exits are not published (unknowns ≥ 0).
    const placementStocks: [string, Table][] = [['2026-03-31', placements.q1.inProgressAtEnd], ['2026-06-30', placements.q2.inProgressAtEnd], ['2026-09-30', placements.both.inProgressAtEnd]];
    for (const [day, t] of placementStocks) attacker.table(`${territory}|placed|${day}`, t);
    attacker.table(`${territory}|placements`, placements.both.entries);
    Object.values(QUARTERS).forEach((months, q) => {
      for (const kind of placements.both.entries.columns) {
        const exits = `${territory}|placement-exits|${q}|${kind}`;
        attacker.hidden(exits);
        attacker.relate([
          [`${territory}|placed|${placementStocks[q + 1]![0]}|${kind}|TOTAL`, 1],
          [`${territory}|placed|${placementStocks[q]![0]}|${kind}|TOTAL`, -1],
          ...months.map((m) => [`${territory}|placements|${m}|${kind}`, -1] as [string, number]),
          [exits, 1],
        ]);
      }
    });
    attacker.table(`${territory}|homes`, placements.homes.outcomes);
  }
  attacker.territories(attacker.names());
  const bounded = assertProtected(attacker, threshold, (name) => name.includes('|placement-exits|'));
  return { bounded, threshold, published: attacker.known.size };
}

/**
 * World sizes the attacker is run on: 1 200 seeded children by default (a few minutes: every table
 * of two quarters in every territory, each suppressed cell bounded by a linear programme);
 * STATS_ATTACK_SIZES=120,1200,… runs more. Random small worlds are attacked in linked.test.ts.
 */
const SIZES = (process.env.STATS_ATTACK_SIZES ?? '1200').split(',').map((size) => Number(size.trim())).filter((size) => Number.isInteger(size) && size > 0);

for (const children of SIZES) {
  describe(`statistics against the linear-programming attacker, through the gateway (${children} seeded children)`, () => {
    let stack: TestStack;
    beforeAll(async () => {
      stack = await startTestStack({ children });
    }, 600_000);
    afterAll(() => stack?.stop());

    it('every suppressed cell of every table published for two quarters, in every territory, keeps an interval at least the threshold wide; no published count is under it', async () => {
      const { bounded, threshold, published } = await attack(stack);
      expect(threshold).toBe(5);
      // Not vacuous: cells were suppressed and bounded, and cells were published.
      expect(bounded).toBeGreaterThan(0);
      expect(published).toBeGreaterThan(0);
    }, 600_000);
  });
}
