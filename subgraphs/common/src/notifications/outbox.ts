import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { canRead, type Audience, type DataCategory } from '../access/matrix';

/**
 * The notification outbox (issue 13). A change that someone must be told of writes its
 * notification into `<schema>.notification` with the same EntityManager, hence in the same
 * transaction: the change and its notification commit together, or neither does. The
 * recipient then reads it in its inbox (inbox.ts) and, when its institution has a webhook, the
 * dispatcher (dispatcher.ts) delivers it, reading the delivery state from the same row.
 *
 * A notification carries only ids, its kind and a due date: never a record's content. Each kind
 * belongs to the matrix category of what it points at; it is only ever addressed to an audience
 * that may read that category, and shown only to a principal whose agreements grant it.
 */
export const NOTIFICATION_KINDS = {
  CONCERN_STATUS_CHANGED: {
    category: 'OWN_CONCERN_STATUS',
    subjectType: 'Concern',
    description: 'What its sender may know of an information préoccupante changed (L226-5): read `concern(id) { senderOutcome }`.',
  },
  MEASURE_ENDING: {
    category: 'MEASURES',
    subjectType: 'Measure',
    description: 'A measure in force reaches its planned end within the notice period (dueOn: the planned end).',
  },
  SITUATION_REPORT_DUE: {
    category: 'SITUATION_REPORTS',
    subjectType: 'SituationReport',
    description: 'A situation report not yet sent is due within the notice period, or overdue (dueOn: its due date).',
  },
  PLACEMENT_REQUESTED: {
    category: 'PLACEMENTS',
    subjectType: 'Placement',
    description: 'A child is placed in a facility the association runs (dueOn: the start date).',
  },
  PLACEMENT_ENDING: {
    category: 'PLACEMENTS',
    subjectType: 'Placement',
    description: 'A placement in a facility the association runs reaches its planned end within the notice period (dueOn: the planned end).',
  },
} as const satisfies Record<string, { category: DataCategory; subjectType: string; description: string }>;

export type NotificationKind = keyof typeof NOTIFICATION_KINDS;
export const NOTIFICATION_KIND_NAMES = Object.keys(NOTIFICATION_KINDS) as NotificationKind[];

/** Whether the dispatcher still has to deliver it to the institution's webhook. */
export enum DeliveryStatus {
  /** Waiting for its (next) attempt. */
  PENDING = 'PENDING',
  /** The receiver answered 2xx. */
  DELIVERED = 'DELIVERED',
  /** Dead-lettered: every attempt failed (WEBHOOK_MAX_ATTEMPTS); kept, visible, retried only on request. */
  DEAD = 'DEAD',
  /** In the inbox only: no webhook for its recipient (or addressed to a whole audience). */
  NONE = 'NONE',
}

export interface NotificationRecipient {
  audience: Audience;
  /** The institution; null: every institution of the audience (the département's own notices). */
  partnerId: string | null;
}

export interface NotificationDraft {
  kind: NotificationKind;
  recipient: NotificationRecipient;
  subjectId: string;
  dueOn?: string | null;
  /** One notification per key (a deadline per recipient); absent: a new event, always written. */
  dedupeKey?: string;
}

/** Unread notifications sort before read ones: the inbox's single sort key (see inbox.ts). */
export const UNREAD_BONUS = 1_000_000_000_000_000n;

/** Refuses a notification its recipient's audience may never read (a bug, caught before writing). */
export function checkDraft(draft: NotificationDraft): void {
  const spec = NOTIFICATION_KINDS[draft.kind];
  if (!spec) throw new Error(`unknown notification kind ${String(draft.kind)}`);
  if (!canRead(draft.recipient.audience, spec.category)) {
    throw new Error(`a ${draft.kind} notification (${spec.category}) cannot be addressed to the ${draft.recipient.audience} audience`);
  }
}

/**
 * Writes the drafts into `schema`'s outbox with `manager`, i.e. inside the caller's
 * transaction, in one statement whatever their number. A draft whose dedupeKey is already
 * there is skipped (ON CONFLICT DO NOTHING): a deadline notifies each recipient once.
 */
