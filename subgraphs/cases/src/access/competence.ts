import type { ScopeResolver } from '@passerelle/common';

/**
 * A children's court's territorial competence: the communes its jurisdiction covers (CPC 1181:
 * the judge of the place where the child lives). The partners subgraph holds each court's
 * jurisdiction; the cases subgraph never reads partners' tables, so it asks partners' internal
 * query as Passerelle itself, and keeps the answer briefly (as it keeps slices).
 */
const QUERY = `query CourtJurisdiction($courtId: ID!) { _partnersCourtJurisdiction(courtId: $courtId) }`;
const TTL_MS = 30_000;

type Cache = Map<string, { at: number; communes: Promise<string[]> }>;
/** One cache per running subgraph (its scope resolver), so that two stacks in one process never share it. */
const caches = new WeakMap<ScopeResolver, Cache>();

export function courtJurisdiction(scope: ScopeResolver, courtId: string): Promise<string[]> {
  let cache = caches.get(scope);
  if (!cache) caches.set(scope, (cache = new Map()));
  const now = Date.now();
  const hit = cache.get(courtId);
  if (hit && now - hit.at < TTL_MS) return hit.communes;
  if (cache.size > 1000) cache.clear();
  const communes = scope
    .askPeer<{ _partnersCourtJurisdiction: string[] }>('partners', QUERY, { courtId })
    .then((data) => data._partnersCourtJurisdiction)
    .catch((error: Error) => {
      throw new Error(`partners did not answer the jurisdiction of court ${courtId}: ${error.message}`);
    });
  cache.set(courtId, { at: now, communes });
  communes.catch(() => cache!.delete(courtId));
  return communes;
}
