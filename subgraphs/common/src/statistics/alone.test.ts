import { Attacker, assertProtected } from './attacker';
import { buildAloneTable, buildTable, type TableValue } from './table';

/**
 * A table published alone (the activity report's end reasons, PPE and situation report
 * timeliness): suppressed as a linked set of its own, its fixed margins keeping the pattern they
 * have in the statistics. The attacker reads it as published and bounds every suppressed cell by
 * linear programming; every interval must be at least the threshold wide.
 */

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

const THRESHOLD = 5;
const ROWS = ['A', 'B', 'C', 'D', 'E', 'F'];
const COLUMNS = ['X', 'Y', 'Z', 'W'];

function table(counts: number[][], fixed: { rows: (boolean | null)[]; total: boolean | null } | null = null): TableValue {
  const cells = counts.flatMap((row, i) => row.map((n, j) => ({ row: ROWS[i]!, column: COLUMNS[j]!, n })));
  return buildAloneTable({ rows: 'KIND', columns: 'STATE' }, ROWS.slice(0, counts.length), COLUMNS, cells, THRESHOLD, fixed);
}

describe('a table published alone', () => {
  it('leaves every suppressed cell an interval at least the threshold wide, on random tables of small counts', () => {
    const rnd = random(13);
    let bounded = 0;
    for (let trial = 0; trial < 60; trial++) {
      const counts = ROWS.map(() => COLUMNS.map(() => (rnd() < 0.4 ? 0 : Math.floor(rnd() * (rnd() < 0.5 ? 5 : 60)))));
      const attacker = new Attacker();
      attacker.table('t', table(counts));
      bounded += assertProtected(attacker, THRESHOLD);
    }
    expect(bounded).toBeGreaterThan(0);
  });

  it('the case line-by-line suppression left open: two small row totals found by the grand total', () => {
    // Rows 4 and 6 hold one small count each; every other row is published in full. Line by line,
    // both suppressed rows add up to the grand total minus the published rows: [0, 3] each.
    const counts = [
      [67, 0, 1, 0],
      [53, 0, 0, 0],
      [28, 0, 0, 0],
      [2, 0, 0, 0],
      [108, 0, 1, 0],
      [1, 0, 0, 0],
    ];
    const attacker = new Attacker();
    attacker.table('t', table(counts));
    expect(assertProtected(attacker, THRESHOLD)).toBeGreaterThan(0);
    // The one-table rule alone (no line with a lone suppression) is not enough here.
    const lineByLine = new Attacker();
    const cells = counts.flatMap((row, i) => row.map((n, j) => ({ row: ROWS[i]!, column: COLUMNS[j]!, n })));
    lineByLine.table('t', buildTable({ rows: 'KIND', columns: 'STATE' }, ROWS, COLUMNS, cells, THRESHOLD));
    expect(() => assertProtected(lineByLine, THRESHOLD)).toThrow(/is within/);
  });

  it('keeps its fixed totals’ pattern: suppressed where the statistics withhold them, published where they publish them', () => {
    const counts = [
      [20, 9, 0, 0],
      [12, 0, 0, 0],
      [3, 30, 0, 0],
      [40, 2, 0, 0],
    ];
    const t = table(counts, { rows: [true, false, null, false], total: true });
    expect(t.rows[0]!.total).toEqual({ value: null, suppressed: true });
    expect(t.rows[1]!.total).toEqual({ value: 12, suppressed: false });
    expect(t.rows[3]!.total).toEqual({ value: 42, suppressed: false });
    expect(t.total).toEqual({ value: null, suppressed: true });
    const attacker = new Attacker();
    attacker.table('t', t);
    expect(assertProtected(attacker, THRESHOLD)).toBeGreaterThan(0);
  });

  it('is exact with threshold 0', () => {
    const t = buildAloneTable({ rows: 'KIND', columns: 'STATE' }, ['A', 'B'], ['X', 'Y'], [{ row: 'A', column: 'X', n: 1 }, { row: 'B', column: 'Y', n: 2 }], 0);
    expect(t.rows.map((r) => r.cells.map((c) => c.value))).toEqual([
      [1, 0],
      [0, 2],
    ]);
    expect(t.total).toEqual({ value: 3, suppressed: false });
  });
});
