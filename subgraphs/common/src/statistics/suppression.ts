/**
 * Small-cell suppression (secret statistique) for a two-way table of counts with its margins.
 *
 * The table is seen with its margins as an (m+1)×(n+1) grid: the inner cells, the row totals in
 * the last column, the column totals in the last row, the grand total in the corner. Each line of
 * that grid (a row or a column, margins included) carries one equation: its cells add up to its
 * total. A suppressed entry can be recomputed as soon as it is the only suppressed entry of a line.
 *
 * 1. Primary suppression: every entry (inner cell or margin) with 0 < value < threshold.
 * 2. Complementary suppression, first by rectangles (the hypercube method in two dimensions):
 *    each primary entry alone in its row or column gets the cheapest rectangle of partners
 *    through it (no total, no zero, the smallest values, if possible).
 * 3. Then, while some line still holds exactly one suppressed entry, suppress a partner in that line: an inner cell rather than a total, a non-zero one rather than a zero,
 *    preferably one whose other line also holds exactly one suppressed entry (one partner then
 *    protects two lines), then the smallest. Repeats until every line holds 0 or ≥ 2 suppressed entries.
 *
 * This is the usual "no line with a lone suppression" rule; it does not solve the full linear
 * system an attacker could combine across several lines (nor across several published tables).
 * Zeros are published: an empty cell says nobody, which discloses no one.
 *
 * Tables linked by an additive identity are suppressed jointly (`suppressJointly`): the
 * département's table is the sum of its groups' (`territory.ts`: the arrondissements and OTHER
 * partition it), so a position suppressed in exactly one of them would come back by subtraction;
 * the joint pass gives it a partner at the same position, then the tables' own rows and columns
 * are closed again, until nothing changes. Periods are safe against differencing
 * (`buildPeriodTable`: suppression by calendar quarter, the same whatever the period asked), and
 * territories are predefined groups, never an arbitrary commune list.
 *
 * These rules are the first pass of the linked suppression (`linked.ts`), which then checks every
 * suppressed cell by linear programming over every table published for the quarter (stocks and
 * flows, the concern tables' shared totals, the territories) and adds partners until each
 * interval is at least the threshold wide. `suppressTable` and `suppressJointly` alone hold only
 * against one-line differencing.
 */

export interface SuppressedTable {
  /** Inner cells: the count, or null when suppressed. */
  cells: (number | null)[][];
  rowTotals: (number | null)[];
  columnTotals: (number | null)[];
  total: number | null;
  /** Which entries are suppressed, same shapes as above. */
  suppressed: { cells: boolean[][]; rowTotals: boolean[]; columnTotals: boolean[]; total: boolean };
}

/** Applies primary and complementary suppression to a table of counts; the margins are computed. */
export function suppressTable(counts: readonly (readonly number[])[], threshold: number): SuppressedTable {
  const grid = withMargins(counts);
  const hidden = primary(grid, threshold);
  complementWithin(grid, hidden);
  return renderSuppressed(grid, hidden);
}

/** The (m+1)×(n+1) grid of a table of counts with its margins (last row and column: the totals). */
function withMargins(counts: readonly (readonly number[])[], n0?: number): number[][] {
  const m = counts.length;
  const n = m === 0 ? (n0 ?? 0) : counts[0]!.length;
  for (const row of counts) {
    if (row.length !== n) throw new Error('suppressTable: every row must have the same number of cells');
    for (const v of row) if (!Number.isInteger(v) || v < 0) throw new Error(`suppressTable: counts must be whole numbers ≥ 0, got ${v}`);
  }
  const grid: number[][] = [];
  for (let i = 0; i <= m; i++) grid.push(new Array<number>(n + 1).fill(0));
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      const v = counts[i]![j]!;
      grid[i]![j] = v;
      grid[i]![n]! += v;
      grid[m]![j]! += v;
      grid[m]![n]! += v;
    }
  }
  return grid;
}

/** Primary suppression: every entry (inner cell or margin) with 0 < value < threshold. */
function primary(grid: number[][], threshold: number): boolean[][] {
  return grid.map((row) => row.map((v) => v > 0 && v < threshold));
}

/**
 * Complementary suppression within one table (steps 2 and 3 above), growing `hidden` in place
 * until no row or column holds a lone suppressed entry. Returns whether it suppressed anything.
 */
