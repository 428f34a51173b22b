import { STATISTICS_GROUPS } from '../territory';
import { blockDays, gridsByTerritory, monthsOf, type StockCount, type TerritoryCount } from './linked-tables';
import { suppressJointly, type SuppressedTable } from './suppression';
import { Attacker, assertProtected as assertProtectedAt } from './attacker';
import { intervals } from './lp';
import { buildLinkedPeriodTables, buildStockFlowTables, stockDaysOf, type TableValue } from './table';

/**
 * The attacker of secret statistique: every table Passerelle publishes for a quarter, in every
 * territory, with every additive relation between them, bounded by linear programming. Built here
 * from the published tables only (null where suppressed), independently of the suppression's own
 * model: for every suppressed cell, upper − lower ≥ threshold.
 */

/** A deterministic generator (mulberry32). */
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TERRITORIES = ['DEPARTMENT', ...STATISTICS_GROUPS] as const;
const THRESHOLD = 5;
const assertProtected = (attacker: Attacker) => assertProtectedAt(attacker, THRESHOLD);

describe('linear programming bounds (the solver)', () => {
  it('agrees with brute force on small tables: every whole-number completion enumerated', () => {
    const rnd = random(7);
    for (let trial = 0; trial < 150; trial++) {
      // A 2×3 table with margins; some entries unknown.
      const cells = [0, 1].map(() => [0, 1, 2].map(() => Math.floor(rnd() * 6)));
      const grid = [...cells.map((r) => [...r, r.reduce((s, v) => s + v, 0)])];
      grid.push([0, 1, 2, 3].map((j) => grid.reduce((s, r) => s + r[j]!, 0)));
      const positions = grid.flatMap((r, i) => r.map((_, j) => [i, j] as [number, number]));
      const unknown = positions.filter(() => rnd() < 0.35).slice(0, 5);
      if (unknown.length === 0) continue;
      const id = new Map(unknown.map(([i, j], k) => [`${i},${j}`, k]));
      const rows: [number, number][][] = [];
      const b: number[] = [];
      const relate = (members: [number, number][], total: [number, number]) => {
        const terms: [number, number][] = [];
        let rhs = 0;
        for (const [p, a] of [[total, 1], ...members.map((m) => [m, -1])] as [[number, number], number][]) {
          const k = id.get(`${p[0]},${p[1]}`);
          if (k === undefined) rhs -= a * grid[p[0]]![p[1]]!;
          else terms.push([k, a]);
        }
        if (terms.length) {
          rows.push(terms);
          b.push(rhs);
        }
      };
      for (let i = 0; i < 3; i++) relate([0, 1, 2].map((j) => [i, j]), [i, 3]);
      for (let j = 0; j < 4; j++) relate([0, 1].map((i) => [i, j]), [2, j]);
      const lp = intervals({ n: unknown.length, rows, b });
      // Brute force over whole numbers 0..grand total.
      const max = grid[2]![3]!;
      const lo = unknown.map(() => Infinity);
      const hi = unknown.map(() => -Infinity);
      const x = unknown.map(() => 0);
      const walk = (k: number) => {
        if (k === unknown.length) {
          if (rows.every((row, r) => row.reduce((s, [p, a]) => s + a * x[p]!, 0) === b[r])) x.forEach((v, p) => ((lo[p] = Math.min(lo[p]!, v)), (hi[p] = Math.max(hi[p]!, v))));
          return;
        }
        for (let v = 0; v <= max; v++) {
          x[k] = v;
          walk(k + 1);
        }
      };
      walk(0);
      // Unbounded in the LP only when no relation bounds it; here the grand total may be unknown too.
      lp.forEach(([l, h], p) => {
        expect(l).toBe(lo[p]);
        if (Number.isFinite(h)) expect(h).toBe(hi[p]);
        else expect(id.has('2,3')).toBe(true); // unbounded only when the grand total is unknown too
      });
    }
  });
});

