import type { StatisticsTerritoryCode } from '../territory';
import { buckets, type Period } from './period';
import { suppressTable, type SuppressedTable } from './suppression';
import { blockDays, monthsOf, suppressAlone, suppressFamilyQuarter, suppressStock, suppressStockFlowQuarter, type PeriodTableSpec, type StockFlowSpec, type TerritoryCount } from './linked-tables';

export type { TerritoryCount } from './linked-tables';

/** One published count: null with `suppressed` when it could single out children. */
export interface CellValue {
  value: number | null;
  suppressed: boolean;
}

/** One published number (a median, a share): null with `suppressed` when computed on too few. */
export interface NumberValue {
  value: number | null;
  suppressed: boolean;
}

export interface TableRowValue {
  label: string;
  cells: CellValue[];
  total: CellValue;
}

export interface TableValue {
  rowDimension: string;
  columnDimension: string;
  columns: string[];
  rows: TableRowValue[];
  columnTotals: CellValue[];
  total: CellValue;
  threshold: number;
}

/** Options of a statistics computation: `threshold` overrides `STATISTICS_MIN_CELL` (0: exact figures, the activity report's département view). */
export interface StatisticsOptions {
  threshold?: number;
}

export interface Count {
  row: string;
  column: string;
  n: number | string;
}

const cell = (value: number | null, suppressed: boolean): CellValue => ({ value, suppressed });

/**
 * A two-way table of counts from SQL GROUP BY rows (`row`, `column`, `n`), every row and column
 * label present (zeros included), with primary and complementary suppression applied.
 */
export function buildTable(
  dimensions: { rows: string; columns: string },
  rowLabels: readonly string[],
  columnLabels: readonly string[],
  counts: readonly Count[],
  threshold: number,
): TableValue {
  return tableValue(dimensions, rowLabels, columnLabels, suppressTable(gridOf(rowLabels, columnLabels, counts), threshold), threshold);
}

/**
 * A table published alone (not part of the statistics' linked sets), suppressed as a linked set of
 * its own (`suppressAlone`: every suppressed cell's interval by linear programming at least the
 * threshold wide). `fixed`: its row totals and grand total when they are figures the linked
 * statistics publish or withhold (the activity report's measures ended by reason: their totals per
 * kind are the year's exits of `measureFlowStatistics`), which keep that pattern here — this table
 * never publishes a total they withheld. With `threshold` 0: exact.
 */
export function buildAloneTable(
  dimensions: { rows: string; columns: string },
  rowLabels: readonly string[],
  columnLabels: readonly string[],
  counts: readonly Count[],
  threshold: number,
  fixed: { rows: readonly (boolean | null)[]; total: boolean | null } | null = null,
): TableValue {
  return tableValue(dimensions, rowLabels, columnLabels, suppressAlone(gridOf(rowLabels, columnLabels, counts), columnLabels.length, threshold, fixed), threshold);
}

function gridOf(rowLabels: readonly string[], columnLabels: readonly string[], counts: readonly Count[]): number[][] {
  const rowIndex = new Map(rowLabels.map((l, i) => [l, i]));
  const columnIndex = new Map(columnLabels.map((l, j) => [l, j]));
  const grid = rowLabels.map(() => columnLabels.map(() => 0));
  for (const c of counts) {
    const i = rowIndex.get(c.row);
    const j = columnIndex.get(c.column);
    if (i === undefined || j === undefined) throw new Error(`statistics: unexpected cell ${c.row} × ${c.column}`);
    grid[i]![j]! += Number(c.n);
  }
  return grid;
}

function tableValue(dimensions: { rows: string; columns: string }, rowLabels: readonly string[], columnLabels: readonly string[], t: SuppressedTable, threshold: number): TableValue {
  return {
    rowDimension: dimensions.rows,
    columnDimension: dimensions.columns,
    columns: [...columnLabels],
    rows: rowLabels.map((label, i) => ({
      label,
      cells: columnLabels.map((_, j) => cell(t.cells[i]![j]!, t.suppressed.cells[i]![j]!)),
      total: cell(t.rowTotals[i]!, t.suppressed.rowTotals[i]!),
    })),
    columnTotals: columnLabels.map((_, j) => cell(t.columnTotals[j]!, t.suppressed.columnTotals[j]!)),
    total: cell(t.total, t.suppressed.total),
    threshold,
  };
}

/**
 * A number computed over `count` items (a median, a percentile, a share): suppressed when fewer
 * than the threshold (one child's own delay must not be read off a median of one or two).
 */
