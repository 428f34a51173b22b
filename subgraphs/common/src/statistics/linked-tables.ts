import { createHash } from 'node:crypto';
import { STATISTICS_GROUPS, type StatisticsTerritoryCode } from '../territory';
import { LinkedTables, suppressLinked, type LinkedGrid, type LinkedRun } from './linked';
import { renderSuppressed, type SuppressedTable } from './suppression';

/**
 * The linked sets Passerelle publishes, built from SQL counts (see `linked.ts` for the guarantee):
 * - a family of period tables for one quarter (the three concern tables, which count the same
 *   concerns and share their month and quarter totals; or a table alone), in every territory;
 * - a stock table at one quarter end (measures in force, placements in progress), in every
 *   territory, alone: its pattern is then fixed for the two quarters around it;
 * - a quarter of stocks and flows: the stocks at the month ends (or the quarter ends) that bound
 *   it, the month's entries and exits, in every territory, with
 *   stock(end) = stock(start) + entries − exits per kind (exits hidden when not published).
 * Every set links the département to its groups (département = Σ groups, cell by cell).
 */

/**
 * Results kept per input (a quarter's counts and the threshold give one pattern; the same inputs,
 * asked again for another territory or another period holding the quarter, give it back at once).
 * Bounded: the oldest results go first.
 */
const MEMO_SIZE = 512;
const memo = new Map<string, unknown>();
function remember<T>(parts: unknown[], compute: () => T): T {
  const key = createHash('sha256').update(JSON.stringify(parts)).digest('base64');
  if (memo.has(key)) {
    const value = memo.get(key) as T;
    memo.delete(key);
    memo.set(key, value);
    return value;
  }
  const value = compute();
  memo.set(key, value);
  if (memo.size > MEMO_SIZE) memo.delete(memo.keys().next().value!);
  return value;
}

/** Forgets every remembered pattern (the benchmark's cold runs). */
export function forgetSuppressions(): void {
  memo.clear();
}

export const TERRITORY_ORDER: readonly StatisticsTerritoryCode[] = ['DEPARTMENT', ...STATISTICS_GROUPS];

/** A count of one statistics group (`territory`: an arrondissement code or OTHER, never DEPARTMENT). */
export interface TerritoryCount {
  row: string;
  column: string;
  territory: string;
  n: number | string;
}

/** m×n counts per territory (the département's the sum of the groups'). */
export function gridsByTerritory(rowLabels: readonly string[], columnLabels: readonly string[], counts: readonly TerritoryCount[]): Map<StatisticsTerritoryCode, number[][]> {
  const rowIndex = new Map(rowLabels.map((l, i) => [l, i]));
  const columnIndex = new Map(columnLabels.map((l, j) => [l, j]));
  const grids = new Map(TERRITORY_ORDER.map((t) => [t, rowLabels.map(() => columnLabels.map(() => 0))]));
  for (const c of counts) {
    const i = rowIndex.get(c.row);
    const j = columnIndex.get(c.column);
    if (i === undefined || j === undefined) throw new Error(`statistics: unexpected cell ${c.row} × ${c.column}`);
    if (c.territory === 'DEPARTMENT' || !grids.has(c.territory as StatisticsTerritoryCode)) throw new Error(`statistics: unexpected territory ${c.territory}`);
    grids.get(c.territory as StatisticsTerritoryCode)![i]![j]! += Number(c.n);
    grids.get('DEPARTMENT')![i]![j]! += Number(c.n);
  }
  return grids;
}

/** The months of a quarter label (2026-Q1 → 2026-01, 2026-02, 2026-03). */
export function monthsOf(quarter: string): string[] {
  const first = (Number(quarter.slice(-1)) - 1) * 3 + 1;
  return [0, 1, 2].map((k) => `${quarter.slice(0, 4)}-${String(first + k).padStart(2, '0')}`);
}

/** The last day of a month label (2026-02 → 2026-02-28). */
export function monthEnd(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return `${month}-${String(new Date(Date.UTC(y, m, 0)).getUTCDate()).padStart(2, '0')}`;
}

/** The month before a month label. */
export function previousMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

/** département = Σ groups for every key `DEPARTMENT|…` of the set. */
function linkTerritories(set: LinkedTables): void {
  for (const cell of [...set.cells]) {
    if (!cell.key.startsWith('DEPARTMENT|')) continue;
    const rest = cell.key.slice('DEPARTMENT|'.length);
    set.sum(
      set.index.get(cell.key)!,
      STATISTICS_GROUPS.map((g) => set.index.get(`${g}|${rest}`)!),
    );
  }
}

