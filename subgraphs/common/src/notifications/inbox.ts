import { ArrayMaxSize, ArrayMinSize } from 'class-validator';
import { GraphQLLocalDate } from 'graphql-scalars';
import { Arg, Args, ArgsType, Ctx, Field, ID, Int, Mutation, ObjectType, Query, registerEnumType, Resolver } from 'type-graphql';
import { Column, Entity, In, PrimaryColumn, type DataSource } from 'typeorm';
import { Access } from '../access/directive';
import { agreementCategoryOf, canRead, DATA_CATEGORIES, type DataCategory } from '../access/matrix';
import type { Principal } from '../access/principal';
import { caseworkerOf } from '../access/scope';
import type { Database } from '../database';
import { badInput, forbidden, isUuid, notFound } from '../errors';
import { Connection, paginate, PageArgs, type Condition, type Page } from '../pagination';
import { rowsOf } from './endpoints';
import { DeliveryStatus, NOTIFICATION_KIND_NAMES, NOTIFICATION_KINDS, UNREAD_BONUS, type NotificationKind } from './outbox';

/**
 * The recipient's side of the outbox: each subgraph that writes notifications serves its own
 * inbox (`caseNotifications`, `placementNotifications`), built here once. Type names carry the
 * subgraph's prefix: only entities are shared across subgraphs (as for the statistics types).
 *
 * Who reads what: a member reads its institution's notifications, and those addressed to its
 * whole audience (the département's), of the categories its audience may read (the matrix) and
 * its institution's agreements in force grant — a notification never shows what its reader
 * could not read by asking for the record. Acknowledging one that is not the reader's is
 * NOT_FOUND, worded as for one that does not exist, and nothing is acknowledged.
 */
export interface InboxContext {
  db: Database;
  principal: Principal;
}

export const MAX_ACKNOWLEDGED = 100;

/** The categories a principal's notifications may be of: its audience's reads, granted by its agreements. */
export function readableCategories(principal: Principal): DataCategory[] {
  if (principal.audience === 'system') return [];
  const audience = principal.audience;
  return DATA_CATEGORIES.filter((category) => {
    if (!canRead(audience, category)) return false;
    const covering = agreementCategoryOf(category);
    return covering === null || !principal.grants || principal.grants.includes(covering);
  });
}

interface InboxOwner {
  audience: string;
  partnerId: string;
  categories: DataCategory[];
}

function inboxOwner(principal: Principal): InboxOwner | null {
  if (principal.audience === 'system') throw forbidden('Passerelle’s own services have no notifications');
  // The département's notifications are addressed to the whole département (its measures ending,
  // its reports due), ids and dates of children of every team: a caseworker, whose slice is their
  // team and caseload, reads none of them (their deadlines are myCaseload's); the managers do.
  if (caseworkerOf(principal)) return null;
  const kinds = Object.values(NOTIFICATION_KINDS).map((k) => k.category as DataCategory);
  const categories = readableCategories(principal).filter((c) => kinds.includes(c));
  if (categories.length === 0) return null;
  // A partner id that is no uuid (a malformed token) matches no row rather than failing the cast.
  return { audience: principal.audience, partnerId: isUuid(principal.partnerId) ? principal.partnerId : '00000000-0000-0000-0000-000000000000', categories };
}

const OWNED = (audience: string, partner: string, categories: string) =>
  `w.recipient_audience = ${audience} AND (w.recipient_partner_id = ${partner} OR w.recipient_partner_id IS NULL) AND w.category = ANY(${categories})`;

/** The notifications a principal may see, against the alias `w`. */
export function inboxCondition(principal: Principal): Condition {
  const owner = inboxOwner(principal);
  if (!owner) return { sql: 'false', params: {} };
  return {
    sql: OWNED(':__inboxAudience', ':__inboxPartner', ':__inboxCategories'),
    params: { __inboxAudience: owner.audience, __inboxPartner: owner.partnerId, __inboxCategories: owner.categories },
  };
}

/** The same, as raw SQL with positional parameters from `$first`. */
function inboxConditionSql(principal: Principal, first: number): { sql: string; params: unknown[] } {
  const owner = inboxOwner(principal);
  if (!owner) return { sql: 'false', params: [] };
  return {
    sql: OWNED(`$${first}`, `$${first + 1}::uuid`, `$${first + 2}::text[]`),
    params: [owner.audience, owner.partnerId, owner.categories],
  };
}

