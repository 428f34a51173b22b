import { recomputableAcross, suppressJointly, suppressTable } from './suppression';

/** Département = Σ groups: table 0 is the whole, the others its parts. */
const sumOf = (parts: number[][][]) => parts[0]!.map((row, i) => row.map((_, j) => parts.reduce((s, p) => s + p[i]![j]!, 0)));
const relationOf = (k: number) => ({ whole: 0, parts: Array.from({ length: k }, (_, x) => x + 1) });

describe('suppressJointly (the département and the groups that partition it)', () => {
  it('the classic case: a group’s small cell with everything else published gets a partner group cell at the same position, whose row and column are then protected', () => {
    // Group A has a 2 at (0, 0); its own rows and columns are protected by suppressTable alone.
    // Département (0, 0) = 2 + 9 + 15 = 26 and B (9), C (15) published: 26 − 9 − 15 = 2 gave it back.
    const a = [
      [2, 30, 40],
      [30, 30, 30],
      [30, 30, 30],
    ];
    const b = [
      [9, 20, 20],
      [20, 20, 20],
      [20, 20, 20],
    ];
    const c = [
      [15, 25, 25],
      [25, 25, 25],
      [25, 25, 25],
    ];
    // Alone, the département and B, C publish every cell: each table on its own is fine.
    expect(suppressTable(sumOf([a, b, c]), 5).suppressed.cells[0]![0]).toBe(false);
    expect(suppressTable(b, 5).suppressed.cells.flat().some(Boolean)).toBe(false);

    const { tables } = suppressJointly([sumOf([a, b, c]), a, b, c], relationOf(3), 5);
    const [, ta, tb] = tables;
    expect(ta!.suppressed.cells[0]![0]).toBe(true);
    // The partner at (0, 0): the smallest non-zero published group cell, B's 9 (not C's 15).
    expect(tb!.suppressed.cells[0]![0]).toBe(true);
    // B's row 0 and column 0 then hold at least two suppressed entries each (the within-table pass).
    expect(tb!.suppressed.cells[0]!.filter(Boolean).length + (tb!.suppressed.rowTotals[0] ? 1 : 0)).toBeGreaterThanOrEqual(2);
    expect(tb!.suppressed.cells.filter((r) => r[0]).length + (tb!.suppressed.columnTotals[0] ? 1 : 0)).toBeGreaterThanOrEqual(2);
    expect(recomputableAcross(tables, relationOf(3))).toEqual([]);
    // Published values are the true ones.
    expect(tables[0]!.total).toBe(sumOf([a, b, c]).flat().reduce((s, v) => s + v, 0));
  });

  it('a margin: a group’s small grand total (and row and column totals) gets partners among the other groups’ totals', () => {
    const a = [
      [1, 1],
      [0, 0],
    ];
    const b = [
      [10, 12],
      [11, 13],
    ];
    const c = [
      [20, 30],
      [40, 50],
    ];
    const { tables } = suppressJointly([sumOf([a, b, c]), a, b, c], relationOf(3), 5);
    const [d, ta, tb, tc] = tables;
    expect(ta!.suppressed.total).toBe(true);
    // A's total (2) was the département's minus B's and C's: one of them goes too — B's (46 < 140).
    expect(tb!.suppressed.total).toBe(true);
    expect(tc!.suppressed.total).toBe(false);
    expect(d!.total).toBe(2 + 46 + 140);
    expect(recomputableAcross(tables, relationOf(3))).toEqual([]);
  });

  it('needs several rounds: each cross-territory partner opens lines that the within-table pass closes, which opens new positions', () => {
    const a = [
      [2, 40, 40],
      [40, 40, 40],
    ];
    const b = [
      [6, 7, 50],
      [8, 50, 50],
    ];
    const c = [
      [30, 30, 30],
      [30, 30, 30],
    ];
    const { tables, rounds } = suppressJointly([sumOf([a, b, c]), a, b, c], relationOf(3), 5);
    expect(rounds).toBeGreaterThanOrEqual(3);
    expect(recomputableAcross(tables, relationOf(3))).toEqual([]);
    // B took A's partner at (0, 0), then its rectangle (6, 7, 8, 50 → the cheapest), whose
    // positions needed partners in turn.
    expect(tables[2]!.suppressed.cells[0]![0]).toBe(true);
  });

  it('is a function of the data: the same tables give the same pattern, run after run', () => {
    const a = [[2, 9], [7, 30]];
    const b = [[5, 3], [20, 30]];
    const first = suppressJointly([sumOf([a, b]), a, b], relationOf(2), 5).tables;
    const again = suppressJointly([sumOf([a, b]), a, b], relationOf(2), 5).tables;
    expect(again).toEqual(first);
  });

  it('refuses a whole that is not the sum of its parts', () => {
    expect(() => suppressJointly([[[3]], [[1]], [[1]]], relationOf(2), 5)).toThrow(/not the sum/);
  });

  it('property: for 300 random sets of tables, no suppressed entry comes back by one subtraction along a row, a column or the territory relation', () => {
    // mulberry32: deterministic.
    let seed = 20261126;
    const rand = () => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = seed;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    const int = (k: number) => Math.floor(rand() * k);
    let suppressedSomewhere = 0;
    for (let run = 0; run < 300; run++) {
      const k = 2 + int(3);
      const m = 1 + int(4);
      const n = 1 + int(4);
      // Many small values and zeros, some large.
      const value = () => [0, 0, 1, 2, 3, 4, 5, 6, 8, 12, 20, 40][int(12)]!;
      const parts = Array.from({ length: k }, () => Array.from({ length: m }, () => Array.from({ length: n }, value)));
      const tables = [sumOf(parts), ...parts];
      const { tables: out } = suppressJointly(tables, relationOf(k), 5);
      expect(recomputableAcross(out, relationOf(k))).toEqual([]);
      out.forEach((t, x) => {
        t.cells.forEach((row, i) =>
          row.forEach((v, j) => {
            const truth = tables[x]![i]![j]!;
            // Primary cells are suppressed; what is published is the true count.
            if (truth > 0 && truth < 5) expect(t.suppressed.cells[i]![j]).toBe(true);
            if (!t.suppressed.cells[i]![j]) expect(v).toBe(truth);
            else suppressedSomewhere++;
          }),
        );
      });
    }
    expect(suppressedSomewhere).toBeGreaterThan(300);
  });
});

describe('recomputableAcross (the checker)', () => {
  it('finds a lone suppressed entry in the territory relation', () => {
    const visible = suppressTable([[10, 10]], 5);
    const hiddenOne = suppressTable([[10, 10]], 5);
    hiddenOne.suppressed.cells[0]![0] = true;
    hiddenOne.suppressed.cells[0]![1] = true;
    hiddenOne.suppressed.rowTotals[0] = true;
    hiddenOne.suppressed.columnTotals[0] = true;
    hiddenOne.suppressed.columnTotals[1] = true;
    hiddenOne.suppressed.total = true;
    // Within its table every line holds 0 or ≥ 2 suppressed entries, but across: alone at each position.
    const found = recomputableAcross([visible, hiddenOne, visible], { whole: 0, parts: [1, 2] });
    expect(found).toContain('territory relation at row 0, column 0: table 1');
    expect(recomputableAcross([visible, visible, visible], { whole: 0, parts: [1, 2] })).toEqual([]);
  });
});