/** A random quarter of concerns: per group, month, and three classifications of the same concerns. */
function concernWorld(seed: number, scale: number) {
  const rnd = random(seed);
  const columns = { SOURCE: ['A', 'B', 'C', 'D'], CHANNEL: ['P', 'M', 'W'], OUTCOME: ['X', 'Y', 'Z'] } as const;
  const counts: Record<keyof typeof columns, TerritoryCount[]> = { SOURCE: [], CHANNEL: [], OUTCOME: [] };
  for (const g of STATISTICS_GROUPS) {
    for (const month of monthsOf('2030-Q1')) {
      // Each concern gets a value in each classification; small groups and rare values make small cells.
      const n = Math.floor(rnd() * scale * (g === 'OTHER' ? 0.2 : 1));
      for (let k = 0; k < n; k++) {
        for (const dim of Object.keys(columns) as (keyof typeof columns)[]) {
          const cs = columns[dim];
          const u = rnd();
          const column = cs[Math.min(cs.length - 1, Math.floor(u * u * cs.length))]!;
          counts[dim].push({ row: month, column, territory: g, n: 1 });
        }
      }
    }
  }
  return { columns, counts };
}

const PERIOD = { from: '2030-01-01', to: '2030-03-31', granularity: 'MONTH' as const };

/** Publishes the three concern tables for every territory, as the API does, into an attacker. */
function attackConcerns(seed: number, scale: number): Attacker {
  const { columns, counts } = concernWorld(seed, scale);
  const attacker = new Attacker();
  for (const territory of TERRITORIES) {
    const specs = (Object.keys(columns) as (keyof typeof columns)[]).map((dim) => ({ name: dim, dimension: dim, columns: columns[dim], counts: counts[dim] }));
    const tables = buildLinkedPeriodTables(PERIOD, specs, THRESHOLD, territory, 'concerns');
    // The same concerns: a month's total and the quarter's total are one figure in the three tables.
    tables.forEach((t, k) => attacker.table(`${territory}|${specs[k]!.name}`, t, { row: (label) => `${territory}|concerns|${label}`, total: `${territory}|concerns|TOTAL` }));
    // Per quarter too (the quarter row is the column totals: the same figures, nothing new).
    const quarterly = buildLinkedPeriodTables({ ...PERIOD, granularity: 'QUARTER' }, specs, THRESHOLD, territory, 'concerns');
    quarterly.forEach((t, k) => {
      const monthly = tables[k]!;
      expect(t.rows[0]!.cells).toEqual(monthly.columnTotals);
      expect(t.rows[0]!.total).toEqual(monthly.total);
    });
  }
  attacker.territories(attacker.names());
  return attacker;
}