/** A table of a family: its name (key), its columns and its monthly counts (`row` = YYYY-MM). */
export interface PeriodTableSpec {
  name: string;
  columns: readonly string[];
  counts: readonly TerritoryCount[];
}

/** The keys of a period table's block in a quarter (`shared`: the key of totals shared by a family). */
function periodKeys(territory: string, name: string, quarter: string, shared: string | null) {
  const months = monthsOf(quarter);
  return {
    cell: (i: number, j: number) => `${territory}|${name}|${months[i]}|${j}`,
    rowTotal: (i: number) => (shared ? `${territory}|${shared}|${months[i]}` : `${territory}|${name}|${months[i]}|TOTAL`),
    columnTotal: (j: number) => `${territory}|${name}|${quarter}|${j}`,
    total: shared ? `${territory}|${shared}|${quarter}` : `${territory}|${name}|${quarter}|TOTAL`,
  };
}

/** Adds a family's quarter block, every territory (`shared`: the tables count the same items, their totals are one). */
function addPeriodTables(set: LinkedTables, quarter: string, specs: readonly PeriodTableSpec[], shared: string | null): Map<string, Map<StatisticsTerritoryCode, LinkedGrid>> {
  const out = new Map<string, Map<StatisticsTerritoryCode, LinkedGrid>>();
  for (const spec of specs) {
    const grids = gridsByTerritory(monthsOf(quarter), spec.columns, spec.counts.filter((c) => monthsOf(quarter).includes(c.row)));
    const byTerritory = new Map<StatisticsTerritoryCode, LinkedGrid>();
    for (const territory of TERRITORY_ORDER) {
      byTerritory.set(territory, set.table(grids.get(territory)!, periodKeys(territory, spec.name, quarter, shared), spec.columns.length));
    }
    out.set(spec.name, byTerritory);
  }
  return out;
}

/** A grid of the set as a `SuppressedTable` (what `periodValue` and `tableValue` render). */
export function readGrid(set: LinkedTables, grid: LinkedGrid): SuppressedTable {
  return renderSuppressed(
    grid.map((row) => row.map((k) => set.cells[k]!.value)),
    grid.map((row) => row.map((k) => set.cells[k]!.suppressed)),
  );
}

/** One family's quarter, suppressed as one linked set: each table's block per territory. */
export interface FamilyQuarter {
  set: LinkedTables;
  blocks: Map<string, Map<StatisticsTerritoryCode, SuppressedTable>>;
  run: LinkedRun;
}

/**
 * The linked set of a family of period tables for one quarter (every territory; with `shared`,
 * the tables count the same items and share their month and quarter totals), suppressed.
 */
export function suppressFamilyQuarter(quarter: string, specs: readonly PeriodTableSpec[], threshold: number, shared: string | null): FamilyQuarter {
  const months = monthsOf(quarter);
  const inputs = specs.map((s) => [s.name, s.columns, s.counts.filter((c) => months.includes(c.row)).map((c) => [c.row, c.column, c.territory, Number(c.n)])]);
  return remember(['family', quarter, inputs, threshold, shared], () => computeFamilyQuarter(quarter, specs, threshold, shared));
}

function computeFamilyQuarter(quarter: string, specs: readonly PeriodTableSpec[], threshold: number, shared: string | null): FamilyQuarter {
  const set = new LinkedTables();
  const grids = addPeriodTables(set, quarter, specs, shared);
  linkTerritories(set);
  const run = suppressLinked(set, threshold);
  const blocks = new Map([...grids].map(([name, byTerritory]) => [name, new Map([...byTerritory].map(([t, g]) => [t, readGrid(set, g)]))]));
  return { set, blocks, run };
}

/** A stock count (measures in force, placements in progress) at a day, of one group. */
export interface StockCount extends TerritoryCount {
  day: string;
}

export interface StockSpec {
  rows: readonly string[];
  columns: readonly string[];
}

const stockKeys = (territory: string, day: string) => ({
  cell: (i: number, j: number) => `${territory}|stock|${day}|${i}|${j}`,
  rowTotal: (i: number) => `${territory}|stock|${day}|${i}|TOTAL`,
  columnTotal: (j: number) => `${territory}|stock|${day}|TOTAL|${j}`,
  total: `${territory}|stock|${day}|TOTAL`,
});

