import { complementWithin } from './suppression';
import { intervals, pivotsMade, Polytope, type LinearSystem } from './lp';

/**
 * Linked tables (τ-ARGUS): every count Passerelle publishes about one quarter, in every territory,
 * seen as one set of cells bound by additive relations (a total is the sum of its parts; the
 * département is the sum of its groups; the three concern tables share their month and quarter
 * totals; a stock at a month end is the stock at the previous one plus the month's entries minus
 * its exits). A cell shared by several tables (a month's total of concerns) is one cell.
 *
 * Protection, the guarantee: for every suppressed cell, the published cells and every relation of
 * the set leave it an interval of possible values — its least and greatest value by linear
 * programming over all the unknowns, each ≥ 0 — at least `threshold` wide:
 *   upper − lower ≥ threshold,
 * or exactly [0, 0] for a suppressed zero (zeros are published anyway: it tells nothing more).
 * (A primary cell 1 ≤ v < threshold then lies in an interval holding at least threshold + 1 whole
 * numbers, whatever the attacker combines among the set's tables.)
 *
 * Suppression (`suppressLinked`):
 * 1. Primary: every publishable cell with 0 < value < threshold (zeros are published: nobody).
 * 2. A cheap first pass of complementary suppression: within every two-way table of the set, the
 *    rectangles and line rule of `suppressTable` (`complementWithin`), repeated over the tables
 *    until nothing changes (a shared total suppressed in one table is suppressed in all).
 * 3. The check and repair by linear programming (τ-ARGUS's secondary suppression with protection
 *    intervals): each suppressed cell in turn, while its interval is narrower than the threshold,
 *    gets one more partner — a published cell of a relation through it (a non-zero before a zero
 *    (a suppressed zero opens little and needs partners of its own); then fewest suppressed
 *    members in the relation; an inner cell before a total; one of at least the threshold before a
 *    smaller one; the smallest; the first created) — and the partners are checked in turn.
 *    Suppressing a cell only widens every interval, so a cell once protected stays protected.
 * 4. A set made mostly of small cells (at least 40, and more than a quarter of its non-zero cells),
 *    or one that needs more than PROGRAMME_BUDGET programmes or PIVOT_BUDGET pivots, or a
 *    programme larger than MAX_UNKNOWNS × MAX_RELATIONS (or one that does not converge), is withheld whole
 *    (`withholdAll`): protected by construction, and cheap.
 * Cells can be `hidden` (never published, e.g. the exits of placements: unknowns ≥ 0 that carry a
 * relation) or `fixed` (their pattern decided elsewhere — the stock at a quarter end, suppressed
 * on its own so that the two quarters around it agree — and never given a new suppression here).
 *
 * Deterministic: a function of the cells and relations in the order they were created.
 */

export interface LinkedCell {
  key: string;
  value: number;
  /** Never published: an unknown that carries relations. */
  hidden: boolean;
  /** The pattern is decided elsewhere: `suppressed` as given, never changed here. */
  fixed: boolean;
  /** Suppressed (set by `suppressLinked`, or given when `fixed`). */
  suppressed: boolean;
  /** A margin (a total of some table): a later choice as a partner. */
  margin: boolean;
}

/** A two-way table of the set: cell indices (m+1)×(n+1), margins in the last row and column. */
export type LinkedGrid = number[][];

export class LinkedTables {
  readonly cells: LinkedCell[] = [];
  readonly index = new Map<string, number>();
  /** Σ coefficient·cell = 0. */
  readonly relations: [number, number][][] = [];
  /** The relations that are sums (their first term the total, +1; the others its parts, −1). */
  readonly sums = new Set<number>();
  readonly grids: LinkedGrid[] = [];

  /** The cell with this key (created with `value` the first time; a second value must agree). */
  cell(key: string, value: number, options: { hidden?: boolean; margin?: boolean } = {}): number {
    const found = this.index.get(key);
    if (found !== undefined) {
      if (this.cells[found]!.value !== value) throw new Error(`linked tables: ${key} is ${this.cells[found]!.value} and ${value}`);
      if (options.margin) this.cells[found]!.margin = true;
      return found;
    }
    if (!Number.isInteger(value) || value < 0) throw new Error(`linked tables: counts must be whole numbers ≥ 0, got ${value} for ${key}`);
    const k = this.cells.length;
    this.cells.push({ key, value, hidden: options.hidden ?? false, fixed: false, suppressed: false, margin: options.margin ?? false });
    this.index.set(key, k);
    return k;
  }

