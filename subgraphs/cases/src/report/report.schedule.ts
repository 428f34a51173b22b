import { addDays, addMonths, ageOn } from '../dates';

/**
 * Situation reports fall due at least yearly, every 6 months for a child under 2 (CASF L223-5):
 * the period that applies is the child's age on the day the previous period started.
 */
export function reportPeriodMonths(birthDate: string, from: string): number {
  return ageOn(birthDate, from) < 2 ? 6 : 12;
}

/**
 * How long before a measure's planned end its report is due: the report informs the decision on
 * what follows the term (renewal hearing, CC 375 al. 3; the judge's decision on the merits after
 * an OPP, CPC 1185), so it reaches the judge before the term. A month: the law sets no figure.
 */
export const REPORT_BEFORE_END_DAYS = 30;

/**
 * The report due after `from` (the measure's start, or the previous due date): one period later,
 * and before the measure's planned end when that comes first (issue 13: an OPP ending on
 * 2027-05-31 has its report due by 2027-05-01, not on 2027-12-01). When `from` is already
 * within the last month of the term, the next report is the periodic one (for the renewed term).
 */
export function nextReportDue(birthDate: string, from: string, plannedEndDate?: string | null): string {
  const periodic = addMonths(from, reportPeriodMonths(birthDate, from));
  if (!plannedEndDate) return periodic;
  const beforeEnd = addDays(plannedEndDate, -REPORT_BEFORE_END_DAYS);
  return beforeEnd > from && beforeEnd < periodic ? beforeEnd : periodic;
}
