import {
  ActivityPart,
  buildAloneTable,
  childPlanDueOn,
  type CellValue,
  type Disclosure,
  flattenNumbers,
  flattenTable,
  type ActivityFigureValue,
  MEASURE_RULES,
  type MeasureKindName,
  type NumberValue,
  reportPeriod,
  type TableValue,
  todayInFrance,
} from '@passerelle/common';
import type { CasesContext } from '../context';
import { MeasureKind } from '../measure/measure.enums';
import { ACTIVE_STATUSES, measureLinked, statisticsService } from '../statistics/statistics.service';

/**
 * The cases subgraph's part of the annual activity report (rapport d'activité), on the cases
 * schema alone: a fixed number of SQL statements whatever the number of rows (GROUP BY, counts
 * and percentiles in SQL, never a row per child loaded).
 *
 * Concerns, evaluations and measures (stocks and flows) are the quarterly statistics themselves
 * (`statisticsService`, `measureLinked`) over the year's four quarters in the whole département,
 * with the disclosure's threshold: 0 for the département (exact), `STATISTICS_MIN_CELL` for the
 * observatory, which then gets exactly the cells `concernStatistics`, `evaluationDelayStatistics`,
 * `activeMeasureStatistics` and `measureFlowStatistics` publish for those quarters — nothing an
 * analyst could subtract from them. The tables the statistics do not publish:
 * - measures ended by reason: their row totals are the year's exits per kind, so they take the
 *   linked exits' pattern (`buildAloneTable`, suppressed as a linked set of its own);
 * - PPE timeliness: the measures that started in the year (a kind with a PPE), whose row totals are
 *   the year's entries per kind: bounded by the linked entries the same way;
 * - situation report timeliness: the reports due in the year, a table alone (`buildAloneTable`).
 */

/** Kinds whose measure requires a PPE (law table: `childPlanWithinMonths`), in MeasureKind's order. */
const PLAN_KINDS = (Object.values(MeasureKind) as MeasureKindName[]).filter((k) => MEASURE_RULES[k].next.childPlanWithinMonths !== null);
/** Kinds whose measure requires situation reports (law table: `situationReports`). */
const REPORT_KINDS = (Object.values(MeasureKind) as MeasureKindName[]).filter((k) => MEASURE_RULES[k].next.situationReports);

export const PLAN_STATES = ['ON_TIME', 'LATE', 'MISSING', 'NOT_YET_DUE', 'CLOSED_BEFORE_DUE'] as const;
export const REPORT_STATES = ['SENT_ON_TIME', 'SENT_LATE', 'OVERDUE', 'NOT_YET_DUE'] as const;
export const END_REASONS = ['ENDED', 'LIFTED'] as const;

/** Every day of a year, as YYYY-MM-DD. */
function daysOf(year: number): string[] {
  const out: string[] = [];
  for (let t = Date.UTC(year, 0, 1); new Date(t).getUTCFullYear() === year; t += 86_400_000) out.push(new Date(t).toISOString().slice(0, 10));
  return out;
}

/**
 * A share `part / Σ whole` of published cells: suppressed when any of them is, or when fewer than
 * the threshold items stand behind it; null when there are none.
 */
export function shareOf(part: CellValue, whole: readonly CellValue[], threshold: number): NumberValue {
  if (part.suppressed || whole.some((c) => c.suppressed)) return { value: null, suppressed: true };
  const total = whole.reduce((s, c) => s + c.value!, 0);
  if (total === 0) return { value: null, suppressed: false };
  if (total < threshold) return { value: null, suppressed: true };
  return { value: Math.round((part.value! / total) * 1000) / 1000, suppressed: false };
}

const column = (t: TableValue, name: string) => t.columnTotals[t.columns.indexOf(name)]!;

type Db = Pick<CasesContext, 'db'>;

/** The cases part, each section computed once per request (`ActivityPart`). */
export class CasesActivity extends ActivityPart {
  constructor(
    private readonly ctx: Db,
    year: number,
    disclosure: Disclosure,
  ) {
    super(year, disclosure);
  }

  concerns() {
    return this.once('concerns', async () => {
      const { bySourceKind, byOutcome } = await statisticsService.concerns(this.ctx, reportPeriod(this.year), null, this.options);
      return { bySourceKind, byOutcome };
    });
  }

