import { bucketOf, buckets, checkCommunes, checkMonthEnd, checkPeriod } from './period';
import { numberOver } from './table';

describe('statistics periods and territories', () => {
  it('cuts a period into months or quarters, empty ones included', () => {
    expect(buckets(checkPeriod({ from: '2025-11-01', to: '2026-02-28' }))).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
    expect(buckets(checkPeriod({ from: '2025-11-01', to: '2026-04-30', granularity: 'QUARTER' }))).toEqual(['2025-Q4', '2026-Q1', '2026-Q2']);
    expect(bucketOf('2026-09-30', 'QUARTER')).toBe('2026-Q3');
  });

  it('refuses a reversed or too long period, naming the argument', () => {
    expect(() => checkPeriod({ from: '2026-02-01', to: '2026-01-31' })).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ argument: 'period.to' }) }));
    expect(() => checkPeriod({ from: '2010-01-01', to: '2026-01-31' })).toThrow('at most 120 months');
  });

  it('takes whole months only: periods a day apart would give one day by difference', () => {
    expect(() => checkPeriod({ from: '2026-01-02', to: '2026-03-31' })).toThrow('period.from must be the first day of a month');
    expect(() => checkPeriod({ from: '2026-01-01', to: '2026-03-30' })).toThrow('period.to must be the last day of a month');
    expect(checkPeriod({ from: '2024-02-01', to: '2024-02-29' }).to).toBe('2024-02-29');
    expect(() => checkMonthEnd('2026-03-15', 'at')).toThrow('at must be the last day of a month');
    expect(checkMonthEnd('2026-02-28', 'at')).toBe('2026-02-28');
  });

  it('checks INSEE commune codes', () => {
    expect(checkCommunes(null)).toBeNull();
    expect(checkCommunes(['75056', '2A004', '75056'])).toEqual(['75056', '2A004']);
    expect(() => checkCommunes(['7505'])).toThrow('territory.communes[0] must be an INSEE commune code');
    expect(() => checkCommunes([])).toThrow('at least one commune');
  });

  it('withholds a median computed over fewer items than the threshold', () => {
    expect(numberOver(12.25, 4, 5)).toEqual({ value: null, suppressed: true });
    expect(numberOver(12.25, 5, 5)).toEqual({ value: 12.3, suppressed: false });
    expect(numberOver(null, 0, 5)).toEqual({ value: null, suppressed: false });
  });
});
