import { childPlanDueOn, familyCouncilReviewDueOn, isUuid, wardReviewDueOn, listCursors, paginate, toPage, type Page, type PageArgs } from '@passerelle/common';
import { readsDeadlineKind, type DeadlineKindName } from '../access/deadline-kinds';
import { readsAdoption } from '../adoption/adoption.service';
import { scoped } from '../access/scoped-rows';
import { Child } from '../child/child.entity';
import type { CasesContext } from '../context';
import { addDays, dayOf, daysBetween, todayInFrance } from '../dates';
import { measureAutonomyInterviewDueOn } from '../measure/measure.deadlines';
import type { MeasureKind } from '../measure/measure.enums';
import { Caseload, Deadline, DeadlineCount, DeadlineKind } from './caseload.types';

/** The children a member is a current référent of (`cases.child_referent`), as SQL on `:__member`. */
const CASELOAD_CHILDREN = 'SELECT r.child_id FROM cases.child_referent r WHERE r.member_id = :__member AND r.until IS NULL';

interface MeasureRow {
  id: string;
  child_id: string;
  kind: MeasureKind;
  start_date: string;
  planned_end_date: string | null;
  ended_on: string | null;
  lifted_at: string | null;
  birth_date: string;
  has_plan: boolean;
  /** A ward of the State: its open ward file's admission and last review (the family council's reviews). */
  ward_admitted_on: string | null;
  ward_last_review_on: string | null;
}

/** The deadlines of the caseload's measures, from the law's derived dates (law/measures.ts, measure.deadlines.ts). */
function measureDeadlines(rows: MeasureRow[], today: string, adoptionTeam: boolean): Omit<Deadline, 'overdue' | 'daysLeft'>[] {
  const out: Omit<Deadline, 'overdue' | 'daysLeft'>[] = [];
  const push = (kind: DeadlineKind, m: MeasureRow, dueOn: string | null) => {
    if (dueOn) out.push({ id: `${kind}:${m.id}`, kind, dueOn, subjectId: m.id, childId: m.child_id, measureId: m.id });
  };
  for (const m of rows) {
    const measure = { kind: m.kind, startDate: m.start_date, plannedEndDate: m.planned_end_date, endedOn: m.ended_on, liftedAt: m.lifted_at };
    if (!m.has_plan) push(DeadlineKind.CHILD_PLAN, m, childPlanDueOn(m.kind, m.start_date));
    push(DeadlineKind.MEASURE_END, m, m.planned_end_date);
    push(DeadlineKind.AUTONOMY_INTERVIEW, m, measureAutonomyInterviewDueOn(measure, m.birth_date));
    // For the adoption team (issue 15), from the reviews the ward's file records; for anyone else,
    // from the measure's start as before: the ward file's dates are ADOPTION's, which they do not read.
    const ward = adoptionTeam && m.ward_admitted_on;
    push(DeadlineKind.FAMILY_COUNCIL_REVIEW, m, ward ? wardReviewDueOn(m.ward_admitted_on!, m.ward_last_review_on) : familyCouncilReviewDueOn(m.kind, m.start_date, today));
  }
  return out;
}

/**
 * "My children" and "my deadlines" (issue 13). A fixed number of statements whatever the
 * caseload's size: the caseload's children; their measures in force (with whether a plan is in
 * force: the plan to draw up, or to update with each report); evaluations in progress (the member's own binôme or of concerns naming their
 * children); draft reports; hearings without an outcome — and one page of children.
 */
