const PARIS = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' });

/**
 * Today in France (YYYY-MM-DD). "In force today" and "enrolled now" are legal facts of the
 * French calendar day, not of UTC: between midnight and 1 or 2 a.m. they differ.
 */
export function parisToday(now: Date = new Date()): string {
  return PARIS.format(now);
}

/** The ISO date `days` after `from` (negative: before). */
export function plusDays(from: string, days: number): string {
  const d = new Date(`${from}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Whether `value` is a real calendar date written YYYY-MM-DD. */
export function isIsoDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}
