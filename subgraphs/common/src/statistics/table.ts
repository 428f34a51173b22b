import { STATISTICS_GROUPS, type StatisticsTerritoryCode } from '../territory';
import { buckets, type Period } from './period';
import { suppressJointly, suppressTable, type SuppressedTable } from './suppression';

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

const monthsOf = (quarter: string) => {
  const first = (Number(quarter.slice(-1)) - 1) * 3 + 1;
  return [0, 1, 2].map((k) => `${quarter.slice(0, 4)}-${String(first + k).padStart(2, '0')}`);
};

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

/** A count of one statistics group (`territory`: an arrondissement code or OTHER, never DEPARTMENT). */
export interface TerritoryCount extends Count {
  territory: string;
}

/** The relation of joint suppression: table 0 is the département, tables 1… the groups, in `STATISTICS_GROUPS` order. */
const TERRITORY_RELATION = { whole: 0, parts: STATISTICS_GROUPS.map((_, k) => k + 1) };
const TERRITORY_ORDER: readonly StatisticsTerritoryCode[] = ['DEPARTMENT', ...STATISTICS_GROUPS];

/** Splits counts by group; the département's are their sum (the groups partition it). */
function byTerritory(counts: readonly TerritoryCount[]): Count[][] {
  const index = new Map(STATISTICS_GROUPS.map((g, k) => [g as string, k + 1]));
  const out: Count[][] = TERRITORY_ORDER.map(() => []);
  for (const c of counts) {
    const k = index.get(c.territory);
    if (k === undefined) throw new Error(`statistics: unexpected territory ${c.territory}`);
    out[k]!.push(c);
    out[0]!.push(c);
  }
  return out;
}

/**
 * `buildTable` for one territory, suppressed jointly with the département and every group
 * (`suppressJointly`: département = Σ groups, entry by entry, margins included), so that no
 * suppressed cell of one territory comes back by subtracting the others from the département.
 * `counts` are every group's (`territory`); the pattern is the same whichever territory is asked.
 */
export function buildTerritoryTable(
  dimensions: { rows: string; columns: string },
  rowLabels: readonly string[],
  columnLabels: readonly string[],
  counts: readonly TerritoryCount[],
  threshold: number,
  asked: StatisticsTerritoryCode,
): TableValue {
  const grids = byTerritory(counts).map((c) => gridOf(rowLabels, columnLabels, c));
  const { tables } = suppressJointly(grids, TERRITORY_RELATION, threshold, columnLabels.length);
  return tableValue(dimensions, rowLabels, columnLabels, tables[TERRITORY_ORDER.indexOf(asked)]!, threshold);
}

/**
 * `buildPeriodTable` for one territory: each calendar quarter's block is suppressed jointly across
 * the département and every group (as `buildTerritoryTable`), so the same quarter of the same
 * territory always comes out the same, whatever the period and whatever the territory asked.
 */
export function buildTerritoryPeriodTable(
  columnDimension: string,
  period: Period,
  columnLabels: readonly string[],
  counts: readonly TerritoryCount[],
  threshold: number,
  asked: StatisticsTerritoryCode,
): TableValue {
  const quarters = buckets({ ...period, granularity: 'QUARTER' });
  const perTerritory = byTerritory(counts).map((c) => quarterGrids(quarters, columnLabels, c));
  const k = TERRITORY_ORDER.indexOf(asked);
  const blocks: [string, SuppressedTable][] = quarters.map((q) => {
    const { tables } = suppressJointly(
      perTerritory.map((g) => g.get(q)!),
      TERRITORY_RELATION,
      threshold,
      columnLabels.length,
    );
    return [q, tables[k]!];
  });
  return periodValue(columnDimension, period, columnLabels, blocks, threshold);
}
