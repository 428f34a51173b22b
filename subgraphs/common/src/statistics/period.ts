import { badInput } from '../errors';

/** Statistics granularity: calendar months or quarters (mois, trimestres). */
export type Granularity = 'MONTH' | 'QUARTER';

export interface PeriodArgs {
  from: string;
  to: string;
  granularity?: Granularity | null;
}

/** A checked period. */
export interface Period {
  from: string;
  to: string;
  granularity: Granularity;
}

/** The longest period a statistics query covers: ten years of months stays a readable table. */
export const MAX_PERIOD_MONTHS = 120;

const monthIndex = (day: string) => Number(day.slice(0, 4)) * 12 + Number(day.slice(5, 7)) - 1;

/** Whether a day is the last of its month. */
export function isLastDayOfMonth(day: string): boolean {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m, 0)).getUTCDate() === d;
}

const QUARTER_STARTS = ['01', '04', '07', '10'];
const QUARTER_ENDS = ['03', '06', '09', '12'];

/**
 * Checks a period: whole calendar quarters (from the 1st of January, April, July or October to
 * the last day of March, June, September or December), from ≤ to, at most MAX_PERIOD_MONTHS.
 * Quarters are the blocks small cells are suppressed in (see `buildPeriodTable`): whatever the
 * period asked, a quarter's cells come out the same, so that two overlapping periods cannot be
 * subtracted to give back a suppressed cell. BAD_USER_INPUT naming the argument.
 */
export function checkPeriod(period: PeriodArgs, argument = 'period'): Period {
  if (!period.from.endsWith('-01') || !QUARTER_STARTS.includes(period.from.slice(5, 7))) {
    throw badInput(`${argument}.from must be the first day of a quarter (1 January, April, July or October): statistics cover whole quarters`, `${argument}.from`);
  }
  if (!isLastDayOfMonth(period.to) || !QUARTER_ENDS.includes(period.to.slice(5, 7))) {
    throw badInput(`${argument}.to must be the last day of a quarter (31 March, 30 June, 30 September or 31 December): statistics cover whole quarters`, `${argument}.to`);
  }
  if (period.from > period.to) throw badInput(`${argument}.to must not be before ${argument}.from`, `${argument}.to`);
  if (monthIndex(period.to) - monthIndex(period.from) >= MAX_PERIOD_MONTHS) {
    throw badInput(`${argument} must cover at most ${MAX_PERIOD_MONTHS} months`, `${argument}.to`);
  }
  return { from: period.from, to: period.to, granularity: period.granularity ?? 'MONTH' };
}

/** The label of the bucket holding a day: `2026-03` (month) or `2026-Q1` (quarter). */
export function bucketOf(day: string, granularity: Granularity): string {
  const month = Number(day.slice(5, 7));
  return granularity === 'MONTH' ? day.slice(0, 7) : `${day.slice(0, 4)}-Q${Math.floor((month - 1) / 3) + 1}`;
}

/** Every bucket label of a period, in order (the rows of a table, empty ones included). */
export function buckets(period: { from: string; to: string; granularity: Granularity }): string[] {
  const out: string[] = [];
  for (let k = monthIndex(period.from); k <= monthIndex(period.to); k++) {
    const day = `${String(Math.floor(k / 12)).padStart(4, '0')}-${String((k % 12) + 1).padStart(2, '0')}-01`;
    const label = bucketOf(day, period.granularity);
    if (out[out.length - 1] !== label) out.push(label);
  }
  return out;
}

/** SQL giving the bucket label of a date expression, the same labels as `bucketOf`. */
export function bucketSql(dateExpression: string, granularity: Granularity): string {
  return granularity === 'MONTH' ? `to_char(${dateExpression}, 'YYYY-MM')` : `to_char(${dateExpression}, 'YYYY-"Q"Q')`;
}

/** Checks an observation day: the last day of a month (days a day apart would give one day's moves by difference). */
export function checkMonthEnd(day: string, argument: string): string {
  if (!isLastDayOfMonth(day)) throw badInput(`${argument} must be the last day of a month (statistics are taken at month ends)`, argument);
  return day;
}
