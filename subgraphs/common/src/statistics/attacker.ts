import { STATISTICS_GROUPS } from '../territory';
import { Polytope, type LinearSystem } from './lp';

/**
 * The attacker of secret statistique, for the tests: every table Passerelle publishes for a
 * period, in every territory, read as published (null where suppressed), with the additive
 * relations the attacker knows between them, bounded by linear programming (`lp.ts`). Built from
 * the published tables only, independently of the suppression's own model.
 */
/** The attacker's system: unknowns are the suppressed cells by name; relations are added as Σ a·x = 0 over named cells with published values as constants. */
/** A table as published (what the attacker reads): null values where suppressed. */
export interface PublishedTable {
  columns: readonly string[];
  rows: readonly { label: string; cells: readonly { value: number | null }[]; total: { value: number | null } }[];
  columnTotals: readonly { value: number | null }[];
  total: { value: number | null };
}

export class Attacker {
  readonly known = new Map<string, number>();
  readonly unknown = new Map<string, number>();
  readonly rows: [number, number][][] = [];
  readonly b: number[] = [];

  /**
   * `lenient`: a figure published in one table and suppressed in another is known (what the
   * previous per-table suppression allowed); otherwise that is an error.
   */
  constructor(private readonly lenient = false) {}

  /** Publishes a cell (null: suppressed). A name seen twice must agree. */
  see(name: string, value: number | null): void {
    if (value === null) {
      if (this.known.has(name)) {
        if (this.lenient) return;
        throw new Error(`${name} published and suppressed`);
      }
      if (!this.unknown.has(name)) this.unknown.set(name, this.unknown.size);
    } else {
      if (this.unknown.has(name)) {
        if (!this.lenient) throw new Error(`${name} published and suppressed`);
        this.rows.push([[this.unknown.get(name)!, 1]]);
        this.b.push(value);
        return;
      }
      if (this.known.has(name) && this.known.get(name) !== value) throw new Error(`${name} published twice with different values`);
      this.known.set(name, value);
    }
  }

  /** Hidden quantity ≥ 0 (never published). */
  hidden(name: string): void {
    if (!this.unknown.has(name)) this.unknown.set(name, this.unknown.size);
  }

  relate(terms: [string, number][]): void {
    const row: [number, number][] = [];
    let rhs = 0;
    for (const [name, a] of terms) {
      if (this.known.has(name)) rhs -= a * this.known.get(name)!;
      else if (this.unknown.has(name)) row.push([this.unknown.get(name)!, a]);
      else throw new Error(`unknown cell ${name}`);
    }
    if (row.length === 0) {
      if (Math.abs(rhs) > 1e-9) throw new Error(`published figures do not add up: ${JSON.stringify(terms)} leaves ${rhs}`);
      return;
    }
    this.rows.push(row);
    this.b.push(rhs);
  }

  /** Reads a published table: cells `prefix|row|column`, totals `prefix|row|TOTAL`, `prefix|TOTAL|column`, `prefix|TOTAL|TOTAL`, with its row and column relations. */
  table(prefix: string, t: PublishedTable, names: { row?: (label: string) => string; total?: string } = {}): void {
    const rowName = (label: string) => names.row?.(label) ?? `${prefix}|${label}|TOTAL`;
    const grand = names.total ?? `${prefix}|TOTAL|TOTAL`;
    for (const r of t.rows) {
      r.cells.forEach((c, j) => this.see(`${prefix}|${r.label}|${t.columns[j]}`, c.value));
      this.see(rowName(r.label), r.total.value);
    }
    t.columnTotals.forEach((c, j) => this.see(`${prefix}|TOTAL|${t.columns[j]}`, c.value));
    this.see(grand, t.total.value);
    for (const r of t.rows) this.relate([[rowName(r.label), 1], ...t.columns.map((c) => [`${prefix}|${r.label}|${c}`, -1] as [string, number])]);
    t.columns.forEach((c) => this.relate([[`${prefix}|TOTAL|${c}`, 1], ...t.rows.map((r) => [`${prefix}|${r.label}|${c}`, -1] as [string, number])]));
    this.relate([[grand, 1], ...t.columns.map((c) => [`${prefix}|TOTAL|${c}`, -1] as [string, number])]);
    this.relate([[grand, 1], ...t.rows.map((r) => [rowName(r.label), -1] as [string, number])]);
  }

