import { GraphQLError } from 'graphql';
import { ErrorCode } from '@passerelle/common';

/** Allowed next states from each state. */
export type Transitions<S extends string> = Record<S, readonly S[]>;

/**
 * Refuses a transition the lifecycle does not allow, with BAD_USER_INPUT naming the current and
 * the requested state (and what is possible from here), before anything is written.
 */
export function assertTransition<S extends string>(
  typeName: string,
  id: string,
  transitions: Transitions<S>,
  current: S,
  requested: S,
  argument = 'input.id',
): void {
  const allowed = transitions[current];
  if (allowed.includes(requested)) return;
  throw new GraphQLError(
    `${typeName} ${id} is ${current}: it cannot become ${requested}` +
      (allowed.length > 0 ? ` (from ${current} it can become ${allowed.join(', ')})` : ` (${current} is final)`),
    {
      extensions: {
        code: ErrorCode.BAD_USER_INPUT,
        argument,
        currentStatus: current,
        requestedStatus: requested,
        allowedStatuses: [...allowed],
      },
    },
  );
}