describe('linked suppression against the linear-programming attacker (random worlds)', () => {
  it('the three concern tables × every territory × the months and the quarter: every suppressed cell keeps an interval ≥ the threshold', () => {
    let bounded = 0;
    for (let seed = 1; seed <= 8; seed++) bounded += assertProtected(attackConcerns(seed, [3, 8, 20, 60][seed % 4]!));
    expect(bounded).toBeGreaterThan(40); // not vacuous
  }, 300_000);

  it('the attack of the issue: tables suppressed one by one (as before) let the attacker pin small cells exactly through the totals they share; the linked suppression of the same worlds does not', () => {
    // Before: each concern table suppressed on its own (suppressJointly across the territories, per
    // quarter), so a month's total could be published in one table and suppressed in another, and
    // with the quarter total a suppressed cell came back. The attacker reads the same figures.
    const TERRITORY = { whole: 0, parts: STATISTICS_GROUPS.map((_, k) => k + 1) };
    const months = monthsOf('2030-Q1');
    const asTable = (t: SuppressedTable, columns: readonly string[]): TableValue => ({
      rowDimension: 'MONTH',
      columnDimension: 'X',
      columns: [...columns],
      rows: months.map((label, i) => ({ label, cells: t.cells[i]!.map((v) => ({ value: v, suppressed: v === null })), total: { value: t.rowTotals[i]!, suppressed: t.rowTotals[i] === null } })),
      columnTotals: t.columnTotals.map((v) => ({ value: v, suppressed: v === null })),
      total: { value: t.total, suppressed: t.total === null },
      threshold: THRESHOLD,
    });
    let pinned = 0;
    let worlds = 0;
    for (let seed = 100; seed < 160 && pinned < 3; seed++) {
      const { columns, counts } = concernWorld(seed, 20);
      const dims = Object.keys(columns) as (keyof typeof columns)[];
      const old = new Attacker(true);
      for (const dim of dims) {
        const grids = gridsByTerritory(months, columns[dim], counts[dim]);
        const { tables } = suppressJointly(TERRITORIES.map((t) => grids.get(t)!), TERRITORY, THRESHOLD, columns[dim].length);
        TERRITORIES.forEach((territory, k) => old.table(`${territory}|${dim}`, asTable(tables[k]!, columns[dim]), { row: (label) => `${territory}|concerns|${label}`, total: `${territory}|concerns|TOTAL` }));
      }
      old.territories(old.names());
      const exact = [...old.bounds()].filter(([name, [lower, upper]]) => upper - lower < 0.5 && lower > 0 && lower < THRESHOLD && !name.includes('TOTAL'));
      if (exact.length === 0) continue;
      worlds++;
      pinned += exact.length;
      // The same world, linked: every suppressed cell keeps an interval at least the threshold wide.
      assertProtected(attackConcerns(seed, 20));
    }
    expect(worlds).toBeGreaterThan(0);
  });

  it('stocks at month ends and the months’ entries and exits: a suppressed exit no longer comes back', () => {
    let bounded = 0;
    for (let seed = 1; seed <= 3; seed++) {
      const rnd = random(1000 + seed);
      const kinds = ['K1', 'K2', 'K3'];
      const sexes = ['F', 'M'];
      const quarters = ['2030-Q1', '2030-Q2'];
      // A world of measures: each with a start and maybe an end (days as month indices: 0 = before).
      const stocks: StockCount[] = [];
      const entries: TerritoryCount[] = [];
      const exits: TerritoryCount[] = [];
      const days = stockDaysOf(quarters, true);
      const months = quarters.flatMap(monthsOf);
      const scale = [4, 10, 40][seed % 3]!;
      for (const g of STATISTICS_GROUPS) {
        const n = Math.floor(rnd() * scale * (g === 'OTHER' ? 0.3 : 1)) + 1;
        for (let k = 0; k < n; k++) {
          const kind = kinds[Math.floor(rnd() * rnd() * kinds.length)]!;
          const sex = sexes[Math.floor(rnd() * 2)]!;
          const start = Math.floor(rnd() * (months.length + 1)) - 1; // −1: before the first month
          const end = rnd() < 0.5 ? start + 1 + Math.floor(rnd() * months.length) : Infinity; // the month it leaves
          if (start >= 0) entries.push({ row: months[start]!, column: kind, territory: g, n: 1 });
          if (end < months.length) exits.push({ row: months[end]!, column: kind, territory: g, n: 1 });
          // In force at the end of month d (d = −1: the day before the first month) when start ≤ d < end.
          days.forEach((day, d) => {
            if (start <= d - 1 && d - 1 < end) stocks.push({ day, row: kind, column: sex, territory: g, n: 1 });
          });
        }
      }
      const spec = { stock: { rows: kinds, columns: sexes }, stocks, entries, exits, monthly: true, flowDimension: 'KIND', stockDimensions: { rows: 'KIND', columns: 'SEX' } };
      const attacker = new Attacker();
      for (const territory of TERRITORIES) {
        const period = { from: '2030-01-01', to: '2030-06-30', granularity: 'MONTH' as const };
        const built = buildStockFlowTables(period, spec, THRESHOLD, territory);
        attacker.table(`${territory}|entries`, built.entries);
        attacker.table(`${territory}|exits`, built.exits!);
        for (const day of days) attacker.table(`${territory}|stock|${day}`, built.stockAt(day));
        // Both quarters alone give the same figures (a quarter's pattern does not depend on the period).
        const q2 = buildStockFlowTables({ from: '2030-04-01', to: '2030-06-30', granularity: 'MONTH' }, spec, THRESHOLD, territory);
        expect(q2.entries.rows).toEqual(built.entries.rows.slice(3));
        expect(q2.stockAt('2030-05-31')).toEqual(built.stockAt('2030-05-31'));
      }
      // stock(end of month) = stock(end of the month before) + entries − exits, per kind.
      for (const territory of TERRITORIES) {
        months.forEach((month, k) => {
          for (const kind of kinds) {
            attacker.relate([
              [`${territory}|stock|${days[k + 1]}|${kind}|TOTAL`, 1],
              [`${territory}|stock|${days[k]}|${kind}|TOTAL`, -1],
              [`${territory}|entries|${month}|${kind}`, -1],
              [`${territory}|exits|${month}|${kind}`, 1],
            ]);
          }
        });
      }
      attacker.territories(attacker.names());
      bounded += assertProtected(attacker);
      expect(blockDays('2030-Q1', true)).toEqual(['2029-12-31', '2030-01-31', '2030-02-28', '2030-03-31']);
    }
    expect(bounded).toBeGreaterThan(10);
  }, 300_000);
});
