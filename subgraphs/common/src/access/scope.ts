import { GraphQLError } from 'graphql';
import { Arg, Ctx, Directive, ID, Query, Resolver } from 'type-graphql';
import { forbidden, isUuid } from '../errors';
import type { Condition } from '../pagination';
import { canRead, isAudience, requiredScopes, ROW_SCOPES, type Audience, type DataCategory } from './matrix';
import { cacheDay, InvalidatedCache, SCOPE_CHANNEL, type ChangeListener } from './invalidation';
import { signedSubgraphQuery, systemPrincipal, type Principal } from './principal';

/**
 * Row scope: which children an institution's slice holds ("rows in scope", DOMAIN.md).
 * Facts that put a child in a partner's slice live in different subgraphs (a school's pupils in
 * partners, an association's placed children in placements, a judge's cases in cases), and a
 * subgraph never reads another's tables — so each subgraph answers, for its own facts, an
 * internal query `_<subgraph>ChildrenInScope` (system principals only, @inaccessible), and a
 * subgraph that needs the whole slice asks its peers and caches the union until a change to
 * one of those facts (a notification on `passerelle_scope`, see invalidation.ts) drops it.
 * Repositories then apply it as SQL (`child_id = ANY(:ids)`), never by filtering in memory.
 */
export type ChildScope = { kind: 'all' } | { kind: 'none' } | { kind: 'children'; ids: string[] };

export const ALL: ChildScope = { kind: 'all' };
export const NONE: ChildScope = { kind: 'none' };

/** Whole département for the département's services and the CRIP (and Passerelle itself). */
export function wholeDepartment(audience: Audience | 'system'): boolean {
  return audience === 'system' || ROW_SCOPES[audience].whole === true;
}

/** A subgraph's own contribution: the children its facts put in the partner's slice. */
export type LocalScope = (audience: Audience, partnerId: string) => Promise<string[]>;

export interface ScopeResolverOptions {
  /** This subgraph's name. */
  self: string;
  local: LocalScope;
  /** Where peers are reached (by subgraph name), read when needed. */
  peers: () => Record<string, string>;
  signingKey: string;
  /**
   * Tells the cache which slices changed. Absent, or not listening: no slice is cached at all
   * (every request computes its own), so a missed change can never keep a child in a slice.
   */
  listener?: ChangeListener | null;
  /** A bound on an entry's life even without a change (the guarantee is the listener's). */
  ttlMs?: number;
}

/**
 * What a `passerelle_scope` notification names: `<audience>:<partnerId>` (that institution's
 * slice changed), `<audience>:*` (some of that audience's slices changed: the trigger could not
 * tell which cheaply) or `*`. Returns the cache-key prefix to drop.
 */
export function scopeKeyPrefix(payload: string): string {
  const [audience, partner] = payload.split(':');
  if (!audience || audience === '*') return '';
  return !partner || partner === '*' ? `${audience}|` : `${audience}|${partner}|`;
}

export const scopeQueryName = (subgraph: string) => `_${subgraph}ChildrenInScope`;

