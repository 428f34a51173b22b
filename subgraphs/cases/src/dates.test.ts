import { addDays, addMonths, ageOn, dayOf, daysBetween } from './dates';
import { nextReportDue, reportPeriodMonths } from './report/report.schedule';

describe('calendar arithmetic', () => {
  it('adds months, clamping to the end of shorter months', () => {
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
    expect(addMonths('2026-11-26', 3)).toBe('2027-02-26');
    expect(addMonths('2026-05-15', -6)).toBe('2025-11-15');
  });

  it('counts whole years of age and days between dates', () => {
    expect(ageOn('2016-02-29', '2026-02-28')).toBe(9);
    expect(ageOn('2016-02-29', '2026-03-01')).toBe(10);
    expect(daysBetween('2026-11-01', '2026-11-16')).toBe(15);
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
  });

  it('takes the calendar day in France, not in UTC', () => {
    expect(dayOf(new Date('2026-11-25T23:30:00Z'))).toBe('2026-11-26');
    expect(dayOf(new Date('2026-07-01T21:59:00Z'))).toBe('2026-07-01');
    expect(dayOf(new Date('2026-07-01T22:00:00Z'))).toBe('2026-07-02');
  });
});

describe('situation report due dates (CASF L223-5)', () => {
  it('falls due every 6 months under age 2, yearly from then on', () => {
    expect(reportPeriodMonths('2026-01-10', '2026-03-01')).toBe(6);
    expect(reportPeriodMonths('2024-01-10', '2026-03-01')).toBe(12);
    expect(nextReportDue('2026-01-10', '2026-03-01')).toBe('2026-09-01');
    expect(nextReportDue('2015-01-10', '2026-03-01')).toBe('2027-03-01');
  });

  it('falls due before the measure’s planned end when that comes first (issue 13: OPP ending 2027-05-31)', () => {
    expect(nextReportDue('2015-01-10', '2026-12-01', '2027-05-31')).toBe('2027-05-01');
    // The period comes first: the periodic date.
    expect(nextReportDue('2026-01-10', '2026-03-01', '2028-02-29')).toBe('2026-09-01');
    expect(nextReportDue('2015-01-10', '2026-03-01', '2028-02-29')).toBe('2027-03-01');
    // Already within the term's last month: the next report is the periodic one (for the renewed term).
    expect(nextReportDue('2015-01-10', '2027-05-01', '2027-05-31')).toBe('2028-05-01');
  });
});
