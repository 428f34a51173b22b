import type { EntityManager } from 'typeorm';
import { assertTransition, type Transitions } from '../lifecycle';
import { notifySender } from '../notification/notification';
import { Concern } from './concern.entity';
import { ConcernStatus, SenderFeedback, SenderOutcome } from './concern.enums';

/**
 * RECEIVED → ACKNOWLEDGED → IN_EVALUATION → CLOSED_NO_ACTION | ADMINISTRATIVE_SUPPORT |
 * REFERRED_TO_PROSECUTOR. An acknowledged concern may go to the parquet at once (grave and
 * immediate danger, CASF D226-2-4 I); the parquet may send a referral back for evaluation.
 */
export const CONCERN_TRANSITIONS: Transitions<ConcernStatus> = {
  [ConcernStatus.RECEIVED]: [ConcernStatus.ACKNOWLEDGED],
  [ConcernStatus.ACKNOWLEDGED]: [ConcernStatus.IN_EVALUATION, ConcernStatus.REFERRED_TO_PROSECUTOR],
  [ConcernStatus.IN_EVALUATION]: [
    ConcernStatus.CLOSED_NO_ACTION,
    ConcernStatus.ADMINISTRATIVE_SUPPORT,
    ConcernStatus.REFERRED_TO_PROSECUTOR,
  ],
  [ConcernStatus.CLOSED_NO_ACTION]: [],
  [ConcernStatus.ADMINISTRATIVE_SUPPORT]: [],
  [ConcernStatus.REFERRED_TO_PROSECUTOR]: [ConcernStatus.ACKNOWLEDGED],
};

export const FINAL_CONCERN_STATUSES: readonly ConcernStatus[] = [
  ConcernStatus.CLOSED_NO_ACTION,
  ConcernStatus.ADMINISTRATIVE_SUPPORT,
  ConcernStatus.REFERRED_TO_PROSECUTOR,
];

/** Moves a concern (loaded for update in `manager`'s transaction) to `to`, or refuses. */
export async function moveConcern(
  manager: EntityManager,
  concern: Concern,
  to: ConcernStatus,
  argument = 'input.id',
): Promise<Concern> {
  assertTransition('Concern', concern.id, CONCERN_TRANSITIONS, concern.status, to, argument);
  const before = toldToSender(concern);
  concern.status = to;
  if (to === ConcernStatus.ACKNOWLEDGED) concern.acknowledgedAt ??= new Date();
  concern.closedAt = FINAL_CONCERN_STATUSES.includes(to) ? new Date() : null;
  const saved = await manager.save(concern);
  // In the same transaction: the sender's notification commits with the change, or not at all.
  await notifySender(manager, before, saved);
  return saved;
}

/** What the sender may know of the concern's outcome (CASF L226-5): never the evaluation. */
export function senderOutcome(status: ConcernStatus): SenderOutcome {
  switch (status) {
    case ConcernStatus.RECEIVED:
      return SenderOutcome.RECEIVED;
    case ConcernStatus.ACKNOWLEDGED:
    case ConcernStatus.IN_EVALUATION:
      return SenderOutcome.BEING_PROCESSED;
    case ConcernStatus.CLOSED_NO_ACTION:
      return SenderOutcome.CLOSED;
    case ConcernStatus.ADMINISTRATIVE_SUPPORT:
      return SenderOutcome.SUPPORT_PROVIDED;
    case ConcernStatus.REFERRED_TO_PROSECUTOR:
      return SenderOutcome.REFERRED_TO_JUSTICE;
  }
}

/** Locks a concern that a change elsewhere (an evaluation, a referral) moves along. */
export async function lockConcern(manager: EntityManager, id: string): Promise<Concern> {
  const concern = await manager.getRepository(Concern).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  if (!concern) throw new Error(`concern ${id} vanished`);
  return concern;
}

/** What a sender has been told of its concern: the status and dates as far as the CRIP told it. */
export interface ToldToSender {
  status: ConcernStatus;
  acknowledgedAt: Date | null;
  closedAt: Date | null;
  /** Moves only when what the sender may see moves (the record's own revision would tell it more). */
  version: number;
}

/**
 * The sender of a concern learns what became of it from the CRIP, which decides when and what to
 * tell (CASF L226-5): its view follows `senderFeedback`, never the processing itself. Until told
 * anything: RECEIVED; receipt confirmed: acknowledged and being processed (a concern already
 * processed shows as IN_EVALUATION); outcome sent: the status as it is.
 */
export function toldToSender(concern: Concern): ToldToSender {
  switch (concern.senderFeedback) {
    case SenderFeedback.OUTCOME_SENT:
      return { status: concern.status, acknowledgedAt: concern.acknowledgedAt, closedAt: concern.closedAt, version: 3 };
    case SenderFeedback.RECEIPT_CONFIRMED: {
      const status = FINAL_CONCERN_STATUSES.includes(concern.status) ? ConcernStatus.IN_EVALUATION : concern.status;
      return { status, acknowledgedAt: concern.acknowledgedAt, closedAt: null, version: 2 };
    }
    default:
      return { status: ConcernStatus.RECEIVED, acknowledgedAt: null, closedAt: null, version: 1 };
  }
}

/** The same status as `toldToSender`, as SQL on the alias `w` (to filter a sender's list by it). */
export const TOLD_TO_SENDER_STATUS_SQL = `(CASE w.sender_feedback
    WHEN 'OUTCOME_SENT' THEN w.status
    WHEN 'RECEIPT_CONFIRMED' THEN (CASE WHEN w.status IN ('CLOSED_NO_ACTION', 'ADMINISTRATIVE_SUPPORT', 'REFERRED_TO_PROSECUTOR')
      THEN 'IN_EVALUATION'::cases.concern_status ELSE w.status END)
    ELSE 'RECEIVED'::cases.concern_status END)`;
