import { enqueueNotifications, notificationInbox, todayInFrance, type Audience, type NotificationKind, type Queryable } from '@passerelle/common';
import type { EntityManager } from 'typeorm';
import { CONCERN_SENDER_KINDS, SENDER_KINDS } from '../access/row-policy';
import type { Concern } from '../concern/concern.entity';
import { toldToSender, type ToldToSender } from '../concern/concern.lifecycle';
import type { ConcernSourceKind } from '../concern/concern.enums';

/** The notifications the cases subgraph writes (issue 13). */
export const CASES_NOTIFICATION_KINDS: readonly NotificationKind[] = ['CONCERN_STATUS_CHANGED', 'MEASURE_ENDING', 'SITUATION_REPORT_DUE'];

export const casesInbox = notificationInbox({ schema: 'cases', prefix: 'Case', field: 'case', kinds: CASES_NOTIFICATION_KINDS });

/** The audience of a concern's sender institution, from the kind it submitted as (the row policy's sender kinds). */
function senderAudience(kind: ConcernSourceKind): Audience | undefined {
  // Hospitals, police, town halls and private practices submit as the concern_sender audience.
  if (Object.values(CONCERN_SENDER_KINDS).includes(kind)) return 'concern_sender';
  return Object.entries(SENDER_KINDS).find(([, k]) => k === kind)?.[0] as Audience | undefined;
}

/**
 * A concern's sender is told when what it may know of its concern changes (CASF L226-5), in the
 * transaction that changes it: that is when `toldToSender` moves (the CRIP confirms receipt,
 * sends the outcome, or a concern already told moves on), never on processing it has not been
 * told of. Call with what the sender saw before the change, on the concern as saved.
 */
export async function notifySender(manager: EntityManager, before: ToldToSender, concern: Concern): Promise<void> {
  if (!concern.sourcePartnerId) return;
  const audience = senderAudience(concern.sourceKind);
  if (!audience) return;
  const after = toldToSender(concern);
  if (after.status === before.status && after.version === before.version) return;
  await enqueueNotifications(manager, 'cases', [
    { kind: 'CONCERN_STATUS_CHANGED', recipient: { audience, partnerId: concern.sourcePartnerId }, subjectId: concern.id },
  ]);
}

/**
 * The deadline scan of the cases subgraph: one notification per deadline and recipient (the
 * dedupe key names both, and the date: a measure renewed to a new end is a new deadline),
 * however often it runs. Three statements whatever the number of deadlines.
 *  - MEASURE_ENDING: a measure in force whose planned end is within `withinDays` — to the
 *    association carrying it out, the court it is before, and the département.
 *  - SITUATION_REPORT_DUE: a report not sent, due within `withinDays` or overdue — to the
 *    département, which writes it, and to the court of its measure, which receives it.
 */
export async function scanCasesDeadlines(db: Queryable, withinDays: number, on: string = todayInFrance()): Promise<number> {
  const insert = (select: string) => `
    WITH due AS (${select})
    INSERT INTO cases.notification (dedupe_key, kind, category, recipient_audience, recipient_partner_id, subject_type, subject_id, due_on,
                                    inbox_order, delivery_status, next_attempt_at)
    SELECT concat_ws(':', kind, subject_id, due_on, audience, coalesce(partner::text, '*')), kind, category, audience, partner, subject_type, subject_id, due_on,
           (extract(epoch FROM clock_timestamp()) * 1000)::bigint + 1000000000000000,
           CASE WHEN partner IS NULL THEN 'NONE' ELSE 'PENDING' END,
           CASE WHEN partner IS NULL THEN NULL ELSE now() END
      FROM due
    ON CONFLICT (dedupe_key) DO NOTHING
    RETURNING id`;
  const measures = `
    SELECT 'MEASURE_ENDING' AS kind, 'MEASURES' AS category, r.audience, r.partner, 'Measure' AS subject_type, m.id AS subject_id, m.planned_end_date AS due_on
      FROM cases.measure m
      CROSS JOIN LATERAL (VALUES ('association', m.operator_id), ('judge', m.court_id), ('department', NULL::uuid)) AS r(audience, partner)
     WHERE m.status IN ('ACTIVE', 'RENEWED') AND m.planned_end_date BETWEEN $1::date AND $1::date + $2::int
       AND (r.audience = 'department' OR r.partner IS NOT NULL)`;
  const reports = `
    SELECT 'SITUATION_REPORT_DUE' AS kind, 'SITUATION_REPORTS' AS category, r.audience, r.partner, 'SituationReport' AS subject_type, s.id AS subject_id, s.due_on
      FROM cases.situation_report s
      JOIN cases.measure m ON m.id = s.measure_id
      CROSS JOIN LATERAL (VALUES ('judge', m.court_id), ('department', NULL::uuid)) AS r(audience, partner)
     WHERE s.status <> 'SENT' AND s.due_on <= $1::date + $2::int AND m.status IN ('ACTIVE', 'RENEWED')
       AND (r.audience = 'department' OR r.partner IS NOT NULL)`;
  let written = 0;
  for (const select of [measures, reports]) {
    const result = await db.query(insert(select), [on, withinDays]);
    written += (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows).length;
  }
  return written;
}
