import { Field, Float, ObjectType } from 'type-graphql';
import { Access, type Principal } from '../access';
import { canRead, EXACT_AGGREGATE_AUDIENCES, type Audience } from '../access/matrix';
import { seesWholeDepartment } from '../access/scope';
import { readConfig } from '../config';
import { badInput, forbidden } from '../errors';
import { todayInFrance } from '../law/calendar';
import type { Period } from './period';
import type { NumberValue, TableValue } from './table';

/**
 * The manager's annual activity report (rapport d'activité de l'ASE, issue 13): what the cases and
 * placements subgraphs share. Each subgraph computes its part on its own tables (the entity
 * `ActivityReport`, key `year`, composed by the gateway into one query); both decide the same way
 * how exact the figures are, from the principal the gateway signed (`reportDisclosure`).
 */

/** The first year a report may be asked for. */
export const FIRST_REPORT_YEAR = 1990;

/** Checks the year of a report: a whole calendar year, not after the current one. BAD_USER_INPUT naming `year`. */
export function checkReportYear(year: number, argument = 'year'): number {
  const current = Number(todayInFrance().slice(0, 4));
  if (!Number.isInteger(year) || year < FIRST_REPORT_YEAR || year > current) {
    throw badInput(`${argument} must be a year from ${FIRST_REPORT_YEAR} to ${current}`, argument);
  }
  return year;
}

/** The period of a report: the year's four quarters (the blocks the statistics suppress in). */
export function reportPeriod(year: number): Period {
  return { from: `${year}-01-01`, to: `${year}-12-31`, granularity: 'QUARTER' };
}

/** How exact a report's figures are: `threshold` 0 is exact; otherwise small cells under it are suppressed. */
export interface Disclosure {
  exact: boolean;
  threshold: number;
}

/**
 * The disclosure the access matrix gives a principal for the activity report (category
 * ACTIVITY_REPORT): exact for the département's managers (`EXACT_AGGREGATE_AUDIENCES`, who see
 * the whole département), suppressed with `STATISTICS_MIN_CELL` for its caseworkers and the observatory; anyone else is refused (FORBIDDEN), which the
 * gateway's contract and each subgraph's decision plugin already do — this is the last check, in
 * the subgraph, before any SQL.
 */
export function reportDisclosure(principal: Principal): Disclosure {
  if (principal.audience === 'system') throw forbidden('the activity report is not open to your institution');
  const disclosure = disclosureFor(principal.audience);
  // Exact for those who read every row it counts: the département's managers. A caseworker reads
  // their team's slice only: the report comes to them as to the observatory, small cells suppressed
  // (the statistics every département member reads already, AGGREGATES).
  if (disclosure.exact && !seesWholeDepartment(principal)) return { exact: false, threshold: readConfig(['STATISTICS_MIN_CELL']).STATISTICS_MIN_CELL };
  return disclosure;
}

/** The disclosure of an audience (also `npm run report:activity --audience`): the matrix decides. */
export function disclosureFor(audience: Audience): Disclosure {
  if (!canRead(audience, 'ACTIVITY_REPORT')) throw forbidden('the activity report is not open to your institution');
  if (EXACT_AGGREGATE_AUDIENCES.includes(audience)) return { exact: true, threshold: 0 };
  return { exact: false, threshold: readConfig(['STATISTICS_MIN_CELL']).STATISTICS_MIN_CELL };
}

/**
 * A subgraph's part of the report for one request: each section computed once (asked twice, or by
 * the flat figures too, its SQL runs once), with the disclosure decided before.
 */
export abstract class ActivityPart {
  private readonly memo = new Map<string, Promise<unknown>>();

  constructor(
    readonly year: number,
    readonly disclosure: Disclosure,
  ) {}

  protected once<T>(key: string, compute: () => Promise<T>): Promise<T> {
    if (!this.memo.has(key)) this.memo.set(key, compute());
    return this.memo.get(key) as Promise<T>;
  }

  protected get options(): { threshold: number } {
    return { threshold: this.disclosure.threshold };
  }

  /** Every figure of the part, flat (the CSV's lines). */
  abstract figures(): Promise<ActivityFigureValue[]>;
}

/** One figure of the report in flat form (a CSV line): which table, which row and column, the value or its suppression. */
export interface ActivityFigureValue {
  section: string;
  table: string;
  row: string;
  column: string;
  value: number | null;
  suppressed: boolean;
}

/** The flat figure type of a subgraph's part (its own name: value types are not shared across subgraphs). */
export function activityFigureType(prefix: string) {
  @Access('ACTIVITY_REPORT')
  @ObjectType(`${prefix}ActivityFigure`, {
    description: 'One figure of the activity report in flat form, one CSV line (section, table, row, column, value): null and `suppressed` when withheld (secret statistique).',
  })
  class ActivityFigure {
    @Field({ description: 'The report’s section (CONCERNS, EVALUATIONS, MEASURES, CHILD_PLANS, SITUATION_REPORTS, PLACEMENTS, RETURN_HOMES).' })
    section!: string;

    @Field({ description: 'The table within the section (e.g. BY_SOURCE_KIND, IN_FORCE_AT_START).' })
    table!: string;

    @Field({ description: 'The row label (a quarter, a kind, TOTAL).' })
    row!: string;

    @Field({ description: 'The column label (a kind, a state, TOTAL; VALUE for a single number).' })
    column!: string;

    @Field(() => Float, { nullable: true, description: 'The figure; null when suppressed or when there is nothing to compute it on.' })
    value!: number | null;

    @Field({ description: 'Withheld by small-cell or complementary suppression (secret statistique).' })
    suppressed!: boolean;
  }
  return ActivityFigure;
}

/** A table's cells, row totals, column totals and grand total as flat figures. */
export function flattenTable(section: string, table: string, t: TableValue): ActivityFigureValue[] {
  const out: ActivityFigureValue[] = [];
  const put = (row: string, column: string, c: { value: number | null; suppressed: boolean }) => out.push({ section, table, row, column, value: c.value, suppressed: c.suppressed });
  for (const r of t.rows) {
    r.cells.forEach((c, j) => put(r.label, t.columns[j]!, c));
    put(r.label, 'TOTAL', r.total);
  }
  t.columnTotals.forEach((c, j) => put('TOTAL', t.columns[j]!, c));
  put('TOTAL', 'TOTAL', t.total);
  return out;
}

/** Named numbers (medians, shares) of one row as flat figures. */
export function flattenNumbers(section: string, table: string, row: string, numbers: Record<string, NumberValue>): ActivityFigureValue[] {
  return Object.entries(numbers).map(([column, n]) => ({ section, table, row, column, value: n.value, suppressed: n.suppressed }));
}

const csvField = (value: string): string => (/[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);

/** The CSV header of the flat form. */
export const ACTIVITY_CSV_HEADER = 'year,section,table,row,column,value,suppressed';

/**
 * The report's figures as CSV: one line per figure, `value` empty and `suppressed` 1 for a
 * withheld one (secret statistique), `suppressed` 0 otherwise (an empty value then means there
 * was nothing to compute it on, e.g. a median of no item).
 */
export function activityCsv(year: number, figures: readonly ActivityFigureValue[]): string {
  const lines = figures.map((f) => [String(year), f.section, f.table, f.row, f.column, f.value === null ? '' : String(f.value), f.suppressed ? '1' : '0'].map(csvField).join(','));
  return `${[ACTIVITY_CSV_HEADER, ...lines].join('\n')}\n`;
}