  evaluations() {
    return this.once('evaluations', async () => {
      const { counts, delays } = await statisticsService.evaluationDelays(this.ctx, reportPeriod(this.year), null, this.options);
      return {
        counts,
        delays,
        concludedOnTimeShare: shareOf(column(counts, 'CONCLUDED_ON_TIME'), [column(counts, 'CONCLUDED_ON_TIME'), column(counts, 'CONCLUDED_LATE')], this.disclosure.threshold),
      };
    });
  }

  /** The measures' linked stocks and flows over the year (two statements). */
  private linked() {
    return this.once('linked', () => measureLinked(this.ctx, reportPeriod(this.year), 'DEPARTMENT', null, this.options));
  }

  measures() {
    return this.once('measures', async () => {
      const linked = await this.linked();
      const rows: { kind: string; reason: string; n: string }[] = await this.ctx.db.dataSource.query(
        `SELECT m.kind::text AS kind, CASE WHEN m.ended_on IS NOT NULL THEN 'ENDED' ELSE 'LIFTED' END AS reason, count(*) AS n
           FROM cases.measure m
          WHERE m.status IN ${ACTIVE_STATUSES} AND COALESCE(m.ended_on, m.lifted_at) BETWEEN $1 AND $2
          GROUP BY 1, 2`,
        [`${this.year}-01-01`, `${this.year}-12-31`],
      );
      const kinds = Object.values(MeasureKind) as string[];
      const exits = linked.exits!;
      const endedByReason = buildAloneTable(
        { rows: 'MEASURE_KIND', columns: 'END_REASON' },
        kinds,
        END_REASONS,
        rows.map((r) => ({ row: r.kind, column: r.reason, n: r.n })),
        this.disclosure.threshold,
        { rows: kinds.map((k) => column(exits, k).suppressed), total: exits.total.suppressed },
      );
      return {
        inForceAtStart: linked.stockAt(`${this.year - 1}-12-31`),
        inForceAtEnd: linked.stockAt(`${this.year}-12-31`),
        started: linked.entries,
        ended: exits,
        endedByReason,
      };
    });
  }

  /**
   * PPE timeliness (CASF L223-1-1): each measure in force that started in the year, of a kind that
   * requires a PPE, with its due date from the law table (`childPlanDueOn`, computed here for every
   * kind and day of the year and looked up in SQL: the same function, not a second formula), and the
   * first plan drawn up for it. ON_TIME: drawn up by the due date; LATE: after it; none drawn up:
   * CLOSED_BEFORE_DUE when the measure closed by its due date, MISSING when the due date is past
   * (today), NOT_YET_DUE otherwise.
   */
  childPlans() {
    return this.once('childPlans', async () => {
      const linked = await this.linked();
      // The due dates of every kind with a PPE and every start day of the year, kind after kind,
      // looked up per measure by position (no join whose plan depends on the table statistics).
      const days = daysOf(this.year);
      const due = PLAN_KINDS.flatMap((kind) => days.map((day) => childPlanDueOn(kind, day)!));
      const rows: { kind: string; state: string; n: string }[] = await this.ctx.db.dataSource.query(
        `SELECT kind,
                CASE WHEN first IS NOT NULL AND first <= due_on THEN 'ON_TIME'
                     WHEN first IS NOT NULL THEN 'LATE'
                     WHEN closed <= due_on THEN 'CLOSED_BEFORE_DUE'
                     WHEN due_on < $6::date THEN 'MISSING'
                     ELSE 'NOT_YET_DUE' END AS state,
                count(*) AS n
           FROM (SELECT m.kind::text AS kind,
                        ($2::date[])[(array_position($1::text[], m.kind::text) - 1) * $3::int + (m.start_date - $4::date) + 1] AS due_on,
                        COALESCE(m.ended_on, m.lifted_at) AS closed,
                        (SELECT min(p.drawn_up_on) FROM cases.child_plan p WHERE p.child_id = m.child_id AND p.measure_id = m.id) AS first
                   FROM cases.measure m
                  WHERE m.status IN ${ACTIVE_STATUSES} AND m.start_date BETWEEN $4 AND $5 AND m.kind::text = ANY($1::text[])) x
          GROUP BY 1, 2`,
        [PLAN_KINDS, due, days.length, `${this.year}-01-01`, `${this.year}-12-31`, todayInFrance()],
      );
      const entries = linked.entries;
      const rowsSuppressed = PLAN_KINDS.map((k) => column(entries, k).suppressed);
      const byMeasureKind = buildAloneTable(
        { rows: 'MEASURE_KIND', columns: 'CHILD_PLAN_STATE' },
        PLAN_KINDS,
        PLAN_STATES,
        rows.map((r) => ({ row: r.kind, column: r.state, n: r.n })),
        this.disclosure.threshold,
        // The grand total (the year's entries of the kinds with a PPE) is known when each of them is, else withheld.
        { rows: rowsSuppressed, total: rowsSuppressed.some(Boolean) },
      );
      return { byMeasureKind, onTimeShare: shareOf(column(byMeasureKind, 'ON_TIME'), ['ON_TIME', 'LATE', 'MISSING'].map((c) => column(byMeasureKind, c)), this.disclosure.threshold) };
    });
  }

