/**
 * A small exact-enough linear programme solver for the protection intervals of suppressed cells:
 * over the unknowns x ≥ 0 of a system A·x = b, the least and the greatest value each unknown can
 * take (the bounds an attacker gets by linear programming from every published relation).
 *
 * Dense two-phase simplex on a tableau, Bland's rule (no cycling on the many degenerate vertices
 * tables of counts give), one phase 1 for the system then one phase 2 per bound from a copy of
 * its feasible tableau. Coefficients are small integers (±1) and right-hand sides are counts, so
 * floating point with a tolerance is enough: the bounds found are vertices of an integral-ish
 * system, rounded to 1e-6. A few hundred unknowns and relations take milliseconds.
 *
 * These are the bounds of the linear relaxation (real values), as τ-ARGUS computes them; an
 * attacker solving for whole numbers can only be tighter by rounding (the bound itself is rounded
 * to the nearest whole number when within the tolerance, never inwards otherwise).
 */

const EPS = 1e-9;

/** Pivots made so far in this process (a deterministic measure of work, for budgets). */
let pivotCount = 0;
export const pivotsMade = () => pivotCount;

export interface LinearSystem {
  /** Number of unknowns (all ≥ 0). */
  n: number;
  /** Rows of A as sparse terms [unknown, coefficient]. */
  rows: readonly (readonly (readonly [number, number])[])[];
  /** Right-hand sides. */
  b: readonly number[];
}

export class Infeasible extends Error {}

/** The feasible tableau of a system after phase 1 (artificials driven out, redundant rows dropped). */
class Tableau {
  constructor(
    /** Rows, each n + 1 long (last: the right-hand side). */
    readonly t: Float64Array[],
    readonly basis: number[],
    readonly n: number,
  ) {}

  copy(): Tableau {
    return new Tableau(
      this.t.map((r) => Float64Array.from(r)),
      [...this.basis],
      this.n,
    );
  }
}

function pivot(rows: Float64Array[], cost: Float64Array | null, r: number, c: number): void {
  pivotCount++;
  const pr = rows[r]!;
  const w = pr.length;
  const p = pr[c]!;
  // The pivot row's non-zero columns only: tables of counts keep the tableau sparse.
  const nz: number[] = [];
  for (let j = 0; j < w; j++) {
    if (pr[j] !== 0) {
      pr[j]! /= p;
      nz.push(j);
    }
  }
  pr[c] = 1;
  const update = (row: Float64Array) => {
    const f = row[c]!;
    if (f === 0) return;
    if (Math.abs(f) < EPS) {
      row[c] = 0;
      return;
    }
    for (const j of nz) {
      const v = row[j]! - f * pr[j]!;
      row[j] = Math.abs(v) < 1e-12 ? 0 : v;
    }
    row[c] = 0;
  };
  for (let i = 0; i < rows.length; i++) if (i !== r) update(rows[i]!);
  if (cost) update(cost);
}

/**
 * Minimises cost·x over the tableau's columns `0..limit-1` from its feasible basis: the most
 * negative reduced cost enters (Dantzig), and after a run of degenerate pivots Bland's rule
 * (the first negative one, ties to the smallest basic index), which cannot cycle.
 * `cost` is the reduced-cost row (length of a tableau row; its last entry −z). Returns false when
 * unbounded.
 */
function run(rows: Float64Array[], basis: number[], cost: Float64Array, limit: number): boolean {
  const last = cost.length - 1;
  let degenerate = 0;
  let bland = false;
  for (let iteration = 0; ; iteration++) {
    if (iteration > 50_000) throw new Error('lp: too many iterations');
    // Once degenerate pivots run long, Bland's rule for good (rounding must not bring Dantzig back into a cycle).
    if (degenerate > 30) bland = true;
    let enter = -1;
    let most = -EPS;
    for (let j = 0; j < limit; j++) {
      if (cost[j]! < most) {
        enter = j;
        if (bland) break;
        most = cost[j]!;
      }
    }
    if (enter < 0) return true;
    let leave = -1;
    let best = Infinity;
    for (let i = 0; i < rows.length; i++) {
      const a = rows[i]![enter]!;
      if (a > EPS) {
        const ratio = rows[i]![last]! / a;
        if (ratio < best - EPS || (Math.abs(ratio - best) <= EPS && basis[i]! < basis[leave]!)) {
          best = ratio;
          leave = i;
        }
      }
    }
    if (leave < 0) return false;
    degenerate = best < EPS ? degenerate + 1 : 0;
    pivot(rows, cost, leave, enter);
    basis[leave] = enter;
  }
}