  has(key: string): boolean {
    return this.index.has(key);
  }

  at(key: string): LinkedCell {
    const k = this.index.get(key);
    if (k === undefined) throw new Error(`linked tables: no cell ${key}`);
    return this.cells[k]!;
  }

  /** total = Σ parts (checked on the values). */
  sum(total: number, parts: readonly number[]): void {
    const value = parts.reduce((s, p) => s + this.cells[p]!.value, 0);
    const known = [total, ...parts].every((k) => !this.cells[k]!.hidden);
    if (known && value !== this.cells[total]!.value) {
      throw new Error(`linked tables: ${this.cells[total]!.key} is ${this.cells[total]!.value}, its parts add up to ${value}`);
    }
    this.sums.add(this.relations.length);
    this.relations.push([[total, 1], ...parts.map((p) => [p, -1] as [number, number])]);
  }

  /** Any linear relation Σ coefficient·cell = 0 (e.g. stock − previous stock − entries + exits). */
  relate(terms: [number, number][]): void {
    this.relations.push(terms);
  }

  /**
   * A two-way table `prefix` with its margins: `counts` m×n, the row totals, column totals and grand
   * total keyed by the given functions (a key shared with another table is the same cell). Adds
   * every row and column relation and registers the grid for the first pass.
   */
  table(
    counts: readonly (readonly number[])[],
    keys: { cell: (i: number, j: number) => string; rowTotal: (i: number) => string; columnTotal: (j: number) => string; total: string },
    columns: number,
  ): LinkedGrid {
    const m = counts.length;
    const n = columns;
    const grid: LinkedGrid = [];
    for (let i = 0; i < m; i++) grid.push(counts[i]!.map((v, j) => this.cell(keys.cell(i, j), v)));
    const rowSums = counts.map((r) => r.reduce((s, v) => s + v, 0));
    const colSums = Array.from({ length: n }, (_, j) => counts.reduce((s, r) => s + r[j]!, 0));
    const grand = rowSums.reduce((s, v) => s + v, 0);
    for (let i = 0; i < m; i++) grid[i]!.push(this.cell(keys.rowTotal(i), rowSums[i]!, { margin: true }));
    grid.push([...colSums.map((v, j) => this.cell(keys.columnTotal(j), v, { margin: true })), this.cell(keys.total, grand, { margin: true })]);
    for (let i = 0; i <= m; i++) this.sum(grid[i]![n]!, grid[i]!.slice(0, n));
    for (let j = 0; j <= n; j++) this.sum(grid[m]![j]!, grid.slice(0, m).map((r) => r[j]!));
    this.grids.push(grid);
    return grid;
  }

  /** Fixes a cell's pattern (decided elsewhere). */
  fix(key: string, suppressed: boolean): void {
    const c = this.at(key);
    c.fixed = true;
    c.suppressed = suppressed;
  }

  /** The unknowns (suppressed or hidden cells) and the relations among them, published cells as constants. */
  system(): { unknowns: number[]; system: LinearSystem } {
    const unknowns: number[] = [];
    const position = new Map<number, number>();
    this.cells.forEach((c, k) => {
      if (c.hidden || c.suppressed) {
        position.set(k, unknowns.length);
        unknowns.push(k);
      }
    });
    const rows: [number, number][][] = [];
    const b: number[] = [];
    for (const relation of this.relations) {
      const terms: [number, number][] = [];
      let rhs = 0;
      for (const [k, a] of relation) {
        const p = position.get(k);
        if (p === undefined) rhs -= a * this.cells[k]!.value;
        else terms.push([p, a]);
      }
      if (terms.length > 0) {
        rows.push(terms);
        b.push(rhs);
      }
    }
    return { unknowns, system: { n: unknowns.length, rows, b } };
  }
}

/**
 * The protection interval of every suppressed cell given the current pattern (published cells as
 * constants): key → [lower, upper]. Solved per connected group of unknowns (cells that share no
 * relation through unknowns do not constrain each other).
 */
