import { recomputableEntries, suppressTable } from './suppression';

const X = null;

describe('suppressTable (secret statistique)', () => {
  it('publishes a table with no small cell unchanged, margins included', () => {
    const t = suppressTable(
      [
        [10, 20],
        [30, 40],
      ],
      5,
    );
    expect(t.cells).toEqual([
      [10, 20],
      [30, 40],
    ]);
    expect(t.rowTotals).toEqual([30, 70]);
    expect(t.columnTotals).toEqual([40, 60]);
    expect(t.total).toBe(100);
    expect(t.suppressed.total).toBe(false);
  });

  it('publishes zeros: an empty cell discloses nobody', () => {
    const t = suppressTable(
      [
        [0, 20],
        [0, 40],
      ],
      5,
    );
    expect(t.cells).toEqual([
      [0, 20],
      [0, 40],
    ]);
    expect(t.columnTotals).toEqual([0, 60]);
  });

  it('the classic case: a lone small cell gets a partner in its row AND in its column, closing the cheapest rectangle', () => {
    //            c0  c1  c2 | total
    //   r0        2  10  12 |  24
    //   r1        8   9  11 |  28
    //   r2        7  14  20 |  41
    //   total    17  33  43 |  93
    // Primary: r0c0 (2). Alone in its row, 24 - 10 - 12 gives it back; alone in its column,
    // 17 - 8 - 7 does. It needs a partner in its row AND one in its column, and those partners
    // need each other's corner: a rectangle. The cheapest (smallest values hidden) is
    // r0c1 (10), r1c0 (8), r1c1 (9): 27, against 31 for the two others.
    const t = suppressTable(
      [
        [2, 10, 12],
        [8, 9, 11],
        [7, 14, 20],
      ],
      5,
    );
    expect(t.cells).toEqual([
      [X, X, 12],
      [X, X, 11],
      [7, 14, 20],
    ]);
    expect(t.rowTotals).toEqual([24, 28, 41]);
    expect(t.columnTotals).toEqual([17, 33, 43]);
    expect(t.total).toBe(93);
    expect(recomputableEntries(t)).toEqual([]);
  });

  it('suppresses a small margin too, and protects it in the totals line', () => {
    //            c0  c1 | total
    //   r0        1   2 |   3   ← all three primary
    //   r1       10  10 |  20
    //   total    11  12 |  23
    const t = suppressTable(
      [
        [1, 2],
        [10, 10],
      ],
      5,
    );
    expect(t.cells).toEqual([
      [X, X],
      [X, X],
    ]);
    expect(t.rowTotals).toEqual([X, X]);
    expect(t.columnTotals).toEqual([11, 12]);
    expect(t.total).toBe(23);
    expect(recomputableEntries(t)).toEqual([]);
  });

  it('avoids zeros as partners: a suppressed zero would pin the small cell to a narrow interval', () => {
    //            c0  c1  c2 | total
    //   r0        6   2   0 |   8     r0c1 (2) primary
    //   r1        7   8   0 |  15
    //   r2        5   0   9 |  14
    // Through r2 the rectangle would hide r2c1 = 0: r0c1 = 10 - 8 - r2c1 ≤ 2 would leak. Through r1: no zero.
    const t = suppressTable(
      [
        [6, 2, 0],
        [7, 8, 0],
        [5, 0, 9],
      ],
      5,
    );
    expect(t.cells).toEqual([
      [X, X, 0],
      [X, X, 0],
      [5, 0, 9],
    ]);
    expect(recomputableEntries(t)).toEqual([]);
  });

  it('a one-column table: the row total equals the cell, so a second row is suppressed', () => {
    const t = suppressTable([[3], [10], [12]], 5);
    expect(t.cells).toEqual([[X], [X], [12]]);
    expect(t.rowTotals).toEqual([X, X, 12]);
    expect(t.columnTotals).toEqual([25]);
    expect(recomputableEntries(t)).toEqual([]);
  });

  it('honours the threshold: 5 is published at 5, suppressed at 6', () => {
    expect(suppressTable([[5, 9], [9, 9]], 5).cells[0]![0]).toBe(5);
    expect(suppressTable([[5, 9], [9, 9]], 6).cells[0]![0]).toBeNull();
  });

  it('on random tables: every small entry is suppressed and no suppressed entry stands alone in a line', () => {
    let seed = 42;
    const next = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let k = 0; k < 300; k++) {
      const m = 1 + Math.floor(next() * 6);
      const n = 1 + Math.floor(next() * 6);
      const counts = Array.from({ length: m }, () => Array.from({ length: n }, () => Math.floor(next() * next() * 30)));
      const t = suppressTable(counts, 5);
      counts.forEach((row, i) =>
        row.forEach((v, j) => {
          if (v > 0 && v < 5) expect(t.cells[i]![j]).toBeNull();
          if (!t.suppressed.cells[i]![j]) expect(t.cells[i]![j]).toBe(v);
        }),
      );
      t.rowTotals.forEach((v) => v !== null && expect(v === 0 || v >= 5).toBe(true));
      t.columnTotals.forEach((v) => v !== null && expect(v === 0 || v >= 5).toBe(true));
      expect(recomputableEntries(t)).toEqual([]);
    }
  });

  it('refuses what is not a table of counts', () => {
    expect(() => suppressTable([[1, 2], [3]], 5)).toThrow('same number of cells');
    expect(() => suppressTable([[-1]], 5)).toThrow('whole numbers');
  });
});