/** Phase 1: a feasible basis of A·x = b, x ≥ 0, or Infeasible. */
function phase1(system: LinearSystem): Tableau {
  const { n, rows: sparse, b } = system;
  const m = sparse.length;
  const width = n + m + 1;
  const rows: Float64Array[] = [];
  for (let i = 0; i < m; i++) {
    const row = new Float64Array(width);
    const sign = b[i]! < 0 ? -1 : 1;
    for (const [j, a] of sparse[i]!) row[j]! += sign * a;
    row[n + i] = 1;
    row[width - 1] = sign * b[i]!;
    rows.push(row);
  }
  const basis = Array.from({ length: m }, (_, i) => n + i);
  // Minimise Σ artificials: reduced costs −Σ rows over the original columns.
  const cost = new Float64Array(width);
  for (const row of rows) {
    for (let j = 0; j < n; j++) cost[j]! -= row[j]!;
    cost[width - 1]! -= row[width - 1]!;
  }
  run(rows, basis, cost, n + m);
  // Tolerance relative to the size of the counts (rounding grows with them over many pivots).
  const scale = 1 + b.reduce((sum, v) => sum + Math.abs(v), 0);
  if (-cost[width - 1]! > 1e-9 * scale) throw new Infeasible('lp: the system has no solution with every unknown ≥ 0');
  // Drive the artificials still basic (at zero) out, or drop their redundant rows.
  for (let i = rows.length - 1; i >= 0; i--) {
    if (basis[i]! < n) continue;
    let c = -1;
    for (let j = 0; j < n; j++) {
      if (Math.abs(rows[i]![j]!) > 1e-7) {
        c = j;
        break;
      }
    }
    if (c < 0) {
      rows.splice(i, 1);
      basis.splice(i, 1);
    } else {
      pivot(rows, null, i, c);
      basis[i] = c;
    }
  }
  // Keep the original columns and the right-hand side only.
  const trimmed = rows.map((r) => {
    const out = new Float64Array(n + 1);
    out.set(r.subarray(0, n));
    out[n] = r[width - 1]!;
    return out;
  });
  return new Tableau(trimmed, basis, n);
}

/**
 * min (sign = 1) or max (sign = −1) of x_k from a feasible tableau; ±Infinity when unbounded.
 * `point` (when given, n long) receives the optimal vertex when the optimum is finite.
 */
function optimise(feasible: Tableau, k: number, sign: 1 | -1, point?: Float64Array): number {
  const { t: rows, basis, n } = feasible.copy();
  const cost = new Float64Array(n + 1);
  cost[k] = sign;
  // Reduced costs: subtract the basic columns' costs.
  const at = basis.indexOf(k);
  if (at >= 0) {
    const row = rows[at]!;
    for (let j = 0; j <= n; j++) cost[j]! -= sign * row[j]!;
    cost[k] = 0;
  }
  if (!run(rows, basis, cost, n)) return sign === 1 ? -Infinity : Infinity;
  if (point) {
    point.fill(0);
    basis.forEach((j, i) => (point[j] = rows[i]![n]!));
  }
  const value = sign * -cost[n]!;
  const whole = Math.round(value);
  return Math.abs(value - whole) < 1e-6 ? whole : value;
}

/** A system solved once (phase 1), then bounded unknown by unknown. Throws `Infeasible` when it has no solution. */
export class Polytope {
  private readonly feasible: Tableau;
  constructor(readonly system: LinearSystem) {
    this.feasible = phase1(system);
  }

  /** A feasible point (the basic solution phase 1 found). */
  point(): Float64Array {
    const x = new Float64Array(this.system.n);
    this.feasible.basis.forEach((j, i) => (x[j] = this.feasible.t[i]![this.system.n]!));
    return x;
  }

  /** max of unknown k (Infinity when unbounded); its optimal vertex into `vertices` when finite. */
  upper(k: number, vertices?: Float64Array[]): number {
    const high = new Float64Array(this.system.n);
    const value = optimise(this.feasible, k, -1, high);
    if (vertices && Number.isFinite(value)) vertices.push(high);
    return value;
  }

  /**
   * [min, max] of unknown k; max is Infinity when nothing bounds it above. `vertices`, when given,
   * receives the optimal vertices found (feasible points of the system).
   */
  bounds(k: number, vertices?: Float64Array[]): [number, number] {
    const low = new Float64Array(this.system.n);
    const high = new Float64Array(this.system.n);
    const lower = optimise(this.feasible, k, 1, low);
    const upper = optimise(this.feasible, k, -1, high);
    if (vertices) {
      vertices.push(low);
      if (Number.isFinite(upper)) vertices.push(high);
    }
    return [Math.max(0, lower), upper];
  }
}

/**
 * The interval [min, max] of each unknown in `of` (all by default) over A·x = b, x ≥ 0: what
 * linear programming gives an attacker. max is Infinity when nothing bounds the unknown above.
 * Throws `Infeasible` when the system has no solution.
 */
export function intervals(system: LinearSystem, of?: readonly number[]): [number, number][] {
  const polytope = new Polytope(system);
  return (of ?? Array.from({ length: system.n }, (_, k) => k)).map((k) => polytope.bounds(k));
}
