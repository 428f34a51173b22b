/**
 * Statistics in an answer, as tables, charts and CSV: the explorer's logic for people who would
 * rather look than read, kept pure (no DOM, no React) so that it is unit-tested
 * (statistics.test.ts) and the view (statistics-view.tsx) only draws what it is given.
 *
 * Statistics are recognised by the shape of the answer, whatever the query and its aliases: a
 * cell is an object with a boolean `suppressed` and a numeric or null `value` (CasesStatisticsCell,
 * PlacementsStatisticsNumber…, `__typename` allowed). Around the cells:
 *  - a two-way table (`rows { label cells total }`, `columns`, `columnTotals`, `total`, any subset);
 *  - a list of labelled rows whose fields are cells (EvaluationDelayRow, DurationSummary…);
 *  - a list of flat figures, cells with text fields (caseFigures: section, table, row, column);
 *  - cells that are plain fields of an object (concludedOnTimeShare, onTimeShare…).
 * When the same table comes back under several root fields (aliases), one per territory, a table
 * per territory is added: its rows are the territories, its cells each one's column totals.
 *
 * A suppressed cell (secret statistique: under the threshold, or one that would let such a cell be
 * recomputed) is never shown, charted nor written as 0: it is marked, and explained in a legend.
 */
import { Kind, parse, type ValueNode } from 'graphql';

/** One cell of a table as shown: a number, a suppressed cell, or nothing to compute it on. */
export type TableCell =
  | { kind: 'value'; value: number; text: string }
  | { kind: 'suppressed'; text: typeof SUPPRESSED_MARK }
  | { kind: 'empty'; text: '' };

export interface TableRow {
  /** The row's labels, one per label column (a period, a kind, TOTAL…). */
  labels: string[];
  cells: TableCell[];
  /** A margin (the column totals, a TOTAL row): shown, written to CSV, not charted. */
  total: boolean;
}

export interface StatisticsTable {
  /** Where the table is in the answer, e.g. ["concernStatistics", "bySourceKind"]. */
  path: string[];
  title: string;
  /** What the rows are (MONTH, QUARTER, TERRITORY, MEASURE_KIND…), when the answer says. */
  rowDimension?: string;
  columnDimension?: string;
  /** The suppression threshold in force, when the answer gives it. */
  threshold?: number;
  /** Headers of the label columns (at least one). */
  labelHeaders: string[];
  /** Headers of the value columns, in the order of each row's cells. */
  valueHeaders: string[];
  /** Whether the last value column is the row total. */
  hasTotalColumn: boolean;
  rows: TableRow[];
}

/** What a suppressed cell shows and what the CSV holds in its place (never 0). */
export const SUPPRESSED_MARK = 'suppressed';
export const TOTAL_LABEL = 'Total';