export function complementWithin(grid: number[][], hidden: boolean[][]): boolean {
  const m = grid.length - 1;
  const n = grid[0]!.length - 1;
  let any = false;
  // Lines: rows 0..m (over columns 0..n) and columns 0..n (over rows 0..m).
  const rowCount = (i: number) => hidden[i]!.filter(Boolean).length;
  const colCount = (j: number) => hidden.reduce((k, row) => k + (row[j] ? 1 : 0), 0);

  /** Picks the partner in a line: candidates are [i, j] entries not yet suppressed. */
  const pick = (candidates: [number, number][], otherLineCount: (i: number, j: number) => number): [number, number] => {
    let best: [number, number] | undefined;
    let bestScore: number[] | undefined;
    for (const [i, j] of candidates) {
      const v = grid[i]![j]!;
      const isTotal = i === m || j === n ? 1 : 0;
      const helpsOther = otherLineCount(i, j) === 1 ? 0 : 1;
      // Lower is better: inner cells first, then non-zero before zero (a suppressed zero
      // protects little: the primary cell's value would be pinned to a narrow interval), then a
      // partner fixing its other line too, then the smallest value.
      const score = [isTotal, v === 0 ? 1 : 0, helpsOther, v, i, j];
      if (!bestScore || lexLess(score, bestScore)) {
        best = [i, j];
        bestScore = score;
      }
    }
    if (!best) throw new Error('suppressTable: a line has no partner to suppress');
    return best;
  };

  // Hypercube step: a suppressed entry alone in its row or its column is protected by the cheapest
  // rectangle through it (three partner corners): no total if possible, no zero if possible,
  // the smallest values suppressed; corners already suppressed cost nothing.
  const lone: [number, number][] = [];
  for (let i = 0; i <= m; i++) for (let j = 0; j <= n; j++) if (hidden[i]![j]) lone.push([i, j]);
  for (const [i, j] of lone) {
    if (rowCount(i) !== 1 && colCount(j) !== 1) continue;
    let best: [number, number] | undefined;
    let bestCost: number[] | undefined;
    for (let l = 0; l <= m; l++) {
      if (l === i) continue;
      for (let k = 0; k <= n; k++) {
        if (k === j) continue;
        const corners: [number, number][] = [[i, k], [l, j], [l, k]];
        const fresh = corners.filter(([a, b]) => !hidden[a]![b]);
        const cost = [
          fresh.filter(([a, b]) => a === m || b === n).length,
          fresh.filter(([a, b]) => grid[a]![b] === 0).length,
          fresh.reduce((sum, [a, b]) => sum + grid[a]![b]!, 0),
          fresh.length,
          l,
          k,
        ];
        if (!bestCost || lexLess(cost, bestCost)) {
          best = [l, k];
          bestCost = cost;
        }
      }
    }
    if (!best) continue; // a single line: the line-by-line step below deals with it
    const [l, k] = best;
    for (const [a, b] of [[i, k], [l, j], [l, k]] as const) {
      if (!hidden[a]![b]) any = true;
      hidden[a]![b] = true;
    }
  }

  // Line-by-line step, until no line holds a lone suppression.
  for (let changed = true; changed; ) {
    changed = false;
    for (let i = 0; i <= m; i++) {
      if (rowCount(i) !== 1) continue;
      const candidates: [number, number][] = [];
      for (let j = 0; j <= n; j++) if (!hidden[i]![j]) candidates.push([i, j]);
      const [pi, pj] = pick(candidates, (_i, j) => colCount(j));
      hidden[pi]![pj] = true;
      changed = any = true;
    }
    for (let j = 0; j <= n; j++) {
      if (colCount(j) !== 1) continue;
      const candidates: [number, number][] = [];
      for (let i = 0; i <= m; i++) if (!hidden[i]![j]) candidates.push([i, j]);
      const [pi, pj] = pick(candidates, (i) => rowCount(i));
      hidden[pi]![pj] = true;
      changed = any = true;
    }
  }
  return any;
}

/** A grid with its margins (last row and column) and which entries are hidden, as published. */
export function renderSuppressed(grid: number[][], hidden: boolean[][]): SuppressedTable {
  const m = grid.length - 1;
  const n = grid[0]!.length - 1;
  const show = (i: number, j: number) => (hidden[i]![j] ? null : grid[i]![j]!);
  const range = (k: number) => Array.from({ length: k }, (_, x) => x);
  return {
    cells: range(m).map((i) => range(n).map((j) => show(i, j))),
    rowTotals: range(m).map((i) => show(i, n)),
    columnTotals: range(n).map((j) => show(m, j)),
    total: show(m, n),
    suppressed: {
      cells: range(m).map((i) => range(n).map((j) => hidden[i]![j]!)),
      rowTotals: range(m).map((i) => hidden[i]![n]!),
      columnTotals: range(n).map((j) => hidden[m]![j]!),
      total: hidden[m]![n]!,
    },
  };
}

/**
 * Joint suppression of a set of tables of the same shape linked by an additive relation: the
 * table `whole` (the département) is, entry by entry, the sum of the tables `parts` (the groups
 * that partition it), margins included. Suppressing each table on its own is not enough: when
 * exactly one entry of a position (r, c) is suppressed across the whole and its parts, it is the
 * whole minus the other parts (or the sum of the parts).
 *
 * 1. Primary suppression in every table.
 * 2. Until nothing changes: (a) within each table, in the order given, the row/column
 *    complementary suppression of `suppressTable`; (b) across the tables, for each position in
 *    row-major order (margins included), when exactly one entry of the relation is suppressed,
 *    suppress a partner: the smallest non-zero published part (ties: the first in `parts`), else
 *    the whole, else a published zero part.
 *
 * Deterministic: a function of the counts alone (the order of the tables is the caller's fixed
 * order, never the territory asked), so whichever table a request reads, the pattern is the same.
 * Checks that the whole is the sum of the parts. `rounds`: how many passes (a)+(b) it took, the last
 * one changing nothing.
 */
