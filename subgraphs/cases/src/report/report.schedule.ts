import { addMonths, ageOn } from '../dates';

/**
 * Situation reports fall due at least yearly, every 6 months for a child under 2 (CASF L223-5):
 * the period that applies is the child's age on the day the previous period started.
 */
export function reportPeriodMonths(birthDate: string, from: string): number {
  return ageOn(birthDate, from) < 2 ? 6 : 12;
}

/** The report due one period after `from` (the measure's start, or the previous due date). */
export function nextReportDue(birthDate: string, from: string): string {
  return addMonths(from, reportPeriodMonths(birthDate, from));
}