export async function enqueueNotifications(manager: Pick<EntityManager, 'query'>, schema: string, drafts: readonly NotificationDraft[]): Promise<void> {
  if (drafts.length === 0) return;
  drafts.forEach(checkDraft);
  await manager.query(
    `INSERT INTO ${schema}.notification
       (dedupe_key, kind, category, recipient_audience, recipient_partner_id, subject_type, subject_id, due_on,
        inbox_order, delivery_status, next_attempt_at)
     SELECT d.key, d.kind, d.category, d.audience, d.partner, d.subject_type, d.subject, d.due,
            (extract(epoch FROM clock_timestamp()) * 1000)::bigint + ${UNREAD_BONUS},
            CASE WHEN d.partner IS NULL THEN 'NONE' ELSE 'PENDING' END,
            CASE WHEN d.partner IS NULL THEN NULL ELSE now() END
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::uuid[], $6::text[], $7::uuid[], $8::date[])
            AS d(key, kind, category, audience, partner, subject_type, subject, due)
     ON CONFLICT (dedupe_key) DO NOTHING`,
    [
      drafts.map((d) => d.dedupeKey ?? `event:${randomUUID()}`),
      drafts.map((d) => d.kind),
      drafts.map((d) => NOTIFICATION_KINDS[d.kind].category),
      drafts.map((d) => d.recipient.audience),
      drafts.map((d) => d.recipient.partnerId),
      drafts.map((d) => NOTIFICATION_KINDS[d.kind].subjectType),
      drafts.map((d) => d.subjectId),
      drafts.map((d) => d.dueOn ?? null),
    ],
  );
}

/**
 * The outbox table of a subgraph's schema. A migration calls this with a literal schema and
 * must keep emitting the same SQL: change what a later migration creates, never what an applied
 * one did.
 */
export function outboxTableSql(schema: string): string[] {
  return [
    `CREATE TABLE ${schema}.notification (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      dedupe_key text NOT NULL UNIQUE,
      kind text NOT NULL,
      category text NOT NULL,
      recipient_audience text NOT NULL,
      recipient_partner_id uuid,
      subject_type text NOT NULL,
      subject_id uuid NOT NULL,
      due_on date,
      created_at timestamptz NOT NULL DEFAULT now(),
      inbox_order bigint NOT NULL,
      acknowledged_at timestamptz,
      acknowledged_by text,
      delivery_status text NOT NULL CHECK (delivery_status IN ('PENDING', 'DELIVERED', 'DEAD', 'NONE')),
      attempts integer NOT NULL DEFAULT 0,
      next_attempt_at timestamptz,
      last_error text,
      delivered_at timestamptz
    )`,
    `CREATE INDEX notification_inbox_idx ON ${schema}.notification (recipient_partner_id, inbox_order DESC, id DESC)`,
    `CREATE INDEX notification_audience_inbox_idx ON ${schema}.notification (recipient_audience, inbox_order DESC, id DESC) WHERE recipient_partner_id IS NULL`,
    `CREATE INDEX notification_due_idx ON ${schema}.notification (next_attempt_at) WHERE delivery_status = 'PENDING'`,
  ];
}

/**
 * An inbox's page (`inboxCondition`: the audience's notifications addressed to the institution or
 * to the whole audience, newest first) walked in its order: by (audience, inbox order), the
 * audience's newest first, those of other institutions filtered out. Before, PostgreSQL could not
 * walk an `OR` of the two partial orders and read every notification of the audience then sorted
 * them (the département's 9 968 at 100 000 children: 12 ms, a court's 2 847: 6 ms; 0.07 and
 * 0.12 ms by this index; issue 14, `npm run bench:sweep`). It replaces the audience-wide partial
 * index, whose reads it serves too. For a later migration (`outboxTableSql` stays as applied).
 */
export function inboxOrderIndexSql(schema: string): string[] {
  return [
    `CREATE INDEX IF NOT EXISTS notification_audience_order_idx ON ${schema}.notification (recipient_audience, inbox_order DESC, id DESC)`,
    `DROP INDEX IF EXISTS ${schema}.notification_audience_inbox_idx`,
  ];
}

export function dropInboxOrderIndexSql(schema: string): string[] {
  return [
    `CREATE INDEX IF NOT EXISTS notification_audience_inbox_idx ON ${schema}.notification (recipient_audience, inbox_order DESC, id DESC) WHERE recipient_partner_id IS NULL`,
    `DROP INDEX IF EXISTS ${schema}.notification_audience_order_idx`,
  ];
}

export function dropOutboxTableSql(schema: string): string[] {
  return [`DROP TABLE ${schema}.notification`];
}