export function numberOver(value: number | string | null | undefined, count: number | string, threshold: number, digits = 1): NumberValue {
  const n = Number(count);
  if (n === 0 || value === null || value === undefined) return { value: null, suppressed: false };
  if (n < threshold) return { value: null, suppressed: true };
  const f = 10 ** digits;
  return { value: Math.round(Number(value) * f) / f, suppressed: false };
}

/**
 * A table over a period, rows per month or per quarter × columns, suppressed block by block: each
 * calendar quarter is one canonical table (its 3 months × the columns, with its margins) in which
 * primary and complementary suppression are applied, whatever the period asked. So the same
 * quarter always comes out the same, in a period of one quarter or of ten years, per month or
 * per quarter: overlapping periods cannot be subtracted to give back a suppressed cell.
 * - MONTH rows: the quarter's months, cells and totals as its block says.
 * - QUARTER rows: the block's column totals and grand total.
 * - Totals over several quarters: the sum of the blocks' totals when all are published, else
 *   suppressed (a sum of published figures tells nothing new).
 * `counts` are monthly (`row` = YYYY-MM).
 */
export function buildPeriodTable(columnDimension: string, period: Period, columnLabels: readonly string[], counts: readonly Count[], threshold: number): TableValue {
  const quarters = buckets({ ...period, granularity: 'QUARTER' });
  const grids = quarterGrids(quarters, columnLabels, counts);
  return periodValue(columnDimension, period, columnLabels, quarters.map((q) => [q, suppressTable(grids.get(q)!, threshold)]), threshold);
}


/** Each quarter's 3 months × columns grid of monthly counts (`row` = YYYY-MM). */
function quarterGrids(quarters: readonly string[], columnLabels: readonly string[], counts: readonly Count[]): Map<string, number[][]> {
  const columnIndex = new Map(columnLabels.map((l, j) => [l, j]));
  const grids = new Map(quarters.map((q) => [q, monthsOf(q).map(() => columnLabels.map(() => 0))]));
  for (const c of counts) {
    const month = Number(c.row.slice(5, 7));
    const quarter = `${c.row.slice(0, 4)}-Q${Math.floor((month - 1) / 3) + 1}`;
    const grid = grids.get(quarter);
    const j = columnIndex.get(c.column);
    if (!grid || j === undefined) throw new Error(`statistics: unexpected cell ${c.row} × ${c.column}`);
    grid[(month - 1) % 3]![j]! += Number(c.n);
  }
  return grids;
}

function periodValue(columnDimension: string, period: Period, columnLabels: readonly string[], blocks: [string, SuppressedTable][], threshold: number): TableValue {
  const rows: TableRowValue[] = [];
  for (const [quarter, b] of blocks) {
    if (period.granularity === 'QUARTER') {
      rows.push({
        label: quarter,
        cells: columnLabels.map((_, j) => cell(b.columnTotals[j]!, b.suppressed.columnTotals[j]!)),
        total: cell(b.total, b.suppressed.total),
      });
    } else {
      monthsOf(quarter).forEach((label, i) =>
        rows.push({
          label,
          cells: columnLabels.map((_, j) => cell(b.cells[i]![j]!, b.suppressed.cells[i]![j]!)),
          total: cell(b.rowTotals[i]!, b.suppressed.rowTotals[i]!),
        }),
      );
    }
  }
  const sum = (values: { value: number | null; suppressed: boolean }[]): CellValue =>
    values.some((v) => v.suppressed) ? cell(null, true) : cell(values.reduce((s, v) => s + v.value!, 0), false);
  return {
    rowDimension: period.granularity,
    columnDimension,
    columns: [...columnLabels],
    rows,
    columnTotals: columnLabels.map((_, j) => sum(blocks.map(([, b]) => ({ value: b.columnTotals[j]!, suppressed: b.suppressed.columnTotals[j]! })))),
    total: sum(blocks.map(([, b]) => ({ value: b.total, suppressed: b.suppressed.total }))),
    threshold,
  };
}

/**
 * A period table in one territory, suppressed with every territory as one linked set per quarter
 * (`suppressFamilyQuarter`, `linked.ts`): département = Σ groups, cell by cell, margins included,
 * and every suppressed cell left an interval at least `threshold` wide by all of them together.
 * The same quarter of the same territory always comes out the same, whatever the period and the
 * territory asked. For tables that count the same items, `buildLinkedPeriodTables`.
 */
export function buildTerritoryPeriodTable(
  columnDimension: string,
  period: Period,
  columnLabels: readonly string[],
  counts: readonly TerritoryCount[],
  threshold: number,
  asked: StatisticsTerritoryCode,
): TableValue {
  return buildLinkedPeriodTables(period, [{ name: columnDimension, dimension: columnDimension, columns: columnLabels, counts }], threshold, asked, null)[0]!;
}