export function suppressJointly(
  tables: readonly (readonly (readonly number[])[])[],
  relation: { whole: number; parts: readonly number[] },
  threshold: number,
  columns?: number,
): { tables: SuppressedTable[]; rounds: number } {
  const grids = tables.map((t) => withMargins(t, columns));
  const shape = (g: number[][]) => `${g.length}×${g[0]!.length}`;
  for (const g of grids) if (shape(g) !== shape(grids[0]!)) throw new Error('suppressJointly: every table must have the same shape');
  const rows = grids[0]!.length;
  const cols = grids[0]![0]!.length;
  const { whole, parts } = relation;
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      const sum = parts.reduce((s, p) => s + grids[p]![i]![j]!, 0);
      if (sum !== grids[whole]![i]![j]!) throw new Error(`suppressJointly: the whole is not the sum of its parts at (${i}, ${j}): ${grids[whole]![i]![j]} ≠ ${sum}`);
    }
  }
  const hidden = grids.map((g) => primary(g, threshold));
  let rounds = 0;
  for (let changed = true; changed; ) {
    changed = false;
    rounds++;
    grids.forEach((g, k) => {
      if (complementWithin(g, hidden[k]!)) changed = true;
    });
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < cols; j++) {
        const members = [whole, ...parts];
        if (members.filter((k) => hidden[k]![i]![j]).length !== 1) continue;
        const published = parts.filter((k) => !hidden[k]![i]![j]);
        let partner: number | undefined;
        for (const k of published) {
          const v = grids[k]![i]![j]!;
          if (v > 0 && (partner === undefined || v < grids[partner]![i]![j]!)) partner = k;
        }
        if (partner === undefined) partner = !hidden[whole]![i]![j] ? whole : published[0];
        if (partner === undefined) throw new Error('suppressJointly: no partner to suppress');
        hidden[partner]![i]![j] = true;
        changed = true;
      }
    }
  }
  return { tables: grids.map((g, k) => renderSuppressed(g, hidden[k]!)), rounds };
}

/**
 * The entries of a set of published tables that a single subtraction gives back: a suppressed
 * entry alone in a row or column of its table, or alone in a position of the additive relation
 * (whole = Σ parts). Empty when the suppression holds against one-line differencing.
 */
export function recomputableAcross(tables: readonly SuppressedTable[], relation: { whole: number; parts: readonly number[] }): string[] {
  const out = tables.flatMap((t, k) => recomputableEntries(t).map((e) => `table ${k}: ${e}`));
  const t0 = tables[0]!;
  const m = t0.suppressed.cells.length;
  const n = t0.suppressed.columnTotals.length;
  const hidden = (t: SuppressedTable, i: number, j: number) =>
    i === m && j === n ? t.suppressed.total : i === m ? t.suppressed.columnTotals[j]! : j === n ? t.suppressed.rowTotals[i]! : t.suppressed.cells[i]![j]!;
  for (let i = 0; i <= m; i++) {
    for (let j = 0; j <= n; j++) {
      const lone = [relation.whole, ...relation.parts].filter((k) => hidden(tables[k]!, i, j));
      if (lone.length === 1) out.push(`territory relation at row ${i}, column ${j}: table ${lone[0]}`);
    }
  }
  return out;
}

function lexLess(a: number[], b: number[]): boolean {
  for (let k = 0; k < a.length; k++) {
    if (a[k]! !== b[k]!) return a[k]! < b[k]!;
  }
  return false;
}

/**
 * Whether any suppressed entry of a published table can be recomputed from a single line (what
 * the rule above prevents): used by the tests, and cheap enough to assert in production paths.
 */
export function recomputableEntries(table: SuppressedTable): string[] {
  const m = table.cells.length;
  const n = m === 0 ? table.columnTotals.length : table.cells[0]!.length;
  const hidden = (i: number, j: number) =>
    i === m && j === n ? table.suppressed.total : i === m ? table.suppressed.columnTotals[j]! : j === n ? table.suppressed.rowTotals[i]! : table.suppressed.cells[i]![j]!;
  const out: string[] = [];
  for (let i = 0; i <= m; i++) {
    const lone = [...Array(n + 1).keys()].filter((j) => hidden(i, j));
    if (lone.length === 1) out.push(`row ${i}, column ${lone[0]}`);
  }
  for (let j = 0; j <= n; j++) {
    const lone = [...Array(m + 1).keys()].filter((i) => hidden(i, j));
    if (lone.length === 1) out.push(`column ${j}, row ${lone[0]}`);
  }
  return out;
}