export function protectionIntervals(set: LinkedTables): Map<string, [number, number]> {
  const out = new Map<string, [number, number]>();
  for (const { cells, system } of components(set)) {
    const bounds = intervals(system);
    cells.forEach((k, p) => {
      if (!set.cells[k]!.hidden) out.set(set.cells[k]!.key, bounds[p]!);
    });
  }
  return out;
}

/** The connected groups of unknowns, each with its own system. */
function components(set: LinkedTables, only?: number): { cells: number[]; system: LinearSystem }[] {
  const { unknowns, system } = set.system();
  const parent = unknowns.map((_, p) => p);
  const find = (p: number): number => {
    while (parent[p] !== p) p = parent[p] = parent[parent[p]!]!;
    return p;
  };
  for (const row of system.rows) for (let t = 1; t < row.length; t++) parent[find(row[t]![0])] = find(row[0]![0]);
  const groups = new Map<number, number[]>();
  unknowns.forEach((_, p) => {
    const r = find(p);
    if (!groups.has(r)) groups.set(r, []);
    groups.get(r)!.push(p);
  });
  const wanted = only === undefined ? undefined : find(unknowns.indexOf(only));
  const out: { cells: number[]; system: LinearSystem }[] = [];
  for (const [root, members] of groups) {
    if (wanted !== undefined && root !== wanted) continue;
    const local = new Map(members.map((p, q) => [p, q]));
    const rows: [number, number][][] = [];
    const b: number[] = [];
    system.rows.forEach((row, r) => {
      if (local.has(row[0]![0])) {
        rows.push(row.map(([p, a]) => [local.get(p)!, a]));
        b.push(system.b[r]!);
      }
    });
    out.push({ cells: members.map((p) => unknowns[p]!), system: { n: members.length, rows, b } });
  }
  return out;
}

/**
 * The interval of one suppressed cell under the current pattern; the solved component is kept
 * until the pattern changes (`cache.clear()`), so the cells of one component share one phase 1.
 */
function intervalOf(set: LinkedTables, k: number, cache: Map<number, { cells: number[]; polytope: Polytope }>, pool: Float64Array[]): [number, number] {
  let entry = cache.get(k);
  if (!entry) {
    const [component] = components(set, k);
    // A dense tableau grows as unknowns × (unknowns + relations): past this size the set is withheld instead.
    if (component!.system.n > MAX_UNKNOWNS || component!.system.rows.length > MAX_RELATIONS) throw new Error('linked tables: too large a programme');
    entry = { cells: component!.cells, polytope: new Polytope(component!.system) };
    for (const c of entry.cells) cache.set(c, entry);
  }
  const vertices: Float64Array[] = [];
  const bounds = entry.polytope.bounds(entry.cells.indexOf(k), vertices);
  // Each vertex, completed with the published values, is a point every later pattern admits too.
  for (const v of vertices) {
    const point = Float64Array.from(set.cells, (c) => c.value);
    entry.cells.forEach((c, p) => (point[c] = v[p]!));
    pool.push(point);
  }
  return bounds;
}

/**
 * Whether known feasible points already spread cell k over `threshold` or more: the interval
 * holds every point's value, so no programme is needed. Suppressing more cells keeps every point
 * feasible (a newly suppressed cell keeps its published value), so the pool serves the whole run.
 */
function spreadByPool(pool: readonly Float64Array[], k: number, threshold: number): boolean {
  let lo = Infinity;
  let hi = -Infinity;
  for (const p of pool) {
    lo = Math.min(lo, p[k]!);
    hi = Math.max(hi, p[k]!);
  }
  return hi - lo >= threshold - 1e-6;
}

/** Statistics of one run, for the benchmark and the tests. */
export interface LinkedRun {
  primary: number;
  suppressed: number;
  /** Partners added by linear programming (after the first pass). */
  repaired: number;
  /** Linear programmes solved (two per interval). */
  programmes: number;
  /** The whole set was withheld (see `withholdAll`). */
  withheld: boolean;
}

/** Past this many small cells making this share of the non-zero ones, or this many programmes, the set is withheld whole. */
const DENSE_COUNT = 40;
const DENSE_SHARE = 0.25;
const PROGRAMME_BUDGET = 600;
/** And past this many simplex pivots (work, counted deterministically: the same data, the same decision). */
const PIVOT_BUDGET = 40_000;
/** And past this size of one connected programme. */
const MAX_UNKNOWNS = 300;
const MAX_RELATIONS = 900;

