import { bucketOf, buckets, checkMonthEnd, checkPeriod } from './period';
import { buildPeriodTable, numberOver, type TableValue } from './table';

describe('statistics periods and territories', () => {
  it('cuts a period into months or quarters, empty ones included', () => {
    expect(buckets(checkPeriod({ from: '2025-10-01', to: '2026-03-31' }))).toEqual(['2025-10', '2025-11', '2025-12', '2026-01', '2026-02', '2026-03']);
    expect(buckets(checkPeriod({ from: '2025-10-01', to: '2026-06-30', granularity: 'QUARTER' }))).toEqual(['2025-Q4', '2026-Q1', '2026-Q2']);
    expect(bucketOf('2026-09-30', 'QUARTER')).toBe('2026-Q3');
  });

  it('refuses a reversed or too long period, naming the argument', () => {
    expect(() => checkPeriod({ from: '2026-04-01', to: '2026-03-31' })).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ argument: 'period.to' }) }));
    expect(() => checkPeriod({ from: '2010-01-01', to: '2026-03-31' })).toThrow('at most 120 months');
  });

  it('takes whole quarters only: overlapping periods must not be subtractable', () => {
    expect(() => checkPeriod({ from: '2026-01-02', to: '2026-03-31' })).toThrow('period.from must be the first day of a quarter');
    expect(() => checkPeriod({ from: '2026-02-01', to: '2026-03-31' })).toThrow('period.from must be the first day of a quarter');
    expect(() => checkPeriod({ from: '2026-01-01', to: '2026-03-30' })).toThrow('period.to must be the last day of a quarter');
    expect(() => checkPeriod({ from: '2026-01-01', to: '2026-04-30' })).toThrow('period.to must be the last day of a quarter');
    expect(checkPeriod({ from: '2024-01-01', to: '2024-03-31' }).to).toBe('2024-03-31');
    expect(() => checkMonthEnd('2026-03-15', 'at')).toThrow('at must be the last day of a month');
    expect(checkMonthEnd('2026-02-28', 'at')).toBe('2026-02-28');
  });

  it('withholds a median computed over fewer items than the threshold', () => {
    expect(numberOver(12.25, 4, 5)).toEqual({ value: null, suppressed: true });
    expect(numberOver(12.25, 5, 5)).toEqual({ value: 12.3, suppressed: false });
    expect(numberOver(null, 0, 5)).toEqual({ value: null, suppressed: false });
  });
});

describe('buildPeriodTable: suppression by quarter, the same whatever the period', () => {
  const columns = ['A', 'B', 'C'];
  // Monthly counts over 2025: a small cell in February (A: 2) and in August (C: 1).
  const monthly = [
    ['2025-01', 'A', 9], ['2025-01', 'B', 12], ['2025-02', 'A', 2], ['2025-02', 'B', 11], ['2025-02', 'C', 7], ['2025-03', 'A', 8], ['2025-03', 'C', 6],
    ['2025-04', 'A', 20], ['2025-05', 'B', 20], ['2025-06', 'C', 20],
    ['2025-07', 'A', 10], ['2025-08', 'C', 1], ['2025-08', 'A', 9], ['2025-09', 'C', 12], ['2025-09', 'B', 8],
    ['2025-10', 'B', 30],
  ].map(([row, column, n]) => ({ row: row as string, column: column as string, n: n as number }));
  // (SQL counts only the period's months: so does this.)
  const table = (from: string, to: string, granularity: 'MONTH' | 'QUARTER' = 'MONTH') =>
    buildPeriodTable('X', checkPeriod({ from, to, granularity }), columns, monthly.filter((c) => c.row >= from.slice(0, 7) && c.row <= to.slice(0, 7)), 5);
  const rowsOf = (t: TableValue) => Object.fromEntries(t.rows.map((r) => [r.label, r]));

  it('gives a quarter the same cells alone or inside a longer period', () => {
    const q1 = rowsOf(table('2025-01-01', '2025-03-31'));
    const year = rowsOf(table('2025-01-01', '2025-12-31'));
    const fromQ1toQ3 = rowsOf(table('2025-01-01', '2025-09-30'));
    for (const month of ['2025-01', '2025-02', '2025-03']) {
      expect(year[month]).toEqual(q1[month]);
      expect(fromQ1toQ3[month]).toEqual(q1[month]);
    }
    expect(q1['2025-02']!.cells[0]).toEqual({ value: null, suppressed: true });
  });

  it('per quarter: the rows are the quarters’ column totals; a total over quarters is published only as a sum of published figures', () => {
    const t = table('2025-01-01', '2025-12-31', 'QUARTER');
    expect(t.rows.map((r) => r.label)).toEqual(['2025-Q1', '2025-Q2', '2025-Q3', '2025-Q4']);
    const q1 = table('2025-01-01', '2025-03-31');
    expect(t.rows[0]!.cells).toEqual(q1.columnTotals);
    expect(t.rows[0]!.total).toEqual(q1.total);
    t.columnTotals.forEach((total, j) => {
      const parts = t.rows.map((r) => r.cells[j]!);
      if (parts.some((p) => p.suppressed)) expect(total).toEqual({ value: null, suppressed: true });
      else expect(total.value).toBe(parts.reduce((s, p) => s + p.value!, 0));
    });
    // August's 1 is suppressed in its quarter, and its quarter's C total (1 + 12 = 13) stays published.
    expect(t.rows[2]!.cells[2]).toEqual({ value: 13, suppressed: false });
    expect(rowsOf(table('2025-07-01', '2025-09-30'))['2025-08']!.cells[2]).toEqual({ value: null, suppressed: true });
  });

  it('subtracting Q1–Q3 from Q1–Q4, or Q1 from Q1–Q2, gives only what is published anyway', () => {
    const a = table('2025-01-01', '2025-09-30');
    const b = table('2025-01-01', '2025-12-31');
    const q4 = table('2025-10-01', '2025-12-31');
    b.columnTotals.forEach((total, j) => {
      if (!total.suppressed && !a.columnTotals[j]!.suppressed) expect(total.value! - a.columnTotals[j]!.value!).toBe(q4.columnTotals[j]!.value);
    });
  });
});