function addStockTables(set: LinkedTables, day: string, spec: StockSpec, counts: readonly StockCount[]): Map<StatisticsTerritoryCode, LinkedGrid> {
  const grids = gridsByTerritory(spec.rows, spec.columns, counts.filter((c) => c.day === day));
  return new Map(TERRITORY_ORDER.map((t) => [t, set.table(grids.get(t)!, stockKeys(t, day), spec.columns.length)]));
}

/** The stock at one day alone, every territory, suppressed (the pattern of a quarter end, fixed for the quarters around it). */
export function suppressStock(day: string, spec: StockSpec, counts: readonly StockCount[], threshold: number): { set: LinkedTables; tables: Map<StatisticsTerritoryCode, SuppressedTable>; run: LinkedRun } {
  const inputs = counts.filter((c) => c.day === day).map((c) => [c.row, c.column, c.territory, Number(c.n)]);
  return remember(['stock', day, spec, inputs, threshold], () => computeStock(day, spec, counts, threshold));
}

function computeStock(day: string, spec: StockSpec, counts: readonly StockCount[], threshold: number): { set: LinkedTables; tables: Map<StatisticsTerritoryCode, SuppressedTable>; run: LinkedRun } {
  const set = new LinkedTables();
  const grids = addStockTables(set, day, spec, counts);
  linkTerritories(set);
  const run = suppressLinked(set, threshold);
  return { set, tables: new Map([...grids].map(([t, g]) => [t, readGrid(set, g)])), run };
}

export interface StockFlowSpec {
  /** The stock's rows are the flows' columns (the kinds). */
  stock: StockSpec;
  /** Stocks at every day `stockDays` names. */
  stocks: readonly StockCount[];
  entries: readonly TerritoryCount[];
  /** Null: exits are not published (hidden unknowns ≥ 0 per quarter, territory and kind). */
  exits: readonly TerritoryCount[] | null;
  /** Stocks published at every month end (measures), or only at quarter ends (placements). */
  monthly: boolean;
}

/** The stock days a quarter's block holds: the quarter end before it, then its month ends (or its own end only). */
export function blockDays(quarter: string, monthly: boolean): string[] {
  const months = monthsOf(quarter);
  const before = monthEnd(previousMonth(months[0]!));
  return monthly ? [before, ...months.map(monthEnd)] : [before, monthEnd(months[2]!)];
}

export interface StockFlowQuarter {
  set: LinkedTables;
  entries: Map<StatisticsTerritoryCode, SuppressedTable>;
  exits: Map<StatisticsTerritoryCode, SuppressedTable> | null;
  /** The stocks at the block's month ends inside the quarter (not its bounds, which are `suppressStock`'s). */
  stocks: Map<string, Map<StatisticsTerritoryCode, SuppressedTable>>;
  run: LinkedRun;
}

/**
 * A quarter of stocks and flows as one linked set: the stocks at `blockDays` (the two quarter
 * ends fixed to their own pattern, `fixed`), entries and exits per month × kind, and per
 * territory and kind stock(e_k) = stock(e_{k−1}) + entries(month k) − exits(month k) (or, stocks
 * at quarter ends only, over the quarter with its exits hidden). Suppressed.
 */
export function suppressStockFlowQuarter(
  quarter: string,
  spec: StockFlowSpec,
  fixed: (day: string) => Map<StatisticsTerritoryCode, SuppressedTable>,
  threshold: number,
): StockFlowQuarter {
  const days = blockDays(quarter, spec.monthly);
  const months = monthsOf(quarter);
  const flows = (counts: readonly TerritoryCount[] | null) => counts?.filter((c) => months.includes(c.row)).map((c) => [c.row, c.column, c.territory, Number(c.n)]) ?? null;
  const inputs = [spec.stock, spec.monthly, spec.stocks.filter((c) => days.includes(c.day)).map((c) => [c.day, c.row, c.column, c.territory, Number(c.n)]), flows(spec.entries), flows(spec.exits)];
  return remember(['stock-flow', quarter, inputs, threshold], () => computeStockFlowQuarter(quarter, spec, fixed, threshold));
}