export function createScopeResolver(options: ScopeResolverOptions) {
  const listener = options.listener ?? null;
  const cache = new InvalidatedCache<ChildScope>(listener, { ttlMs: options.ttlMs ?? 30_000, maxEntries: 2000 });
  listener?.onChange((channel, payload) => {
    if (channel === SCOPE_CHANNEL) cache.invalidate(scopeKeyPrefix(payload));
  });

  /**
   * Asks a peer subgraph a question as Passerelle itself (never as the principal): its part of a
   * slice; a court's jurisdiction (cases asks partners); whether a child exists (partners asks
   * cases when the département confirms a declaration). Answers the `data`, or throws.
   */
  const askPeer = async <T>(subgraph: string, query: string, variables: Record<string, unknown>): Promise<T> => {
    const url = options.peers()[subgraph];
    if (!url) throw new Error(`no URL for subgraph ${subgraph}`);
    return signedSubgraphQuery<T>({ name: subgraph, url }, query, variables, systemPrincipal(options.self), options.signingKey);
  };

  const ask = async (subgraph: string, audience: Audience, partnerId: string): Promise<string[]> => {
    if (subgraph === options.self) return options.local(audience, partnerId);
    const field = scopeQueryName(subgraph);
    const query = `query Scope($audience: String!, $partnerId: ID!) { ${field}(audience: $audience, partnerId: $partnerId) }`;
    try {
      const data = await askPeer<Record<string, string[]>>(subgraph, query, { audience, partnerId });
      return data[field]!;
    } catch (error) {
      throw new Error(`${subgraph} did not answer the scope of ${audience} ${partnerId}: ${(error as Error).message}`);
    }
  };

  const compute = async (principal: Principal): Promise<ChildScope> => {
    if (wholeDepartment(principal.audience)) return ALL;
    const audience = principal.audience as Audience;
    const sources = ROW_SCOPES[audience].sources;
    if (sources.length === 0) return NONE;
    const lists = await Promise.all(sources.map((s) => ask(s, audience, principal.partnerId)));
    return { kind: 'children', ids: [...new Set(lists.flat())] };
  };

  return {
    /**
     * The principal's slice of children, cached per institution, audience and day until a
     * change of the facts that define it (never served while the listener is down).
     */
    childScope(principal: Principal): Promise<ChildScope> {
      if (wholeDepartment(principal.audience)) return Promise.resolve(ALL);
      const key = `${principal.audience}|${principal.partnerId}|${cacheDay()}`;
      return cache.get(key, () => compute(principal));
    },
    /** This subgraph's own facts, for the internal query its peers call. */
    local: options.local,
    askPeer,
  };
}

export type ScopeResolver = ReturnType<typeof createScopeResolver>;

export function inScope(scope: ChildScope, childId: string): boolean {
  return scope.kind === 'all' || (scope.kind === 'children' && scope.ids.includes(childId));
}

/**
 * The error for a record outside the principal's slice. Worded the same whether the record
 * exists or not, so that it reveals nothing.
 */
export function outOfScope(typeName: string): GraphQLError {
  return forbidden(`this ${typeName} is not in your institution's slice, or does not exist`);
}

/**
 * The internal query a subgraph answers for its peers: `_<name>ChildrenInScope`. Only
 * Passerelle's own services may call it, and it is @inaccessible (in no API schema).
 */
export function childrenInScopeResolver(subgraph: string) {
  @Resolver()
  class ChildrenInScopeResolver {
    @Directive('@inaccessible')
    @Query(() => [ID], {
      name: scopeQueryName(subgraph),
      description: `Passerelle’s own services only: children the ${subgraph} subgraph’s facts put in an institution’s slice.`,
    })
    childrenInScope(
      @Ctx() context: { principal: Principal; scope: ScopeResolver },
      @Arg('audience') audience: string,
      @Arg('partnerId', () => ID) partnerId: string,
    ): Promise<string[]> {
      if (context.principal.audience !== 'system') throw forbidden('only Passerelle’s own services may ask this');
      if (!isAudience(audience) || !isUuid(partnerId)) return Promise.resolve([]);
      return context.scope.local(audience, partnerId);
    }
  }
  return ChildrenInScopeResolver;
}

/** `child_id = ANY(ids)` for a slice (alias `w`), or no condition for the whole département. */
export function childScopeCondition(scope: ChildScope, column = 'child_id'): Condition | null {
  if (scope.kind === 'all') return null;
  if (scope.kind === 'none') return { sql: 'false', params: {} };
  return { sql: `w.${column} = ANY(:__scopeChildren)`, params: { __scopeChildren: scope.ids } };
}

/**
 * Defense in depth for the categories that also need a scope (the audit log: managers with
 * `audit:read`): the gateway already nulls such fields, the subgraph refuses them too.
 */
export function requireScopesFor(principal: Principal, category: DataCategory): void {
  if (principal.audience === 'system') return;
  const missing = requiredScopes(category).filter((s) => !principal.scopes.includes(s));
  if (missing.length > 0 || !canRead(principal.audience, category)) {
    throw forbidden(`${category} needs the audience’s grant and the scope ${missing.join(', ') || requiredScopes(category).join(', ')}`);
  }
}
