import { GraphQLError } from 'graphql';
import { Arg, Ctx, Directive, ID, Query, Resolver } from 'type-graphql';
import { forbidden, isUuid } from '../errors';
import { INSEE_COMMUNE_CODE } from '../territory';
import type { Condition } from '../pagination';
import { canRead, isAudience, requiredScopes, ROW_SCOPES, type Audience, type DataCategory } from './matrix';
import { cacheDay, InvalidatedCache, SCOPE_CHANNEL, type ChangeListener } from './invalidation';
import type { Log } from '../log';
import { signedSubgraphQuery, systemPrincipal, type Principal } from './principal';
import { SLICE_MEMBERS, STORED_SLICE_MIN, storedSliceRows, type SliceStore } from './slice-store';

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
export type ChildScope =
  | { kind: 'all' }
  | { kind: 'none' }
  /**
   * A slice known by its children's ids; `slice`, when the list is long, the key of the same ids
   * stored in PostgreSQL (slice-store.ts): statements then name the key rather than send the ids.
   */
  | {
      kind: 'children';
      ids: string[];
      slice?: string;
      /**
       * With `slice`: the ids the stored slice does not hold, named beside its key (a caseworker's
       * own children — référent, break-glass — beside the team's stored part). The slice is then
       * the stored rows and these, `ids` all of them.
       */
      beyond?: string[];
      /**
       * With `slice`: the stored slice's ids that are no longer in it (a team's children who left
       * since its part was stored). The slice is then the stored rows but these, and `beyond`.
       */
      without?: string[];
    }
  /**
   * A SQL subquery giving the children's ids (own aliases, named parameters), for the subgraph
   * that holds the facts itself: a caseworker's slice in cases (the children living in the team's
   * communes, by index, rather than thousands of ids per request). Not decidable in memory.
   */
  | {
      kind: 'where';
      sql: string;
      params: Record<string, unknown>;
      /**
       * The same slice as a test on one column (a correlated `EXISTS`), when the facts allow it: a
       * page of children sorted by name then walks the name index and probes the facts' index per
       * row, so that its cost does not grow with the slice (a court's 20 000 children), where
       * `IN (subquery)` builds the whole slice first.
       */
      test?: (column: string) => string;
    };

export const ALL: ChildScope = { kind: 'all' };
export const NONE: ChildScope = { kind: 'none' };

/**
 * Whole département for the département's services and the CRIP (and Passerelle itself), as an
 * audience. A département member may still see less (`seesWholeDepartment`).
 */
export function wholeDepartment(audience: Audience | 'system'): boolean {
  return audience === 'system' || ROW_SCOPES[audience].whole === true;
}

/** A département caseworker's slice, as the row scopes read it (see `caseworkerOf`). */
export interface Caseworker {
  /** The member (`sub`): their caseload and break-glass grants. */
  member: string;
  /** Their team's communes (INSEE codes), sorted; empty without a team. */
  communes: string[];
}

/**
 * The caseworker a principal is, or null: a member of the département whose directory role is not
 * MANAGER — a principal of the département that carries no role at all is one too (of no team),
 * so that a missing fact narrows, never widens. The CRIP and managers see the whole département.
 */
export function caseworkerOf(principal: Principal): Caseworker | null {
  if (principal.audience !== 'department') return null;
  const slice = principal.department;
  if (slice?.role === 'MANAGER') return null;
  return { member: principal.sub, communes: [...new Set(slice?.communes ?? [])].sort() };
}

/** Whether this principal reads every row: Passerelle, the CRIP, the département's managers. */
export function seesWholeDepartment(principal: Principal): boolean {
  return wholeDepartment(principal.audience) && caseworkerOf(principal) === null;
}

/** The internal query of the cases subgraph that answers a caseworker's children to its peers. */
export const CASEWORKER_CHILDREN_QUERY = '_casesCaseworkerChildren';

/** A subgraph's own contribution: the children its facts put in the partner's slice. */
export type LocalScope = (audience: Audience, partnerId: string) => Promise<string[]>;

