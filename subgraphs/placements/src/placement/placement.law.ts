import { type MeasureKindName, type PlacementBasis, type ScopeResolver } from '@passerelle/common';

/**
 * What the law needs to know of a placement's measure and child (issue 13): the measure's kind,
 * status and dates, and the child's birth date (the age band of the place is derived from it,
 * never taken from the client). The cases subgraph owns both; placements never reads its tables,
 * so it asks cases as Passerelle itself (`_entities`, as partners asks whether a child exists).
 * Not cached: asked once per placement, a rare write.
 */
const QUERY = /* GraphQL */ `query ($representations: [_Any!]!) {
  _entities(representations: $representations) {
    ... on Measure { id kind status startDate plannedEndDate closedOn child { id birthDate } }
  }
}`;

export interface PlacementFacts {
  measure: PlacementBasis;
  birthDate: string;
}

interface MeasureEntity {
  id: string;
  kind: MeasureKindName;
  status: string;
  startDate: string;
  plannedEndDate: string | null;
  closedOn: string | null;
  child: { id: string; birthDate: string };
}

/** The measure and its child's birth date; null when cases has no such measure. */
export async function placementFacts(scope: ScopeResolver, measureId: string): Promise<PlacementFacts | null> {
  let data: { _entities: (MeasureEntity | null)[] };
  try {
    data = await scope.askPeer<{ _entities: (MeasureEntity | null)[] }>('cases', QUERY, {
      representations: [{ __typename: 'Measure', id: measureId }],
    });
  } catch (error) {
    throw new Error(`cases did not answer measure ${measureId}: ${(error as Error).message}`);
  }
  const m = data._entities[0];
  if (!m || m.id !== measureId || !m.child) return null;
  return {
    measure: { kind: m.kind, status: m.status, childId: m.child.id, startDate: m.startDate, plannedEndDate: m.plannedEndDate, closedOn: m.closedOn },
    birthDate: m.child.birthDate,
  };
}
