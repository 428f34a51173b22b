import { badInput, type ScopeResolver } from '@passerelle/common';

/**
 * Whether member ids are caseworkers — active members of an active département or CRIP — asked
 * of the partners subgraph, which owns members (this subgraph stores member ids only and never
 * reads partners' tables). Asked as Passerelle itself, once per write, for every id at once.
 *
 * Why ask rather than trust an id's shape or the seed's deterministic ids: a member id is a
 * UUID like any other, the seed's ids exist only in the demo world, and a member who left (or an
 * institution closed) must not be assigned a child from the next write on. Not cached, as
 * `courtJurisdiction` is not: assigning a référent is a rare write.
 */
const QUERY = `query Caseworkers($ids: [ID!]!) { _partnersCaseworkers(ids: $ids) }`;

export async function requireCaseworkers(scope: ScopeResolver, ids: readonly string[], argument: string): Promise<void> {
  let known: string[];
  try {
    known = (await scope.askPeer<{ _partnersCaseworkers: string[] }>('partners', QUERY, { ids }))._partnersCaseworkers;
  } catch (error) {
    throw new Error(`partners did not answer whether members ${ids.join(', ')} are caseworkers: ${(error as Error).message}`);
  }
  const missing = ids.filter((id) => !known.includes(id));
  if (missing.length > 0) {
    throw badInput(`${missing.join(', ')}: not an active member of the département or the CRIP (a référent or an evaluator is one)`, argument);
  }
}
