import { notificationInbox, todayInFrance, type NotificationKind, type Queryable } from '@passerelle/common';

/** The notifications the placements subgraph writes (issue 13). */
export const PLACEMENTS_NOTIFICATION_KINDS: readonly NotificationKind[] = ['PLACEMENT_REQUESTED', 'PLACEMENT_ENDING'];

export const placementsInbox = notificationInbox({ schema: 'placements', prefix: 'Placement', field: 'placement', kinds: PLACEMENTS_NOTIFICATION_KINDS });

/**
 * The deadline scan of the placements subgraph, idempotent (one notification per placement, end
 * date and association): PLACEMENT_ENDING, to the association running the facility, for an open
 * placement whose planned end is within `withinDays`. One statement.
 */
export async function scanPlacementsDeadlines(db: Queryable, withinDays: number, on: string = todayInFrance()): Promise<number> {
  const result = await db.query(
    `INSERT INTO placements.notification (dedupe_key, kind, category, recipient_audience, recipient_partner_id, subject_type, subject_id, due_on,
                                         inbox_order, delivery_status, next_attempt_at)
     SELECT concat_ws(':', 'PLACEMENT_ENDING', p.id, p.planned_end_date, 'association', f.operator_id), 'PLACEMENT_ENDING', 'PLACEMENTS', 'association', f.operator_id,
            'Placement', p.id, p.planned_end_date,
            (extract(epoch FROM clock_timestamp()) * 1000)::bigint + 1000000000000000, 'PENDING', now()
       FROM placements.placement p
       JOIN placements.facility f ON f.id = p.facility_id
      WHERE p.end_date IS NULL AND f.operator_id IS NOT NULL
        AND p.planned_end_date BETWEEN $1::date AND $1::date + $2::int
     ON CONFLICT (dedupe_key) DO NOTHING
     RETURNING id`,
    [on, withinDays],
  );
  return (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows).length;
}
