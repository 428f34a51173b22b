import type { EntityManager } from 'typeorm';
import { assertTransition, type Transitions } from '../lifecycle';
import { Concern } from './concern.entity';
import { ConcernStatus, SenderOutcome } from './concern.enums';

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
  concern.status = to;
  if (to === ConcernStatus.ACKNOWLEDGED) concern.acknowledgedAt ??= new Date();
  concern.closedAt = FINAL_CONCERN_STATUSES.includes(to) ? new Date() : null;
  return manager.save(concern);
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