export const caseloadService = {
  async of(ctx: CasesContext, withinDays: number): Promise<Caseload> {
    const today = todayInFrance();
    const dueBy = addDays(today, withinDays);
    const member = ctx.principal.sub.toLowerCase();
    const caseload: Caseload = { memberId: member, withinDays, dueBy, childCount: 0, childIds: [], all: [] };
    // Passerelle's own principals (`system:…`) are no member: an empty caseload.
    if (!isUuid(member)) return caseload;
    const ds = ctx.db.dataSource;
    const ids: { child_id: string }[] = await ds.query(
      'SELECT child_id FROM cases.child_referent WHERE member_id = $1 AND until IS NULL ORDER BY child_id',
      [member],
    );
    const childIds = ids.map((r) => r.child_id);
    const reads = (kind: DeadlineKindName) => readsDeadlineKind(ctx.principal, kind);
    const none = Promise.resolve([]);
    const [measures, evaluations, reports, hearings] = await Promise.all([
      childIds.length === 0 || !['CHILD_PLAN', 'CHILD_PLAN_REVIEW', 'MEASURE_END', 'AUTONOMY_INTERVIEW', 'FAMILY_COUNCIL_REVIEW'].some((k) => reads(k as DeadlineKindName))
        ? none
        : ds.query(
            `SELECT m.id, m.child_id, m.kind, m.start_date::text, m.planned_end_date::text, m.ended_on::text, m.lifted_at::text,
                    c.birth_date::text,
                    EXISTS (SELECT 1 FROM cases.child_plan p
                             WHERE p.child_id = m.child_id AND p.status <> 'DRAFT'
                               AND (p.measure_id = m.id OR p.drawn_up_on >= m.start_date)) AS has_plan,
                    w.admitted_on::text AS ward_admitted_on, w.last_review_on::text AS ward_last_review_on
               FROM cases.measure m JOIN cases.child c ON c.id = m.child_id
               LEFT JOIN cases.ward_file w ON m.kind = 'WARD_OF_THE_STATE' AND w.child_id = m.child_id AND w.ended_on IS NULL
              WHERE m.child_id = ANY($1) AND m.status IN ('ACTIVE', 'RENEWED')`,
            [childIds],
          ),
      !reads('EVALUATION')
        ? none
        : ds.query(
            `SELECT e.id, e.due_on::text AS due_on,
                    (SELECT cc.child_id FROM cases.concern_child cc
                      WHERE cc.concern_id = e.concern_id AND cc.child_id = ANY($1) ORDER BY cc.child_id LIMIT 1) AS child_id
               FROM cases.evaluation e
              WHERE e.status = 'IN_PROGRESS' AND e.due_on <= $3
                AND ($2 IN (e.first_evaluator_id, e.second_evaluator_id)
                     OR e.concern_id IN (SELECT cc.concern_id FROM cases.concern_child cc WHERE cc.child_id = ANY($1)))`,
            [childIds, member, dueBy],
          ),
      childIds.length === 0 || !(reads('SITUATION_REPORT') || reads('CHILD_PLAN_REVIEW'))
        ? none
        : ds.query(
            `SELECT id, child_id, measure_id, due_on::text AS due_on FROM cases.situation_report
              WHERE child_id = ANY($1) AND status = 'DRAFT' AND due_on <= $2`,
            [childIds, dueBy],
          ),
      childIds.length === 0 || !reads('HEARING')
        ? none
        : ds.query(
            `SELECT id, child_id, measure_id, scheduled_at FROM cases.hearing
              WHERE child_id = ANY($1) AND outcome IS NULL AND scheduled_at < ($2::date + 1)`,
            [childIds, dueBy],
          ),
    ]);
    const planInForce = new Set((measures as MeasureRow[]).filter((m) => m.has_plan).map((m) => m.id));
    const found: Omit<Deadline, 'overdue' | 'daysLeft'>[] = [
      ...measureDeadlines(measures as MeasureRow[], today, readsAdoption(ctx)),
      ...(evaluations as { id: string; due_on: string; child_id: string | null }[]).map((e) => ({
        id: `EVALUATION:${e.id}`, kind: DeadlineKind.EVALUATION, dueOn: e.due_on, subjectId: e.id, childId: e.child_id, measureId: null,
      })),
      ...(reports as { id: string; child_id: string; measure_id: string; due_on: string }[]).flatMap((r) => [
        { id: `SITUATION_REPORT:${r.id}`, kind: DeadlineKind.SITUATION_REPORT, dueOn: r.due_on, subjectId: r.id, childId: r.child_id, measureId: r.measure_id },
        // The plan in force is updated at each report: due with it (no date of its own to compute).
        ...(planInForce.has(r.measure_id)
          ? [{ id: `CHILD_PLAN_REVIEW:${r.id}`, kind: DeadlineKind.CHILD_PLAN_REVIEW, dueOn: r.due_on, subjectId: r.id, childId: r.child_id, measureId: r.measure_id }]
          : []),
      ]),
      ...(hearings as { id: string; child_id: string; measure_id: string | null; scheduled_at: Date }[]).map((h) => ({
        id: `HEARING:${h.id}`, kind: DeadlineKind.HEARING, dueOn: dayOf(h.scheduled_at), subjectId: h.id, childId: h.child_id, measureId: h.measure_id,
      })),
    ];
    caseload.childIds = childIds;
    caseload.childCount = childIds.length;
    caseload.all = found
      .filter((d) => d.dueOn <= dueBy && reads(d.kind))
      .map((d) => ({ ...d, overdue: d.dueOn < today, daysLeft: daysBetween(today, d.dueOn) }))
      .sort((a, b) => (a.dueOn < b.dueOn ? -1 : a.dueOn > b.dueOn ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    return caseload;
  },

  /** One page of the caseload's children, by family name: one statement. */
  children(ctx: CasesContext, caseload: Caseload, page: PageArgs): Promise<Page<Child>> {
    const qb = ctx.db.dataSource
      .getRepository(Child)
      .createQueryBuilder('w')
      .where(`w.id IN (${CASELOAD_CHILDREN})`, { __member: caseload.memberId });
    return paginate(scoped(qb, ctx.rows.read.children), page, { property: 'lastName', direction: 'ASC' });
  },

  /** One page of the deadlines (computed once per request), overdue first: by due date, then id. */
  deadlines(ctx: CasesContext, caseload: Caseload, page: PageArgs): Page<Deadline> {
    const cursors = listCursors(ctx.db.dataSource, 'cases.caseload:deadlines:dueOn:ASC');
    let rest = caseload.all;
    if (page.after) {
      const [value, id] = cursors.decode(page.after, 'after');
      rest = rest.filter((d) => d.dueOn > String(value) || (d.dueOn === String(value) && d.id > id));
    }
    return toPage(rest.slice(0, page.first + 1), page.first, { property: 'dueOn', direction: 'ASC' }, cursors);
  },

  counts(caseload: Caseload): DeadlineCount[] {
    const counts = new Map<DeadlineKind, DeadlineCount>();
    for (const d of caseload.all) {
      const count = counts.get(d.kind) ?? { kind: d.kind, total: 0, overdue: 0 };
      count.total += 1;
      if (d.overdue) count.overdue += 1;
      counts.set(d.kind, count);
    }
    return [...counts.values()];
  },
};