/**
 * The fallback for a set made mostly of small cells (a tiny territory, a quiet quarter), where the
 * search for partners would end up suppressing nearly everything at great cost: every cell that is
 * not fixed is suppressed — zeros included when the set holds fixed cells. Protected by
 * construction: without fixed cells every relation is Σ a·x = 0 over the unknowns alone (published
 * zeros add nothing), so with the true values x every λ·x (λ ≥ 0) is possible: each unknown lies
 * anywhere in [0, ∞). With fixed cells (the stocks that bound a quarter), every flow and inner stock
 * being unknown, any values of the fixed stocks their own tables allow can be completed (entries and
 * exits are free), so they are exactly as protected as alone.
 */
function withholdAll(set: LinkedTables): void {
  const fixed = set.cells.some((c) => c.fixed);
  for (const c of set.cells) if (!c.fixed && !c.hidden) c.suppressed = fixed || c.value > 0;
}

/** Applies primary and secondary suppression to the set so that every suppressed cell's interval is ≥ threshold wide (see above). */
export function suppressLinked(set: LinkedTables, threshold: number): LinkedRun {
  const { cells } = set;
  let primary = 0;
  for (const c of cells) {
    if (c.fixed || c.hidden) continue;
    c.suppressed = c.value > 0 && c.value < threshold;
    if (c.suppressed) primary++;
  }
  const nonZero = cells.filter((c) => !c.fixed && !c.hidden && c.value > 0).length;
  const done = (withheld: boolean, repaired: number, programmes: number): LinkedRun => ({
    primary,
    suppressed: cells.filter((c) => c.suppressed && !c.hidden).length,
    repaired,
    programmes,
    withheld,
  });
  if (primary >= DENSE_COUNT && primary > DENSE_SHARE * nonZero) {
    withholdAll(set);
    return done(true, 0, 0);
  }
  firstPass(set, threshold);
  const pivotsAtStart = pivotsMade();

  // Relations through each cell.
  const through: number[][] = cells.map(() => []);
  set.relations.forEach((relation, r) => relation.forEach(([k]) => through[k]!.push(r)));

  let repaired = 0;
  let programmes = 0;
  const cache = new Map<number, { cells: number[]; polytope: Polytope }>();
  // Known feasible points: the true values first.
  const pool: Float64Array[] = [Float64Array.from(cells, (c) => c.value)];
  // Rounds: each suppressed cell is checked against the pattern of the round's start or later
  // (intervals only widen as cells are suppressed, so a cell that passes then passes now); a cell
  // that fails gets one partner, unless a relation through it already got one this round, and is
  // checked again in the next round with its partners.
  let pending = cells.map((c, k) => (c.suppressed && !c.hidden ? k : -1)).filter((k) => k >= 0);
  while (pending.length > 0) {
    cache.clear();
    const next: number[] = [];
    const touched = new Set<number>();
    for (const k of pending) {
      if (spreadByPool(pool, k, threshold)) continue;
      if (through[k]!.some((r) => touched.has(r))) {
        next.push(k);
        continue;
      }
      if (programmes >= PROGRAMME_BUDGET || pivotsMade() - pivotsAtStart > PIVOT_BUDGET) {
        withholdAll(set);
        return done(true, repaired, programmes);
      }
      let interval: [number, number];
      try {
        interval = intervalOf(set, k, cache, pool);
      } catch {
        // A programme that does not converge: the set is withheld whole, protected by construction.
        withholdAll(set);
        return done(true, repaired, programmes);
      }
      const [lower, upper] = interval;
      programmes += 2;
      if (upper - lower >= threshold - 1e-6) continue;
      // A zero pinned to 0 discloses what the rule publishes anyway (zeros).
      if (upper === 0) continue;
      const partner = choosePartner(set, k, through, threshold);
      if (partner === undefined) throw new Error(`linked tables: no partner left to protect ${cells[k]!.key} (within [${lower}, ${upper}])`);
      if (process.env.LINKED_DEBUG) console.log(cells[k]!.key, cells[k]!.value, cells[k]!.fixed, [lower, upper], '->', cells[partner]!.key, cells[partner]!.value);
      cells[partner]!.suppressed = true;
      for (const r of through[partner]!) touched.add(r);
      for (const r of through[k]!) touched.add(r);
      repaired++;
      next.push(k, partner);
    }
    pending = next;
  }
  return done(false, repaired, programmes);
}

