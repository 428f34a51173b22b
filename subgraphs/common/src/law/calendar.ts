/**
 * Calendar arithmetic on ISO dates (YYYY-MM-DD), in the département's time zone: the one home of
 * the day arithmetic the legal rules need (cases' and placements' `dates` re-export it).
 */
import { addDays } from '../seed/random';

export { addDays };

const PARIS = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' });

/** The calendar day (in France) of an instant. */
export function dayOf(instant: Date): string {
  return PARIS.format(instant);
}

export function todayInFrance(): string {
  return dayOf(new Date());
}

/** `months` later, clamped to the end of a shorter month (31 January + 1 month = 28/29 February). */
export function addMonths(day: string, months: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/** Whole years between a birth date and a day. */
export function ageOn(birthDate: string, day: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

/** The day a person born on `birthDate` turns `years` (29 February: 28 February in other years). */
export function birthday(birthDate: string, years: number): string {
  return addMonths(birthDate, 12 * years);
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** The Monday of the ISO week `day` falls in (weeks run Monday to Sunday in France). */
export function mondayOf(day: string): string {
  const weekday = (new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7;
  return addDays(day, -weekday);
}