function computeStockFlowQuarter(
  quarter: string,
  spec: StockFlowSpec,
  fixed: (day: string) => Map<StatisticsTerritoryCode, SuppressedTable>,
  threshold: number,
): StockFlowQuarter {
  const set = new LinkedTables();
  const days = blockDays(quarter, spec.monthly);
  const kinds = spec.stock.rows;
  const stockGrids = new Map(days.map((d) => [d, addStockTables(set, d, spec.stock, spec.stocks)]));
  const flows = addPeriodTables(
    set,
    quarter,
    [{ name: 'entries', columns: kinds, counts: spec.entries }, ...(spec.exits ? [{ name: 'exits', columns: kinds, counts: spec.exits }] : [])],
    null,
  );
  const months = monthsOf(quarter);
  for (const territory of TERRITORY_ORDER) {
    kinds.forEach((_, i) => {
      const stockOf = (day: string) => set.index.get(stockKeys(territory, day).rowTotal(i))!;
      const entry = (month: string) => set.index.get(periodKeys(territory, 'entries', quarter, null).cell(months.indexOf(month), i))!;
      if (spec.exits) {
        months.forEach((month, k) => {
          const exit = set.index.get(periodKeys(territory, 'exits', quarter, null).cell(k, i))!;
          set.relate([[stockOf(days[k + 1]!), 1], [stockOf(days[k]!), -1], [entry(month), -1], [exit, 1]]);
        });
      } else {
        const exit = set.cell(`${territory}|exits|${quarter}|${i}`, 0, { hidden: true });
        set.relate([[stockOf(days[1]!), 1], [stockOf(days[0]!), -1], ...months.map((m) => [entry(m), -1] as [number, number]), [exit, 1]]);
      }
    });
  }
  linkTerritories(set);
  // The quarter ends keep the pattern they have alone.
  for (const day of [days[0]!, days[days.length - 1]!]) {
    const own = fixed(day);
    for (const territory of TERRITORY_ORDER) {
      const t = own.get(territory)!;
      const g = stockGrids.get(day)!.get(territory)!;
      const m = g.length - 1;
      const n = g[0]!.length - 1;
      g.forEach((row, i) =>
        row.forEach((k, j) => {
          const suppressed = i === m && j === n ? t.suppressed.total : i === m ? t.suppressed.columnTotals[j]! : j === n ? t.suppressed.rowTotals[i]! : t.suppressed.cells[i]![j]!;
          set.fix(set.cells[k]!.key, suppressed);
        }),
      );
    }
  }
  const run = suppressLinked(set, threshold);
  const read = (grids: Map<StatisticsTerritoryCode, LinkedGrid>) => new Map([...grids].map(([t, g]) => [t, readGrid(set, g)]));
  return {
    set,
    entries: read(flows.get('entries')!),
    exits: spec.exits ? read(flows.get('exits')!) : null,
    stocks: new Map(days.slice(1, -1).map((d) => [d, read(stockGrids.get(d)!)])),
    run,
  };
}

/**
 * One table published alone (rows × columns with its margins; its rows and columns are its only
 * relations) as a linked set, suppressed like the others (`suppressLinked`: every suppressed
 * cell's interval at least `threshold` wide). `fixed`: margins whose pattern is decided by another
 * published set — a row total (then the grand total) that is a figure of the linked statistics
 * keeps the suppression it has there (true: suppressed there, so here; false: published there, so
 * known to all); null leaves it to this table. The activity report's tables the statistics do not
 * publish (measures ended by reason, PPE and situation report timeliness).
 */
export function suppressAlone(counts: readonly (readonly number[])[], columns: number, threshold: number, fixed: { rows: readonly (boolean | null)[]; total: boolean | null } | null): SuppressedTable {
  return remember(['alone', counts, columns, threshold, fixed], () => {
    const set = new LinkedTables();
    const keys = {
      cell: (i: number, j: number) => `alone|${i}|${j}`,
      rowTotal: (i: number) => `alone|${i}|TOTAL`,
      columnTotal: (j: number) => `alone|TOTAL|${j}`,
      total: 'alone|TOTAL',
    };
    const grid = set.table(counts, keys, columns);
    fixed?.rows.forEach((f, i) => {
      if (f !== null) set.fix(keys.rowTotal(i), f);
    });
    if (fixed && fixed.total !== null) set.fix(keys.total, fixed.total);
    suppressLinked(set, threshold);
    return readGrid(set, grid);
  });
}