export interface ScopeResolverOptions {
  /** This subgraph's name. */
  self: string;
  local: LocalScope;
  /**
   * The same facts as `local`, as a SQL predicate (a `where` slice), for an audience whose slice
   * this subgraph's facts alone define (a judge's, a parquet's in cases): applied in SQL with the
   * rest of each statement, rather than as a cached list of ids that grows with the slice. Null:
   * no predicate for that audience (its ids are used).
   */
  localWhere?: (audience: Audience, partnerId: string) => ChildScope | null;
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
  /**
   * The subgraph that holds a caseworker's facts (cases) answers their slice as a SQL predicate;
   * the others ask it for the ids (`_casesCaseworkerChildren`) and cache them per team and per member.
   */
  caseworkerLocal?: (caseworker: Caseworker) => ChildScope;
  /** Where slices of `storedSliceMin` ids or more are stored (absent: every slice is sent as its ids). */
  slices?: SliceStore;
  storedSliceMin?: number;
  log?: Log;
}

/**
 * What a `passerelle_scope` notification names: `<audience>:<partnerId>` (that institution's
 * slice changed), `<audience>:*` (some of that audience's slices changed: the trigger could not
 * tell which cheaply) or `*`. Returns the cache-key prefix to drop. The département's caseworkers'
 * entries are `department|team|…` and `department|member|…`: `department:member` (a référent, a
 * break-glass grant) drops the members' own parts and keeps the teams' (thousands of children
 * each), `department:*` (a child's commune, a child erased) drops both. `department:joined:<commune>:<child>`
 * (a child created) drops nothing: `joinedChild` reads it, and the team parts of that commune take
 * the child in; one that does not read drops every département part.
 */
export function scopeKeyPrefix(payload: string): string {
  // A child created that could not be read (`joinedChild` null): as a child added, before it named itself.
  if (payload.startsWith(JOINED)) return 'department|';
  const [audience, partner] = payload.split(':');
  if (!audience || audience === '*') return '';
  return !partner || partner === '*' ? `${audience}|` : `${audience}|${partner}|`;
}

const JOINED = 'department:joined:';

/**
 * A child created in a commune, as cases' insert trigger names it
 * (`department:joined:<commune>:<child id>`, migration ChildJoinsNotify): null for any other
 * payload, and for one of that form that does not hold a commune code and a child's id.
 */
export function joinedChild(payload: string): { commune: string; child: string } | null {
  if (!payload.startsWith(JOINED)) return null;
  const [commune, child, ...rest] = payload.slice(JOINED.length).split(':');
  if (rest.length > 0 || !commune || !child || !INSEE_COMMUNE_CODE.test(commune) || !isUuid(child)) return null;
  return { commune, child: child.toLowerCase() };
}

/** The communes of a team part's cache key (`department|team|<partner>|<communes>|<day>`). */
const teamKeyCommunes = (key: string): string[] => (key.split('|')[3] ?? '').split(',');

export const scopeQueryName = (subgraph: string) => `_${subgraph}ChildrenInScope`;