  /** Every cell of the named tables: département = Σ groups. */
  territories(names: string[]): void {
    for (const name of names) {
      if (!name.startsWith('DEPARTMENT|')) continue;
      const rest = name.slice('DEPARTMENT|'.length);
      this.relate([[name, 1], ...STATISTICS_GROUPS.map((g) => [`${g}|${rest}`, -1] as [string, number])]);
    }
  }

  names(): string[] {
    return [...this.known.keys(), ...this.unknown.keys()];
  }

  /**
   * The narrowest interval of every suppressed cell, by linear programming (each connected group
   * of unknowns on its own). With `enough`, a cell whose known feasible points (the optimal
   * vertices found so far) already spread over `enough` or more is reported with that spread
   * instead, and one with no upper bound as [a feasible value, ∞] (its interval holds either: the
   * check is the same, with fewer programmes).
   */
  bounds(enough = Infinity): Map<string, [number, number]> {
    const n = this.unknown.size;
    const parent = Array.from({ length: n }, (_, k) => k);
    const find = (k: number): number => {
      while (parent[k] !== k) k = parent[k] = parent[parent[k]!]!;
      return k;
    };
    for (const row of this.rows) for (const [k] of row) parent[find(k)] = find(row[0]![0]);
    const groups = new Map<number, number[]>();
    for (let k = 0; k < n; k++) groups.set(find(k), [...(groups.get(find(k)) ?? []), k]);
    const names = [...this.unknown.keys()];
    const out = new Map<string, [number, number]>();
    for (const members of groups.values()) {
      const local = new Map(members.map((k, p) => [k, p]));
      const rows: [number, number][][] = [];
      const b: number[] = [];
      this.rows.forEach((row, r) => {
        if (local.has(row[0]![0])) {
          rows.push(row.map(([k, a]) => [local.get(k)!, a]));
          b.push(this.b[r]!);
        }
      });
      const system: LinearSystem = { n: members.length, rows, b };
      const polytope = new Polytope(system);
      const points: Float64Array[] = [polytope.point()];
      members.forEach((k, p) => {
        let lo = Infinity;
        let hi = -Infinity;
        for (const point of points) {
          lo = Math.min(lo, point[p]!);
          hi = Math.max(hi, point[p]!);
        }
        if (hi - lo >= enough) out.set(names[k]!, [lo, hi]);
        else if (Number.isFinite(enough) && polytope.upper(p, points) === Infinity) out.set(names[k]!, [lo, Infinity]);
        else out.set(names[k]!, polytope.bounds(p, points));
      });
    }
    return out;
  }
}


/**
 * The guarantee on an attacker's system: every suppressed cell (not `hidden`) has upper − lower ≥
 * threshold or is exactly [0, 0] (a zero, which the rule publishes anyway), and no published cell is between 0 and the threshold. Returns the suppressed cells
 * bounded; throws naming the first that is not protected.
 */
export function assertProtected(attacker: Attacker, threshold: number, hidden: (name: string) => boolean = () => false): number {
  const bounds = attacker.bounds(threshold);
  let n = 0;
  for (const [name, [lower, upper]] of bounds) {
    if (hidden(name)) continue;
    n++;
    if (upper === 0) continue; // a zero, which the rule publishes anyway
    if (upper - lower < threshold - 1e-6) throw new Error(`${name} is within [${lower}, ${upper}]`);
  }
  for (const [name, v] of attacker.known) if (v > 0 && v < threshold) throw new Error(`${name} = ${v} is published`);
  return n;
}
