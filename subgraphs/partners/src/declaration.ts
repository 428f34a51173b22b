import { badInput, type Condition } from '@passerelle/common';
import { registerEnumType } from 'type-graphql';
import type { EntityManager, EntityTarget } from 'typeorm';

/**
 * Where an enrolment or a PMI follow-up stands. Both put a child in a partner's slice, and no
 * partner's write may add a child to its own slice (issue 10, class 3): what a school or a PMI
 * centre records is DECLARED — outside its slice, ending nobody else's row — until the
 * département CONFIRMS it (then it is in force, and the child's row elsewhere ends the day
 * before) or REJECTS it (an unknown child, a mistaken school). What the département or Passerelle
 * itself records is CONFIRMED at once.
 */
export enum DeclarationStatus {
  DECLARED = 'DECLARED',
  CONFIRMED = 'CONFIRMED',
  REJECTED = 'REJECTED',
}

registerEnumType(DeclarationStatus, {
  name: 'DeclarationStatus',
  description: 'Whether an enrolment or a PMI follow-up is in force (CONFIRMED) or a partner’s declaration the département has yet to confirm.',
  valuesConfig: {
    DECLARED: { description: 'Declared by the school or PMI centre; not in force, the child is not in its slice.' },
    CONFIRMED: { description: 'In force: recorded by the département, or a declaration it confirmed.' },
    REJECTED: { description: 'A declaration the département rejected; never in force.' },
  },
});

/** Only rows in force as facts (alias `w`): what slices, current schools and lists count. */
export const CONFIRMED_ONLY: Condition = { sql: `w.status = 'CONFIRMED'`, params: {} };

/** Pending declarations (alias `w`), with an optional further condition. */
export const DECLARED_ONLY: Condition = { sql: `w.status = 'DECLARED'`, params: {} };

/** A declaration the département decides on must still be pending (it may say so: only the département gets here). */
export function requirePending<T extends { id: string; status: DeclarationStatus }>(row: T, typeName: string): T {
  if (row.status !== DeclarationStatus.DECLARED) {
    throw badInput(`${typeName} ${row.id} is ${row.status.toLowerCase()} already: only a pending declaration is confirmed or rejected`, 'id');
  }
  return row;
}

/** The child a declaration names, looked up in the cases subgraph (which owns children) as Passerelle itself. */
export const CHILD_EXISTS = /* GraphQL */ `query ($representations: [_Any!]!) { _entities(representations: $representations) { ... on Child { id } } }`;

export async function childExists(
  askPeer: <T>(subgraph: string, query: string, variables: Record<string, unknown>) => Promise<T>,
  childId: string,
): Promise<boolean> {
  const data = await askPeer<{ _entities: ({ id: string } | null)[] }>('cases', CHILD_EXISTS, {
    representations: [{ __typename: 'Child', id: childId }],
  });
  return data._entities[0]?.id === childId;
}

