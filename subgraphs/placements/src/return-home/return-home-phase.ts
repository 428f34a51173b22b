import { registerEnumType } from 'type-graphql';

/** Phases of a progressive return home (sortie de placement), in order; the last two are outcomes. */
export enum ReturnHomePhase {
  DAY_VISITS = 'DAY_VISITS',
  WEEKENDS = 'WEEKENDS',
  HOLIDAYS = 'HOLIDAYS',
  MAINLEVEE_REQUESTED = 'MAINLEVEE_REQUESTED',
  COMPLETED = 'COMPLETED',
  ABANDONED = 'ABANDONED',
}
registerEnumType(ReturnHomePhase, {
  name: 'ReturnHomePhase',
  description: 'Phase of a return-home plan (phase du retour en famille).',
  valuesConfig: {
    DAY_VISITS: { description: 'Day visits at home (visites à la journée).' },
    WEEKENDS: { description: 'Weekends at home (week-ends).' },
    HOLIDAYS: { description: 'School holidays at home (vacances scolaires).' },
    MAINLEVEE_REQUESTED: { description: 'Lifting of the placement requested from the judge (demande de mainlevée).' },
    COMPLETED: { description: 'The child is home, the placement lifted (retour effectif).' },
    ABANDONED: { description: 'The return was given up (retour abandonné); the placement goes on.' },
  },
});

/** The phases a plan moves through, in order; each has planned and actual dates. */
export const WORKING_PHASES = [
  ReturnHomePhase.DAY_VISITS,
  ReturnHomePhase.WEEKENDS,
  ReturnHomePhase.HOLIDAYS,
  ReturnHomePhase.MAINLEVEE_REQUESTED,
] as const;

export const isClosedPhase = (phase: ReturnHomePhase) =>
  phase === ReturnHomePhase.COMPLETED || phase === ReturnHomePhase.ABANDONED;

/** Position in the forward order (COMPLETED after MAINLEVEE_REQUESTED; ABANDONED outside it). */
export function phaseRank(phase: ReturnHomePhase): number {
  return [...WORKING_PHASES, ReturnHomePhase.COMPLETED].indexOf(phase);
}

/** A refused move names the input field at fault: `to` (not allowed) or `reason` (missing). */
export type MoveCheck = { ok: true; backward: boolean } | { ok: false; message: string; field: 'to' | 'reason' };

/**
 * Whether a plan in `from` may move to `to`. Forward: exactly the next phase. Back: to any
 * earlier working phase, with a reason. ABANDONED: from any open phase, with a reason.
 * A closed plan (COMPLETED, ABANDONED) does not move.
 */
export function checkMove(from: ReturnHomePhase, to: ReturnHomePhase, reason: string | null | undefined): MoveCheck {
  if (isClosedPhase(from)) return { ok: false, message: `the plan is ${from}: it no longer moves`, field: 'to' };
  if (from === to) return { ok: false, message: `the plan is already in ${to}`, field: 'to' };
  const hasReason = !!reason && reason.trim().length > 0;
  if (to === ReturnHomePhase.ABANDONED) {
    return hasReason ? { ok: true, backward: false } : { ok: false, message: 'abandoning a plan needs a reason', field: 'reason' };
  }
  const delta = phaseRank(to) - phaseRank(from);
  if (delta === 1) return { ok: true, backward: false };
  if (delta > 1) {
    return { ok: false, message: `phases move forward one at a time: from ${from} the next phase is ${[...WORKING_PHASES, ReturnHomePhase.COMPLETED][phaseRank(from) + 1]}`, field: 'to' };
  }
  return hasReason ? { ok: true, backward: true } : { ok: false, message: `going back from ${from} to ${to} needs a reason`, field: 'reason' };
}
