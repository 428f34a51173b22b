import { suppressTable } from './suppression';

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
  const rowIndex = new Map(rowLabels.map((l, i) => [l, i]));
  const columnIndex = new Map(columnLabels.map((l, j) => [l, j]));
  const grid = rowLabels.map(() => columnLabels.map(() => 0));
  for (const c of counts) {
    const i = rowIndex.get(c.row);
    const j = columnIndex.get(c.column);
    if (i === undefined || j === undefined) throw new Error(`statistics: unexpected cell ${c.row} × ${c.column}`);
    grid[i]![j]! += Number(c.n);
  }
  const t = suppressTable(grid, threshold);
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