/**
 * The first pass: `complementWithin` on every two-way table, and a partner in every other relation
 * holding exactly one unknown (a suppressed cell it would give back by one subtraction), until
 * nothing changes.
 */
function firstPass(set: LinkedTables, threshold: number): void {
  for (let changed = true; changed; ) {
    changed = false;
    set.relations.forEach((relation, r) => {
      const unknowns = relation.filter(([k]) => set.cells[k]!.suppressed || set.cells[k]!.hidden);
      const lone = unknowns.length === 1 && !set.cells[unknowns[0]![0]]!.hidden;
      // A published total whose suppressed parts add up to less than the threshold holds each of
      // them within [0, that sum]: too narrow (τ-ARGUS's protection level, one relation at a time).
      const total = set.cells[relation[0]![0]]!;
      const narrow =
        set.sums.has(r) &&
        !total.suppressed &&
        !total.hidden &&
        unknowns.length > 0 &&
        unknowns.every(([k]) => !set.cells[k]!.hidden) &&
        unknowns.some(([k]) => set.cells[k]!.value > 0) &&
        unknowns.reduce((sum, [k]) => sum + set.cells[k]!.value, 0) < threshold;
      if (!lone && !narrow) return;
      const partner = bestPartner(set, [relation], threshold);
      if (partner === undefined) return; // fixed cells only: left to the repair
      set.cells[partner]!.suppressed = true;
      changed = true;
    });
    for (const grid of set.grids) {
      const values = grid.map((row) => row.map((k) => set.cells[k]!.value));
      const hidden = grid.map((row) => row.map((k) => set.cells[k]!.suppressed));
      const fixed = grid.some((row) => row.some((k) => set.cells[k]!.fixed));
      if (fixed) continue; // tables holding fixed cells are left to the repair, which never touches them
      if (!complementWithin(values, hidden)) continue;
      grid.forEach((row, i) =>
        row.forEach((k, j) => {
          if (hidden[i]![j] && !set.cells[k]!.suppressed) {
            set.cells[k]!.suppressed = true;
            changed = true;
          }
        }),
      );
    }
  }
}

/**
 * A published, not fixed cell to suppress next to protect `k`: in the relations through `k`
 * first, else through any unknown connected to it, ranked as described above.
 */
function choosePartner(set: LinkedTables, k: number, through: number[][], threshold: number): number | undefined {
  const bestIn = (relations: number[]) => bestPartner(set, relations.map((r) => set.relations[r]!), threshold);
  const direct = bestIn(through[k]!);
  if (direct !== undefined) return direct;
  // Every relation through k is fully suppressed: widen around the unknowns connected to k.
  const [component] = components(set, k);
  const relations = new Set<number>();
  for (const u of component!.cells) for (const r of through[u]!) relations.add(r);
  return bestIn([...relations].sort((a, b) => a - b));
}

/** The best published, not fixed cell of the given relations (see the ranking above). */
function bestPartner(set: LinkedTables, relations: readonly [number, number][][], threshold: number): number | undefined {
  const { cells } = set;
  let best: number | undefined;
  let bestRank: number[] | undefined;
  for (const relation of relations) {
    const unknowns = relation.filter(([x]) => cells[x]!.suppressed || cells[x]!.hidden).length;
    for (const [c] of relation) {
      const cell = cells[c]!;
      if (cell.suppressed || cell.fixed || cell.hidden) continue;
      const v = cell.value;
      const score = [v === 0 ? 1 : 0, unknowns, cell.margin ? 1 : 0, v >= threshold ? 0 : 1, v, c];
      if (!bestRank || lexLess(score, bestRank)) {
        best = c;
        bestRank = score;
      }
    }
  }
  return best;
}

function lexLess(a: number[], b: number[]): boolean {
  for (let i = 0; i < a.length; i++) if (a[i]! !== b[i]!) return a[i]! < b[i]!;
  return false;
}