  /**
   * Situation report timeliness (CASF L223-5): the reports due in the year (their due date is the
   * one the law's schedule gave them, `report.schedule.ts`, as stored), by the kind of their measure.
   * SENT_ON_TIME by the due date, SENT_LATE after it; not sent: OVERDUE when the due date is past
   * (today), NOT_YET_DUE otherwise.
   */
  situationReports() {
    return this.once('situationReports', async () => {
      const rows: { kind: string; state: string; n: string }[] = await this.ctx.db.dataSource.query(
        `SELECT m.kind::text AS kind,
                CASE WHEN r.sent_on IS NOT NULL AND r.sent_on <= r.due_on THEN 'SENT_ON_TIME'
                     WHEN r.sent_on IS NOT NULL THEN 'SENT_LATE'
                     WHEN r.due_on < $3::date THEN 'OVERDUE'
                     ELSE 'NOT_YET_DUE' END AS state,
                count(*) AS n
           FROM cases.situation_report r JOIN cases.measure m ON m.id = r.measure_id
          WHERE r.due_on BETWEEN $1 AND $2
          GROUP BY 1, 2`,
        [`${this.year}-01-01`, `${this.year}-12-31`, todayInFrance()],
      );
      const kinds = [...new Set([...REPORT_KINDS, ...rows.map((r) => r.kind as MeasureKindName)])];
      const byMeasureKind = buildAloneTable({ rows: 'MEASURE_KIND', columns: 'REPORT_STATE' }, kinds, REPORT_STATES, rows.map((r) => ({ row: r.kind, column: r.state, n: r.n })), this.disclosure.threshold);
      return {
        byMeasureKind,
        onTimeShare: shareOf(column(byMeasureKind, 'SENT_ON_TIME'), ['SENT_ON_TIME', 'SENT_LATE', 'OVERDUE'].map((c) => column(byMeasureKind, c)), this.disclosure.threshold),
      };
    });
  }

  /** Every figure of the cases part, flat (the CSV's lines). */
  async figures(): Promise<ActivityFigureValue[]> {
    const [concerns, evaluations, measures, plans, reports] = await Promise.all([this.concerns(), this.evaluations(), this.measures(), this.childPlans(), this.situationReports()]);
    return [
      ...flattenTable('CONCERNS', 'BY_SOURCE_KIND', concerns.bySourceKind),
      ...flattenTable('CONCERNS', 'BY_OUTCOME', concerns.byOutcome),
      ...flattenTable('EVALUATIONS', 'COUNTS', evaluations.counts),
      ...evaluations.delays.flatMap((d) => flattenNumbers('EVALUATIONS', 'DELAYS', d.label, { MEDIAN_DAYS: d.medianDays, P90_DAYS: d.p90Days, OVERDUE_SHARE: d.overdueShare })),
      ...flattenNumbers('EVALUATIONS', 'CONCLUDED_ON_TIME_SHARE', 'TOTAL', { VALUE: evaluations.concludedOnTimeShare }),
      ...flattenTable('MEASURES', 'IN_FORCE_AT_START', measures.inForceAtStart),
      ...flattenTable('MEASURES', 'IN_FORCE_AT_END', measures.inForceAtEnd),
      ...flattenTable('MEASURES', 'STARTED', measures.started),
      ...flattenTable('MEASURES', 'ENDED', measures.ended),
      ...flattenTable('MEASURES', 'ENDED_BY_REASON', measures.endedByReason),
      ...flattenTable('CHILD_PLANS', 'BY_MEASURE_KIND', plans.byMeasureKind),
      ...flattenNumbers('CHILD_PLANS', 'ON_TIME_SHARE', 'TOTAL', { VALUE: plans.onTimeShare }),
      ...flattenTable('SITUATION_REPORTS', 'BY_MEASURE_KIND', reports.byMeasureKind),
      ...flattenNumbers('SITUATION_REPORTS', 'ON_TIME_SHARE', 'TOTAL', { VALUE: reports.onTimeShare }),
    ];
  }
}