/**
 * Period tables that count the same items by different columns (the concerns by source kind, by
 * channel, by outcome): their month and quarter totals are one, so they are suppressed as one
 * linked set per quarter with every territory (`shared`: the key of their common totals; null for
 * a table alone). The tables in the order given.
 */
export function buildLinkedPeriodTables(
  period: Period,
  specs: readonly (PeriodTableSpec & { dimension: string })[],
  threshold: number,
  asked: StatisticsTerritoryCode,
  shared: string | null,
): TableValue[] {
  const quarters = buckets({ ...period, granularity: 'QUARTER' });
  const blocks = quarters.map((q) => [q, suppressFamilyQuarter(q, specs, threshold, shared)] as const);
  return specs.map((spec) =>
    periodValue(
      spec.dimension,
      period,
      spec.columns,
      blocks.map(([q, b]) => [q, b.blocks.get(spec.name)!.get(asked)!]),
      threshold,
    ),
  );
}

/**
 * A stock table (rows × columns) at a quarter end in one territory, suppressed with every
 * territory as one linked set (`suppressStock`); its pattern is also the one the two quarters
 * around it keep (`buildStockFlowTables`). `counts` are every group's.
 */
export function buildTerritoryTable(
  dimensions: { rows: string; columns: string },
  rowLabels: readonly string[],
  columnLabels: readonly string[],
  counts: readonly TerritoryCount[],
  threshold: number,
  asked: StatisticsTerritoryCode,
): TableValue {
  const { tables } = suppressStock('day', { rows: rowLabels, columns: columnLabels }, counts.map((c) => ({ ...c, day: 'day' })), threshold);
  return tableValue(dimensions, rowLabels, columnLabels, tables.get(asked)!, threshold);
}

/** Whether a month-end day closes a quarter (31 March, 30 June, 30 September, 31 December). */
export const isQuarterEnd = (day: string) => ['03', '06', '09', '12'].includes(day.slice(5, 7));

/** The quarter label of a day. */
const quarterOf = (day: string) => `${day.slice(0, 4)}-Q${Math.floor((Number(day.slice(5, 7)) - 1) / 3) + 1}`;

/**
 * The stock days the stock-and-flow blocks of `quarters` need (`StockFlowSpec.stocks` must hold
 * them all): the quarter end before each, and each month end (monthly) or quarter end.
 */
export function stockDaysOf(quarters: readonly string[], monthly: boolean): string[] {
  return [...new Set(quarters.flatMap((q) => blockDays(q, monthly)))].sort();
}

/**
 * Stocks and flows linked over each quarter (`suppressStockFlowQuarter`): the stock tables at the
 * quarter ends are suppressed alone (`suppressStock`), those at the month ends inside a quarter
 * with the quarter's flows; the flows of each quarter with the stocks that bound it. Returns the
 * entries and exits tables over `period` (exits null when not published), and the stock at a day
 * the blocks hold.
 */
export function buildStockFlowTables(
  period: Period,
  spec: StockFlowSpec & { flowDimension: string; stockDimensions: { rows: string; columns: string } },
  threshold: number,
  asked: StatisticsTerritoryCode,
): { entries: TableValue; exits: TableValue | null; stockAt: (day: string) => TableValue } {
  const quarters = buckets({ ...period, granularity: 'QUARTER' });
  const ends = new Map<string, Map<StatisticsTerritoryCode, SuppressedTable>>();
  const fixed = (day: string) => {
    if (!ends.has(day)) ends.set(day, suppressStock(day, spec.stock, spec.stocks, threshold).tables);
    return ends.get(day)!;
  };
  const blocks = quarters.map((q) => [q, suppressStockFlowQuarter(q, spec, fixed, threshold)] as const);
  const kinds = spec.stock.rows;
  const flow = (which: 'entries' | 'exits') => periodValue(spec.flowDimension, period, kinds, blocks.map(([q, b]) => [q, b[which]!.get(asked)!]), threshold);
  return {
    entries: flow('entries'),
    exits: spec.exits ? flow('exits') : null,
    stockAt: (day) => {
      const inside = blocks.find(([q]) => q === quarterOf(day))?.[1].stocks.get(day);
      const t = inside ? inside.get(asked)! : fixed(day).get(asked)!;
      return tableValue(spec.stockDimensions, spec.stock.rows, spec.stock.columns, t, threshold);
    },
  };
}