interface Cell {
  value: number | null;
  suppressed: boolean;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const isObject = (x: unknown): x is JsonObject => typeof x === 'object' && x !== null && !Array.isArray(x);

const CELL_KEYS = new Set(['value', 'suppressed', '__typename']);

/** A statistics cell: `suppressed` boolean, `value` number or null (or not asked), nothing else. */
export function isCell(x: unknown): x is Cell {
  if (!isObject(x) || typeof x.suppressed !== 'boolean') return false;
  if ('value' in x && x.value !== null && typeof x.value !== 'number') return false;
  return Object.keys(x).every((k) => CELL_KEYS.has(k));
}

/** A flat figure: a cell that also carries text fields (section, table, row, column). */
function isFigure(x: unknown): x is JsonObject & Cell {
  if (!isObject(x) || typeof x.suppressed !== 'boolean') return false;
  if (x.value !== null && x.value !== undefined && typeof x.value !== 'number') return false;
  return Object.entries(x).every(([k, v]) => CELL_KEYS.has(k) || typeof v === 'string');
}

export function formatNumber(value: number): string {
  return Number.isInteger(value) ? String(value) : String(Number(value.toFixed(3)));
}

function tableCell(cell: Partial<Cell> | undefined): TableCell {
  if (cell?.suppressed) return { kind: 'suppressed', text: SUPPRESSED_MARK };
  if (typeof cell?.value === 'number') return { kind: 'value', value: cell.value, text: formatNumber(cell.value) };
  return { kind: 'empty', text: '' };
}

const title = (path: string[]) => path.filter((p) => !/^\d+$/.test(p)).join(' › ') || 'statistics';

/** MONTH or QUARTER when every label is one (2026-03, 2026-Q1), for a table asked without `rowDimension`. */
export function periodDimension(labels: string[]): 'MONTH' | 'QUARTER' | undefined {
  if (labels.length === 0) return undefined;
  if (labels.every((l) => /^\d{4}-(0[1-9]|1[0-2])$/.test(l))) return 'MONTH';
  if (labels.every((l) => /^\d{4}-Q[1-4]$/.test(l))) return 'QUARTER';
  return undefined;
}

/** A two-way table: rows of cells, or column totals, or a grand total, with its column labels. */
function isCrossTable(x: JsonObject): boolean {
  const rows = x.rows;
  const rowsOk =
    Array.isArray(rows) &&
    rows.length > 0 &&
    rows.every((r) => isObject(r) && ((Array.isArray(r.cells) && r.cells.every(isCell)) || isCell(r.total)));
  const totalsOk = Array.isArray(x.columnTotals) && x.columnTotals.every(isCell) && x.columnTotals.length > 0;
  return rowsOk || totalsOk || (isCell(x.total) && ('columns' in x || 'threshold' in x || 'rowDimension' in x));
}

function crossTable(x: JsonObject, path: string[]): StatisticsTable {
  const rows = Array.isArray(x.rows) ? x.rows.filter(isObject) : [];
  const width = Math.max(
    Array.isArray(x.columns) ? x.columns.length : 0,
    Array.isArray(x.columnTotals) ? x.columnTotals.length : 0,
    ...rows.map((r) => (Array.isArray(r.cells) ? r.cells.length : 0)),
  );
  const columns = Array.from({ length: width }, (_, i) =>
    Array.isArray(x.columns) && typeof x.columns[i] === 'string' ? (x.columns[i] as string) : `#${i + 1}`,
  );
  const hasRowTotals = rows.some((r) => isCell(r.total));
  const hasGrandTotal = isCell(x.total);
  const hasTotalColumn = hasRowTotals || (hasGrandTotal && (rows.length > 0 || width > 0));
  const valueHeaders = hasTotalColumn ? [...columns, TOTAL_LABEL] : columns;
  const line = (cells: Json | undefined, total: Json | undefined): TableCell[] => {
    const list = Array.isArray(cells) ? cells : [];
    const shown = columns.map((_, i) => tableCell(isCell(list[i]) ? list[i] : undefined));
    return hasTotalColumn ? [...shown, tableCell(isCell(total) ? total : undefined)] : shown;
  };
  const tableRows: TableRow[] = rows.map((r, i) => ({
    labels: [typeof r.label === 'string' ? r.label : String(i + 1)],
    cells: line(r.cells, r.total),
    total: r.label === 'TOTAL',
  }));
  if (Array.isArray(x.columnTotals) || hasGrandTotal) {
    tableRows.push({ labels: [TOTAL_LABEL], cells: line(x.columnTotals, x.total), total: true });
  }
  const rowDimension = typeof x.rowDimension === 'string' ? x.rowDimension : periodDimension(tableRows.filter((r) => !r.total).map((r) => r.labels[0]!));
  return {
    path,
    title: title(path),
    rowDimension,
    columnDimension: typeof x.columnDimension === 'string' ? x.columnDimension : undefined,
    threshold: typeof x.threshold === 'number' ? x.threshold : undefined,
    labelHeaders: [rowDimension ?? 'label'],
    valueHeaders,
    hasTotalColumn,
    rows: tableRows,
  };
}

/** Fields of the objects that are cells, in order of first appearance. */
function cellFields(items: JsonObject[]): string[] {
  const fields: string[] = [];
  for (const item of items) for (const [k, v] of Object.entries(item)) if (isCell(v) && !fields.includes(k)) fields.push(k);
  return fields;
}

/** A list of labelled rows whose other fields are cells (medianDays, p90Days, overdueShare…). */
function isRecordList(x: Json[]): x is JsonObject[] {
  return x.length > 0 && x.every((r) => isObject(r) && Object.values(r).some(isCell)) && x.every((r) => isObject(r) && Object.entries(r).every(([k, v]) => isCell(v) || k === '__typename' || typeof v === 'string'));
}

function recordList(items: JsonObject[], path: string[]): StatisticsTable {
  const fields = cellFields(items);
  const labelKeys: string[] = [];
  for (const item of items) for (const [k, v] of Object.entries(item)) if (typeof v === 'string' && k !== '__typename' && !labelKeys.includes(k)) labelKeys.push(k);
  const periods = labelKeys.length === 1 ? periodDimension(items.map((i) => i[labelKeys[0]!]).filter((l): l is string => typeof l === 'string' && l !== 'TOTAL')) : undefined;
  return {
    path,
    title: title(path),
    rowDimension: periods,
    labelHeaders: labelKeys.length > 0 ? labelKeys : ['#'],
    valueHeaders: fields,
    hasTotalColumn: false,
    rows: items.map((item, i) => ({
      labels: labelKeys.length > 0 ? labelKeys.map((k) => (typeof item[k] === 'string' ? (item[k] as string) : '')) : [String(i + 1)],
      cells: fields.map((f) => tableCell(isCell(item[f]) ? item[f] : undefined)),
      total: labelKeys.some((k) => item[k] === 'TOTAL'),
    })),
  };
}

function figureList(items: (JsonObject & Cell)[], path: string[]): StatisticsTable {
  const labelKeys: string[] = [];
  for (const item of items) for (const [k, v] of Object.entries(item)) if (typeof v === 'string' && k !== '__typename' && !labelKeys.includes(k)) labelKeys.push(k);
  return {
    path,
    title: title(path),
    labelHeaders: labelKeys.length > 0 ? labelKeys : ['#'],
    valueHeaders: ['value'],
    hasTotalColumn: false,
    rows: items.map((item, i) => ({
      labels: labelKeys.length > 0 ? labelKeys.map((k) => (typeof item[k] === 'string' ? (item[k] as string) : '')) : [String(i + 1)],
      cells: [tableCell(item)],
      total: false,
    })),
  };
}

/**
 * Collects the tables under `node`. `threshold` is the nearest enclosing object's `threshold`
 * (the activity report's), for the tables that do not carry their own (rows of medians, figures).
 */
function walk(node: Json, path: string[], out: StatisticsTable[], threshold: number | undefined): void {
  const add = (table: StatisticsTable) => out.push(table.threshold === undefined && threshold !== undefined ? { ...table, threshold } : table);
  if (Array.isArray(node)) {
    if (isRecordList(node)) add(recordList(node, path));
    else if (node.length > 0 && node.every(isFigure)) add(figureList(node as (JsonObject & Cell)[], path));
    else node.forEach((item, i) => walk(item, [...path, String(i)], out, threshold));
    return;
  }
  if (!isObject(node)) return;
  if (isCrossTable(node)) {
    add(crossTable(node, path));
    return;
  }
  const inherited = typeof node.threshold === 'number' ? node.threshold : threshold;
  const loose = Object.entries(node).filter(([, v]) => isCell(v));
  if (loose.length > 0) {
    out.push({
      path,
      title: title(path),
      threshold: inherited,
      labelHeaders: ['figure'],
      valueHeaders: ['value'],
      hasTotalColumn: false,
      rows: loose.map(([k, v]) => ({ labels: [k], cells: [tableCell(v as unknown as Cell)], total: false })),
    });
  }
  for (const [k, v] of Object.entries(node)) if (!isCell(v)) walk(v, [...path, k], out, inherited);
}

/**
 * The territory each root field of an operation asks for (`territory: { code: ARR_NANTES }`,
 * literally or through a variable), by response key (alias or field name); absent territory or
 * `code`, or the same field asked without it under another alias: the whole département. Fields
 * never given a `territory` argument are not listed. A query that does not parse, or names no
 * operation to pick, gives {}.
 */
export function rootTerritories(query: string, variables: Record<string, unknown> = {}, operationName?: string): Record<string, string> {
  let document;
  try {
    document = parse(query);
  } catch {
    return {};
  }
  const operations = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
  const operation = operationName ? operations.find((o) => o.name?.value === operationName) : operations.length === 1 ? operations[0] : undefined;
  if (!operation) return {};
  const value = (node: ValueNode | undefined): unknown => {
    if (!node) return undefined;
    switch (node.kind) {
      case Kind.VARIABLE:
        return variables[node.name.value];
      case Kind.OBJECT:
        return Object.fromEntries(node.fields.map((f) => [f.name.value, value(f.value)]));
      case Kind.ENUM:
      case Kind.STRING:
        return node.value;
      case Kind.NULL:
        return null;
      default:
        return undefined;
    }
  };
  const fields = operation.selectionSet.selections.filter((s) => s.kind === Kind.FIELD);
  // A field that takes a territory, asked without one (under another alias): the whole département.
  const territorial = new Set(fields.filter((f) => f.arguments?.some((a) => a.name.value === 'territory')).map((f) => f.name.value));
  const out: Record<string, string> = {};
  for (const field of fields) {
    if (!territorial.has(field.name.value)) continue;
    const territory = value(field.arguments?.find((a) => a.name.value === 'territory')?.value);
    const code = isObject(territory) && typeof territory.code === 'string' ? territory.code : 'DEPARTMENT';
    out[(field.alias ?? field.name).value] = code;
  }
  return out;
}

/**
 * Every statistics table in an answer's `data`, in the order of the answer; then, for a table that
 * comes back under several root fields each asking for a territory, the territories side by side
 * (rows: the territories; cells: each one's column totals and grand total, suppressed where they are).
 */
export function statisticsTables(data: unknown, territories: Record<string, string> = {}): StatisticsTable[] {
  const tables: StatisticsTable[] = [];
  if (isObject(data)) walk(data, [], tables, undefined);
  return [...tables, ...territoryTables(tables, territories)];
}

function territoryTables(tables: StatisticsTable[], territories: Record<string, string>): StatisticsTable[] {
  const groups = new Map<string, StatisticsTable[]>();
  for (const table of tables) {
    const [root, ...rest] = table.path;
    if (root === undefined || territories[root] === undefined || rest.length === 0) continue;
    const totals = table.rows.find((r) => r.labels[0] === TOTAL_LABEL && r.total);
    if (!totals) continue;
    const key = JSON.stringify([rest, table.valueHeaders]);
    groups.set(key, [...(groups.get(key) ?? []), table]);
  }
  const out: StatisticsTable[] = [];
  for (const group of groups.values()) {
    if (group.length < 2) continue;
    const first = group[0]!;
    const rest = first.path.slice(1);
    out.push({
      path: ['(territories)', ...rest],
      title: `${title(rest)} per territory`,
      rowDimension: 'TERRITORY',
      columnDimension: first.columnDimension,
      threshold: first.threshold,
      labelHeaders: ['TERRITORY'],
      valueHeaders: first.valueHeaders,
      hasTotalColumn: first.hasTotalColumn,
      rows: group.map((t) => ({
        labels: [territories[t.path[0]!]!],
        cells: t.rows.find((r) => r.labels[0] === TOTAL_LABEL && r.total)!.cells,
        total: false,
      })),
    });
  }
  return out;
}

/** How many cells of a table are suppressed. */
export function suppressedCount(table: StatisticsTable): number {
  return table.rows.reduce((n, r) => n + r.cells.filter((c) => c.kind === 'suppressed').length, 0);
}

// ---------------------------------------------------------------------------------------- CSV

/**
 * A text field a spreadsheet would run as a formula (=, +, -, @, tab, carriage return first: CSV
 * injection) is written after an apostrophe. Only texts (headers, labels): the cells are numbers
 * this module formatted, or the marker.
 */
const inertText = (text: string) => (/^[=+\-@\t\r]/.test(text) ? `'${text}` : text);

const csvField = (text: string) => (/[",\r\n]/.test(text) || /^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);

/**
 * The table as shown, as CSV (RFC 4180: comma-separated, CRLF, fields quoted when needed), with a
 * UTF-8 byte order mark so that a spreadsheet reads the accents; a suppressed cell is written
 * `suppressed`, a cell with nothing to compute it on is left empty: never a 0 that was not counted.
 * A label that would be a formula stays text.
 */
export function tableCsv(table: StatisticsTable): string {
  const lines = [
    [...table.labelHeaders, ...table.valueHeaders].map(inertText),
    ...table.rows.map((r) => [...r.labels.map(inertText), ...r.cells.map((c) => c.text)]),
  ];
  return '\uFEFF' + lines.map((line) => line.map(csvField).join(',')).join('\r\n') + '\r\n';
}

/** A file name for the table's CSV: its path, in safe characters. */
export function csvFileName(table: StatisticsTable): string {
  const name = table.path
    .join('-')
    .replace(/[^A-Za-z0-9_-]+/g, '')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '');
  return `${name || 'statistics'}.csv`;
}

// -------------------------------------------------------------------------------------- chart

export interface Bar {
  label: string;
  kind: TableCell['kind'];
  /** The value, for a bar that has one. */
  value?: number;
  /** Its height as a share of the axis (0 to 1); a suppressed or empty bar has none. */
  height?: number;
}

export interface ChartModel {
  /** What the bars are: "per month", "per quarter", "per territory", "per SOURCE_KIND"… */
  caption: string;
  /** Which value column the bars show. */
  series: string;
  bars: Bar[];
  /** The top of the axis (a whole number of round steps, at least the tallest bar) and its ticks, a step apart. */
  max: number;
  ticks: number[];
  suppressed: number;
}

const DIMENSION_CAPTIONS: Record<string, string> = { MONTH: 'per month', QUARTER: 'per quarter', TERRITORY: 'per territory' };

/** The value columns a chart of the table may show: the row total first, when there is one. */
export function chartSeries(table: StatisticsTable): string[] {
  const dataRows = table.rows.filter((r) => !r.total);
  if (dataRows.length <= 1) return [dataRows.length === 1 ? dataRows[0]!.labels.join(' ') : TOTAL_LABEL];
  return table.hasTotalColumn ? [TOTAL_LABEL, ...table.valueHeaders.slice(0, -1)] : table.valueHeaders;
}

/** A round step for about four ticks up to `tallest` (1, 2 or 5 times a power of ten; 1 at least for counts). */
function tickStep(tallest: number, counts: boolean): number {
  if (tallest <= 0) return 1;
  const raw = tallest / 4;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((candidate) => candidate >= raw)!;
  return counts ? Math.max(1, Math.round(step)) : step;
}

/**
 * A bar chart of a table: with several data rows, a bar per row (month, quarter, territory,
 * category) for the chosen value column (the row total by default); with one data row (or only
 * the totals), a bar per column. Suppressed bars are marked, not drawn as 0. Undefined when the
 * table has nothing to chart.
 */
export function chartModel(table: StatisticsTable, series?: string): ChartModel | undefined {
  const dataRows = table.rows.filter((r) => !r.total);
  const options = chartSeries(table);
  const chosen = series !== undefined && options.includes(series) ? series : options[0]!;
  let bars: Bar[];
  let caption: string;
  if (dataRows.length > 1) {
    const column = table.valueHeaders.indexOf(chosen);
    if (column < 0) return undefined;
    bars = dataRows.map((r) => ({ label: r.labels.join(' '), ...barOf(r.cells[column]) }));
    const dimension = table.rowDimension ?? table.labelHeaders[0] ?? '';
    caption = DIMENSION_CAPTIONS[dimension] ?? `per ${dimension}`;
  } else {
    const row = dataRows[0] ?? table.rows.find((r) => r.total);
    if (!row) return undefined;
    const columns = table.hasTotalColumn ? table.valueHeaders.slice(0, -1) : table.valueHeaders;
    bars = columns.map((label, i) => ({ label, ...barOf(row.cells[i]) }));
    caption = `per ${table.columnDimension ?? 'column'}`;
  }
  if (bars.length === 0) return undefined;
  const tallest = Math.max(0, ...bars.map((b) => b.value ?? 0));
  const step = tickStep(tallest, bars.every((b) => b.value === undefined || Number.isInteger(b.value)));
  const max = Number((Math.max(1, Math.ceil(tallest / step)) * step).toPrecision(12));
  for (const bar of bars) if (bar.value !== undefined) bar.height = Math.max(0, bar.value) / max;
  const ticks = Array.from({ length: Math.round(max / step) + 1 }, (_, i) => Number((i * step).toPrecision(12)));
  return { caption, series: chosen, bars, max, ticks, suppressed: bars.filter((b) => b.kind === 'suppressed').length };
}

function barOf(cell: TableCell | undefined): Omit<Bar, 'label'> {
  if (!cell || cell.kind === 'empty') return { kind: 'empty' };
  if (cell.kind === 'suppressed') return { kind: 'suppressed' };
  return { kind: 'value', value: cell.value };
}

// ------------------------------------------------------------------------------------- answer

/**
 * The statistics of the response editor's text (what GraphiQL shows): the tables of its `data`,
 * or none when it is not JSON or has no statistics.
 */
export function statisticsOfResponse(text: string, territories: Record<string, string> = {}): StatisticsTable[] {
  if (!text.trim().startsWith('{')) return [];
  try {
    const answer = JSON.parse(text) as { data?: unknown };
    return statisticsTables(answer.data, territories);
  } catch {
    return [];
  }
}