export function createScopeResolver(options: ScopeResolverOptions) {
  const listener = options.listener ?? null;
  // A slice older than half its bound is recomputed beside the requests (InvalidatedCache): a
  // court's 20 000 ids are not rebuilt on a request's path every 30 s.
  const ttlMs = options.ttlMs ?? 30_000;
  const cache = new InvalidatedCache<ChildScope>(listener, { ttlMs, maxEntries: 2000, refreshAfterMs: ttlMs / 2 });
  listener?.onChange((channel, payload) => {
    if (channel !== SCOPE_CHANNEL) return;
    // A child created joins the teams of its commune, as cases' team query would count it: the
    // cached team parts take it in (the largest team's 50 000 children not asked of cases again
    // for one more). Its member parts are not made of children's communes and stay.
    const joined = joinedChild(payload);
    if (joined) cache.amend('department|team|', (key) => teamKeyCommunes(key).includes(joined.commune), (part) => withChild(part, joined.child));
    else cache.invalidate(scopeKeyPrefix(payload));
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

  /** A caseworker's children, asked of cases: `member` null for the team's part, communes empty for the member's. */
  const askCaseworker = async (member: string | null, communes: string[]): Promise<string[]> => {
    const query = `query Caseworker($member: String, $communes: [String!]!) { ${CASEWORKER_CHILDREN_QUERY}(member: $member, communes: $communes) }`;
    try {
      const data = await askPeer<Record<string, string[]>>('cases', query, { member, communes });
      return data[CASEWORKER_CHILDREN_QUERY]!;
    } catch (error) {
      throw new Error(`cases did not answer a caseworker's children: ${(error as Error).message}`);
    }
  };

  /**
   * A caseworker's slice away from cases: the team's children (one entry per team, shared by its
   * members) and the member's own (caseload, break-glass), each cached until a change of the child
   * facts drops it: a child's commune (`department:*`, both parts; a child created joins the team
   * parts of its commune instead, see the listener above), a référent or a grant
   * (`department:member`, the members' parts only: a référent assigned asked cases for the team's
   * 50 000 children again, 150 ms on the member's next read at 100 000).
   */
  const caseworkerScope = async (principal: Principal, caseworker: Caseworker): Promise<ChildScope> => {
    if (options.caseworkerLocal) return options.caseworkerLocal(caseworker);
    const day = cacheDay();
    const team = caseworker.communes.length === 0
      ? Promise.resolve<ChildScope>(NONE)
      : cache.get(`department|team|${principal.partnerId}|${caseworker.communes.join(',')}|${day}`, async () => ({ kind: 'children', ids: await askCaseworker(null, caseworker.communes) }));
    const own = cache.get(`department|member|${principal.partnerId}|${caseworker.member}|${day}`, async () => ({ kind: 'children', ids: await askCaseworker(caseworker.member, []) }));
    const [teamPart, ownPart] = await Promise.all([team, own]);
    // The union of the two cached parts, kept beside them until the first grant in it ends: built
    // (and stored, when long) once per change rather than per request (thousands of a large
    // team's ids, and their set).
    const now = Date.now();
    const known = unions.get(teamPart)?.get(ownPart);
    if (known && known.until > now) return known.scope;
    // A grant's id comes as `<child>@<expiry, ms>`: it ends at that instant however long the entry lives.
    let until = Infinity;
    const inForce = (part: ChildScope) =>
      (part.kind === 'children' ? part.ids : []).flatMap((id) => {
        const [child, expiry] = id.split('@');
        if (expiry === undefined) return [child!];
        if (Number(expiry) <= now) return [];
        until = Math.min(until, Number(expiry));
        return [child!];
      });
    const ownIds = inForce(ownPart);
    // The team's part carries no grant (cases answers its children's ids): taken as it is, not split
    // id by id, and stored apart. One that did (none does) would be stored with the member's, as before.
    const scope =
      teamPart.kind === 'children' && !hasExpiries(teamPart)
        ? storedWithTeam(`${principal.partnerId}|${caseworker.communes.join(',')}`, teamPart, ownIds)
        : stored([...inForce(teamPart), ...ownIds]);
    let byOwn = unions.get(teamPart);
    if (!byOwn) unions.set(teamPart, (byOwn = new WeakMap()));
    byOwn.set(ownPart, { scope, until });
    return scope;
  };
  /**
   * A caseworker's slice with the team's part stored under a key of its own when it is long, and
   * the member's own children named beside it (`beyond`): a référent assigned or ended, a
   * break-glass granted or expired, changes the member's part only, and the team's 50 000
   * children (the largest team at 100 000) are not stored again for it (1.6 s on the member's next
   * read, `npm run bench:writes`). A team part under the threshold is stored with the member's, as before.
   */
  const storedWithTeam = async (lineage: string, team: { kind: 'children'; ids: string[] }, ownIds: string[]): Promise<ChildScope> => {
    if (!options.slices || team.ids.length < (options.storedSliceMin ?? STORED_SLICE_MIN)) return stored([...team.ids, ...ownIds]);
    let part = teamKeys.get(team);
    if (!part) {
      part = (joinedKey(lineage, team) ?? storeTeam(lineage, team)).catch((error: Error) => {
        options.log?.error(`slice of ${team.ids.length} children not stored, sent as its ids: ${error.message}`);
        return null;
      });
      teamKeys.set(team, part);
    }
    const inTeam = idSetOf(team);
    const own = [...new Set(ownIds.filter((id) => !inTeam.has(id)))];
    const ids = own.length === 0 ? team.ids : [...team.ids, ...own];
    const kept = await part;
    if (kept === null) return { kind: 'children', ids };
    const beyond = [...kept.added, ...own];
    const scope: ChildScope = { kind: 'children', ids, slice: kept.key, beyond, without: kept.removed };
    // Its ids as a set: the team's (kept with the team's part) and the member's beside them, not 50 000 ids copied.
    idSets.set(scope, own.length === 0 ? inTeam : new UnionSet(inTeam, new Set(own)));
    return scope;
  };

  /**
   * A team's part in the store: under the key its lineage (the institution and the team's
   * communes) last stored when the team changed little since — children who joined named as
   * `added`, children who left as `removed` (a child created in the largest team stored its 50 000
   * children again: hundreds of ms on each subgraph's next read) — else stored anew. The stored
   * key names exactly the ids it was stored with (its content's hash), checked present and of
   * that size when it is taken again.
   */
  const storeTeam = async (lineage: string, team: { ids: string[] }): Promise<{ key: string; added: string[]; removed: string[] }> => {
    const store = options.slices!;
    const ids = idSetOf(team);
    const last = lastStored.get(lineage);
    if (last && store.touch) {
      // Both ways over the sets (a few ms for 50 000): what is named beside the key must be exact.
      const added = [...ids].filter((id) => !last.ids.has(id));
      const removed = [...last.ids].filter((id) => !ids.has(id));
      if (added.length + removed.length <= deltaLimit(last.ids.size)) {
        if (await store.touch(last.key, last.ids.size)) return { key: last.key, added, removed };
      }
    }
    const key = await store.store(team.ids);
    if (lastStored.size >= 256) lastStored.clear();
    lastStored.set(lineage, { key, ids });
    return { key, added: [], removed: [] };
  };
  /**
   * A part that children created joined (`withChild`), named by the stored key of the part they
   * joined and those children beside it, while the difference stays small and the key stored;
   * undefined when that part has no key in hand (then `storeTeam` compares the ids).
   */
  const joinedKey = (lineage: string, team: { kind: 'children'; ids: string[] }): Promise<{ key: string; added: string[]; removed: string[] }> | undefined => {
    const link = joinedFrom.get(team);
    const from = link && teamKeys.get(link.base);
    if (!link || !from || !options.slices?.touch) return undefined;
    return from.then(async (kept) => {
      if (kept !== null && kept.added.length + kept.removed.length + link.children.length <= deltaLimit(team.ids.length)) {
        const joined = new Set(link.children);
        const removed = kept.removed.filter((id) => !joined.has(id));
        const added = [...kept.added, ...link.children.filter((id) => !kept.removed.includes(id))];
        // Of the size it was stored with: the ids now, less those named beside it.
        if (await options.slices!.touch!(kept.key, team.ids.length - added.length + removed.length)) return { key: kept.key, added, removed };
      }
      return storeTeam(lineage, team);
    });
  };
  /**
   * A team part made by `withChild`: the part its stored key would come from (the nearest one a
   * request had used when the child came, else the first of the children created since) and the
   * children created since, in order. Only that part is kept, not every version between.
   */
  const joinedFrom = new WeakMap<ChildScope, { base: ChildScope; children: string[] }>();

  /**
   * A team's part with one more child (the same part when it holds the child already). Its set is
   * the part's and the child beside it, not 50 000 ids hashed again; `joinedFrom` remembers what it
   * was made from, so that its stored key is that part's and the children are named beside it.
   */
  const withChild = (part: ChildScope, child: string): ChildScope => {
    if (part.kind !== 'children') return part;
    const from = idSetOf(part);
    if (from.has(child)) return part;
    const joined: ChildScope = { kind: 'children', ids: [...part.ids, child] };
    idSets.set(joined, unionDepth(from) < UNION_DEPTH_MAX ? new UnionSet(from, new Set([child])) : new Set(joined.ids));
    const earlier = joinedFrom.get(part);
    const since = earlier && !teamKeys.has(part) && earlier.children.length < deltaLimit(part.ids.length) ? earlier : null;
    joinedFrom.set(joined, since ? { base: since.base, children: [...since.children, child] } : { base: part, children: [child] });
    return joined;
  };

  /** The stored key of a team's part, by the cached part (a part recomputed is a new object, stored again: its use is marked). */
  const teamKeys = new WeakMap<ChildScope, Promise<{ key: string; added: string[]; removed: string[] } | null>>();
  /** The last key each team's lineage stored, and its ids. */
  const lastStored = new Map<string, { key: string; ids: ReadonlySet<string> }>();

  /** A caseworker's slice by its two cached parts (object identity: a part recomputed is a new object). */
  const unions = new WeakMap<ChildScope, WeakMap<ChildScope, { scope: Promise<ChildScope>; until: number }>>();

  /**
   * A slice of these ids, with its stored key when it is long (slice-store.ts). Storing is an
   * optimisation only: when it fails, the slice is sent as its ids, the same rows.
   */
  const stored = async (ids: string[]): Promise<ChildScope> => {
    if (!options.slices || ids.length < (options.storedSliceMin ?? STORED_SLICE_MIN)) return { kind: 'children', ids };
    try {
      return { kind: 'children', ids, slice: await options.slices.store(ids) };
    } catch (error) {
      options.log?.error(`slice of ${ids.length} children not stored, sent as its ids: ${(error as Error).message}`);
      return { kind: 'children', ids };
    }
  };

  const compute = async (principal: Principal): Promise<ChildScope> => {
    if (wholeDepartment(principal.audience)) return ALL;
    const audience = principal.audience as Audience;
    const sources = ROW_SCOPES[audience].sources;
    if (sources.length === 0) return NONE;
    const lists = await Promise.all(sources.map((s) => ask(s, audience, principal.partnerId)));
    return stored([...new Set(lists.flat())]);
  };

  return {
    /**
     * The principal's slice of children, cached per institution, audience and day until a
     * change of the facts that define it (never served while the listener is down).
     */
    childScope(principal: Principal): Promise<ChildScope> {
      const caseworker = caseworkerOf(principal);
      if (caseworker) return caseworkerScope(principal, caseworker);
      if (wholeDepartment(principal.audience)) return Promise.resolve(ALL);
      const sources = ROW_SCOPES[principal.audience as Audience].sources;
      if (options.localWhere && sources.length > 0 && sources.every((s) => s === options.self)) {
        const where = options.localWhere(principal.audience as Audience, principal.partnerId);
        if (where) return Promise.resolve(where);
      }
      const key = `${principal.audience}|${principal.partnerId}|${cacheDay()}`;
      return cache.get(key, () => compute(principal));
    },
    /** This subgraph's own facts, for the internal query its peers call. */
    local: options.local,
    askPeer,
  };
}

export type ScopeResolver = ReturnType<typeof createScopeResolver>;

/** Whether a child is in a slice known by its ids; a `where` slice is decided in SQL only (false here). */
export function inScope(scope: ChildScope, childId: string): boolean {
  return scope.kind === 'all' || (scope.kind === 'children' && idSetOf(scope).has(childId));
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

const idSets = new WeakMap<object, ReadonlySet<string>>();
/** Children created one by one are looked up through at most this many nested sets before one set is built of them all. */
const UNION_DEPTH_MAX = 16;
const unionDepth = (set: ReadonlySet<string>): number => (set instanceof UnionSet ? set.depth : 0);

/** A team's part changed by at most this many children, or this share of it, is named by its last stored key and the difference. */
const DELTA_MIN = 64;
const DELTA_SHARE = 0.01;
const deltaLimit = (size: number) => Math.max(DELTA_MIN, Math.floor(size * DELTA_SHARE));

const expiries = new WeakMap<object, boolean>();
/** Whether a cached part holds grants (`<child>@<expiry>`), looked at once per part. */
function hasExpiries(part: { ids: string[] }): boolean {
  let has = expiries.get(part);
  if (has === undefined) expiries.set(part, (has = part.ids.some((id) => id.includes('@'))));
  return has;
}

/** Two disjoint sets as one, read-only (a team's ids and a member's beside them). */
class UnionSet implements ReadonlySet<string> {
  /** How many sets deep a lookup may go. */
  readonly depth: number;
  constructor(
    private readonly a: ReadonlySet<string>,
    private readonly b: ReadonlySet<string>,
  ) {
    this.depth = 1 + Math.max(unionDepth(a), unionDepth(b));
  }
  get size(): number {
    return this.a.size + this.b.size;
  }
  has(value: string): boolean {
    return this.a.has(value) || this.b.has(value);
  }
  *values(): SetIterator<string> {
    yield* this.a;
    yield* this.b;
  }
  keys(): SetIterator<string> {
    return this.values();
  }
  *entries(): SetIterator<[string, string]> {
    for (const value of this) yield [value, value];
  }
  [Symbol.iterator](): SetIterator<string> {
    return this.values();
  }
  forEach(callback: (value: string, key: string, set: ReadonlySet<string>) => void, thisArg?: unknown): void {
    for (const value of this) callback.call(thisArg, value, value, this);
  }
}

/** A slice's ids as a set, built once per slice object (a cached slice serves many requests). */
export function idSetOf(scope: { ids: string[] }): ReadonlySet<string> {
  let set = idSets.get(scope);
  if (!set) {
    set = new Set(scope.ids);
    idSets.set(scope, set);
  }
  return set;
}

/**
 * Whether `expr` (an SQL expression) is one of a slice's children: the stored slice's rows when it
 * has a key (`IN (SELECT … WHERE slice = :key)`: one parameter, whatever its size), else its ids,
 * as `= ANY(ids)` or, with `unnest`, as `IN (SELECT unnest(ids))` (see cases' `childRows`).
 */
export function sliceMembership(scope: { ids: string[]; slice?: string; beyond?: string[]; without?: string[] }, expr: string, form: 'any' | 'unnest' = 'any'): Condition {
  if (scope.slice !== undefined) {
    const beyond = scope.beyond ?? [];
    const without = scope.without ?? [];
    if (beyond.length === 0 && without.length === 0) return { sql: `${expr} IN (${storedSliceRows('__scopeSlice')})`, params: { __scopeSlice: scope.slice } };
    // A probe of the stored rows per row (but those named `without`), or one of the ids beside
    // them. Not `IN (stored UNION ALL ids)`: PostgreSQL then hashes the whole stored slice for
    // every statement (484 ms for a caseworker's week of visits at 100 000 children, against
    // 1.2 ms). The subquery's alias is one no statement uses: a correlated `expr` must not be
    // captured by it.
    let sql = `EXISTS (SELECT 1 FROM ${SLICE_MEMBERS} stored_slice_member WHERE stored_slice_member.slice = :__scopeSlice AND stored_slice_member.child_id = ${expr})`;
    const params: Record<string, unknown> = { __scopeSlice: scope.slice };
    if (without.length > 0) {
      sql = `${sql} AND NOT (${expr} = ANY(CAST(:__scopeWithout AS uuid[])))`;
      params.__scopeWithout = without;
    }
    if (beyond.length > 0) {
      sql = `(${sql}) OR ${expr} = ANY(CAST(:__scopeBeyond AS uuid[]))`;
      params.__scopeBeyond = beyond;
    }
    return { sql: `(${sql})`, params };
  }
  const sql = form === 'any' ? `${expr} = ANY(:__scopeChildren)` : `${expr} IN (SELECT unnest(CAST(:__scopeChildren AS uuid[])))`;
  return { sql, params: { __scopeChildren: scope.ids } };
}

/**
 * A slice known by its ids as a condition on `w.<column>` (`sliceMembership`), with the ids as a
 * set (`Condition.within`) so that a statement keyed by that column sends only the keys in the slice.
 */
export function idsCondition(scope: { ids: string[]; slice?: string; beyond?: string[]; without?: string[] }, column: string, form: 'any' | 'unnest' = 'any'): Condition {
  return { ...sliceMembership(scope, `w.${column}`, form), within: { column, ids: idSetOf(scope), rest: null } };
}

/** `child_id = ANY(ids)` for a slice (alias `w`), or no condition for the whole département. */
export function childScopeCondition(scope: ChildScope, column = 'child_id'): Condition | null {
  if (scope.kind === 'all') return null;
  if (scope.kind === 'none') return { sql: 'false', params: {} };
  if (scope.kind === 'where') return { sql: scope.test ? scope.test(`w.${column}`) : `w.${column} IN (${scope.sql})`, params: scope.params };
  return idsCondition(scope, column);
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
