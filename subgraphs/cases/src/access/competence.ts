import type { ScopeResolver } from '@passerelle/common';

/**
 * A children's court's territorial competence: the communes its jurisdiction covers (CPC 1181:
 * the judge of the place where the child lives). The partners subgraph holds each court's
 * jurisdiction; the cases subgraph never reads partners' tables, so it asks partners' internal
 * query as Passerelle itself. Not cached: it is asked only when a judge opens a measure or a
 * hearing (a rare write), and a jurisdiction the département narrows must bite at the next one.
 */
const QUERY = `query CourtJurisdiction($courtId: ID!) { _partnersCourtJurisdiction(courtId: $courtId) }`;

export async function courtJurisdiction(scope: ScopeResolver, courtId: string): Promise<string[]> {
  try {
    const data = await scope.askPeer<{ _partnersCourtJurisdiction: string[] }>('partners', QUERY, { courtId });
    return data._partnersCourtJurisdiction;
  } catch (error) {
    throw new Error(`partners did not answer the jurisdiction of court ${courtId}: ${(error as Error).message}`);
  }
}