export function notificationInbox(options: {
  /** The subgraph's schema (its outbox is `<schema>.notification`). */
  schema: string;
  /** Type name prefix: `Case` → `CaseNotification`. */
  prefix: string;
  /** Root field prefix: `case` → `caseNotifications`. */
  field: string;
  /** The kinds this subgraph writes (the enum of its type). */
  kinds: readonly NotificationKind[];
}) {
  const { schema, prefix } = options;
  const KindEnum = Object.fromEntries(options.kinds.map((k) => [k, k])) as Record<string, string>;
  registerEnumType(KindEnum, {
    name: `${prefix}NotificationKind`,
    description: 'What the notification is about.',
    valuesConfig: Object.fromEntries(options.kinds.map((k) => [k, { description: NOTIFICATION_KINDS[k].description }])),
  });
  const DeliveryEnum = { ...DeliveryStatus };
  registerEnumType(DeliveryEnum, {
    name: `${prefix}NotificationDelivery`,
    description: 'Where its delivery to the institution’s webhook stands.',
    valuesConfig: {
      PENDING: { description: 'Waiting for its next attempt.' },
      DELIVERED: { description: 'The webhook answered 2xx.' },
      DEAD: { description: 'Dead-lettered: every attempt failed; retried only on request.' },
      NONE: { description: 'Inbox only: no webhook for the institution, or addressed to a whole audience.' },
    },
  });

  @Access('NOTIFICATIONS')
  @ObjectType(`${prefix}Notification`, {
    description: 'Something the institution must act on fell due or changed. Only ids, a kind and a due date: read the record itself for the rest, as far as your slice allows.',
  })
  @Entity({ schema, name: 'notification' })
  class NotificationEntity {
    @Field(() => ID, { description: 'Its id; also the webhook delivery’s idempotency id (Passerelle-Webhook-Id).' })
    @PrimaryColumn('uuid')
    id!: string;

    @Column({ name: 'dedupe_key', type: 'text' })
    dedupeKey!: string;

    @Field(() => KindEnum, { description: 'What it is about.' })
    @Column({ type: 'text' })
    kind!: NotificationKind;

    @Column({ type: 'text' })
    category!: string;

    @Column({ name: 'recipient_audience', type: 'text' })
    recipientAudience!: string;

    @Column({ name: 'recipient_partner_id', type: 'uuid', nullable: true })
    recipientPartnerId!: string | null;

    @Field({ description: 'The type of the record it points at (Concern, Measure, SituationReport, Placement).' })
    @Column({ name: 'subject_type', type: 'text' })
    subjectType!: string;

    @Field(() => ID, { description: 'The id of the record it points at.' })
    @Column({ name: 'subject_id', type: 'uuid' })
    subjectId!: string;

    @Field(() => GraphQLLocalDate, { nullable: true, description: 'When it falls due, for a deadline.' })
    @Column({ name: 'due_on', type: 'date', nullable: true })
    dueOn!: string | null;

    @Field({ description: 'When it was written.' })
    @Column({ name: 'created_at', type: 'timestamptz' })
    createdAt!: Date;

    @Column({ name: 'inbox_order', type: 'bigint' })
    inboxOrder!: string;

    @Field(() => Date, { nullable: true, description: 'When a member of the institution acknowledged it; null while unread.' })
    @Column({ name: 'acknowledged_at', type: 'timestamptz', nullable: true })
    acknowledgedAt!: Date | null;

    @Column({ name: 'acknowledged_by', type: 'text', nullable: true })
    acknowledgedBy!: string | null;

    @Field(() => DeliveryEnum, { description: 'Its delivery to the institution’s webhook.' })
    @Column({ name: 'delivery_status', type: 'text' })
    deliveryStatus!: DeliveryStatus;

    @Field(() => Int, { description: 'How many delivery attempts were made.' })
    @Column({ type: 'integer' })
    attempts!: number;

    @Column({ name: 'next_attempt_at', type: 'timestamptz', nullable: true })
    nextAttemptAt!: Date | null;

    @Field(() => String, { nullable: true, description: 'Why the last delivery attempt failed (your receiver’s HTTP status, a timeout…).' })
    @Column({ name: 'last_error', type: 'text', nullable: true })
    lastError!: string | null;

    @Field(() => Date, { nullable: true, description: 'When the webhook took it.' })
    @Column({ name: 'delivered_at', type: 'timestamptz', nullable: true })
    deliveredAt!: Date | null;
  }

  const NotificationConnection = Connection(NotificationEntity, `${prefix}Notification`);

  @ArgsType()
  class InboxArgs extends PageArgs {
    @Field({ defaultValue: false, description: 'Only the notifications not acknowledged yet.' })
    unreadOnly: boolean = false;

    @Field(() => DeliveryEnum, { nullable: true, description: 'Only those whose webhook delivery stands so (DEAD: the dead letters).' })
    deliveryStatus?: DeliveryStatus | null;
  }

  @ArgsType()
  class AcknowledgeArgs {
    @Field(() => [ID], { description: `The notifications to acknowledge (1 to ${MAX_ACKNOWLEDGED}); all of them, or none if one is not yours.` })
    @ArrayMinSize(1)
    @ArrayMaxSize(MAX_ACKNOWLEDGED)
    ids!: string[];
  }

  const repository = (ds: DataSource) => ds.getRepository(NotificationEntity);

  /** Acknowledges all of `ids` or none: NOT_FOUND names the first that is not the principal's. */
  async function acknowledge(ctx: InboxContext, ids: string[]): Promise<NotificationEntity[]> {
    ids.forEach((id, i) => {
      if (!isUuid(id)) throw badInput(`ids.${i} is not an id`, `ids.${i}`);
    });
    const unique = [...new Set(ids.map((id) => id.toLowerCase()))];
    const visible = inboxConditionSql(ctx.principal, 4);
    return ctx.db.dataSource.transaction(async (manager) => {
      const updated = rowsOf<{ id: string }>(
        await manager.query(
          `UPDATE ${schema}.notification w
              SET acknowledged_at = COALESCE(w.acknowledged_at, now()),
                  acknowledged_by = COALESCE(w.acknowledged_by, $2),
                  inbox_order = CASE WHEN w.acknowledged_at IS NULL THEN w.inbox_order - $3::bigint ELSE w.inbox_order END
            WHERE w.id = ANY($1::uuid[]) AND ${visible.sql}
            RETURNING w.id`,
          [unique, ctx.principal.sub, UNREAD_BONUS.toString(), ...visible.params],
        ),
      );
      const done = new Set(updated.map((r) => r.id));
      const missing = unique.find((id) => !done.has(id));
      // Rolled back: nothing acknowledged, and the answer is the one a nonexistent id gets.
      if (missing) throw notFound(`${prefix}Notification`, missing);
      const rows = await manager.getRepository(NotificationEntity).findBy({ id: In(unique) });
      const byId = new Map(rows.map((r) => [r.id, r]));
      return unique.map((id) => byId.get(id)!);
    });
  }

  @Resolver(() => NotificationEntity)
  class InboxResolver {
    @Access('NOTIFICATIONS')
    @Query(() => NotificationConnection, {
      name: `${options.field}Notifications`,
      description: `Your institution’s notifications from the ${schema} subgraph: unread first, then newest first, a page at a time.`,
    })
    notifications(@Ctx() ctx: InboxContext, @Args() args: InboxArgs): Promise<Page<NotificationEntity>> {
      const condition = inboxCondition(ctx.principal);
      const qb = repository(ctx.db.dataSource).createQueryBuilder('w').where(condition.sql, condition.params);
      if (args.unreadOnly) qb.andWhere('w.acknowledged_at IS NULL');
      if (args.deliveryStatus) qb.andWhere('w.delivery_status = :__delivery', { __delivery: args.deliveryStatus });
      return paginate(qb, args, { property: 'inboxOrder', direction: 'DESC' });
    }

    @Access('NOTIFICATIONS')
    @Mutation(() => [NotificationEntity], {
      name: `acknowledge${prefix}Notifications`,
      description: 'Marks your notifications read (idempotent). One that is not yours is NOT_FOUND, and then none is acknowledged.',
    })
    acknowledgeNotifications(@Ctx() ctx: InboxContext, @Args() args: AcknowledgeArgs): Promise<NotificationEntity[]> {
      return acknowledge(ctx, args.ids);
    }

    @Access('NOTIFICATIONS')
    @Mutation(() => NotificationEntity, {
      name: `redeliver${prefix}Notification`,
      description: 'Sends a dead-lettered notification to your webhook again (its attempts start over). NOT_FOUND if it is not yours; BAD_USER_INPUT if it is not dead-lettered.',
    })
    async redeliverNotification(@Ctx() ctx: InboxContext, @Arg('id', () => ID, { description: 'The notification.' }) id: string): Promise<NotificationEntity> {
      if (!isUuid(id)) throw badInput('id is not an id', 'id');
      const condition = inboxCondition(ctx.principal);
      return ctx.db.dataSource.transaction(async (manager) => {
        const row = await manager
          .getRepository(NotificationEntity)
          .createQueryBuilder('w')
          .setLock('pessimistic_write')
          .where(condition.sql, condition.params)
          .andWhere('w.id = :__id', { __id: id })
          .getOne();
        if (!row) throw notFound(`${prefix}Notification`, id);
        if (row.deliveryStatus !== DeliveryStatus.DEAD) throw badInput(`notification ${id} is ${row.deliveryStatus}, not dead-lettered`, 'id');
        row.deliveryStatus = DeliveryStatus.PENDING;
        row.attempts = 0;
        row.nextAttemptAt = new Date();
        return manager.save(row);
      });
    }
  }

  return { entity: NotificationEntity, resolver: InboxResolver, kinds: NOTIFICATION_KIND_NAMES };
}
