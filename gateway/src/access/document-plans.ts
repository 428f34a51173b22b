import type { LiteralInputs } from '@passerelle/common';
import type { GraphQLError } from 'graphql';

/**
 * What the policy decides from an operation's document alone, for one audience: computed at the
 * document's first request and kept next to Apollo's query plan, so that a request pays only for
 * what depends on it (its principal: scopes, grants, revocation; its variables).
 *
 * Everything here must be a pure function of (audience, document text, operation name) and of
 * the schema and contracts, which are fixed for the process (a static supergraph; `reset` when
 * they change). Nothing that depends on a principal may go in: a plan is shared by every
 * principal of the audience. What depends on variables is kept only when it does not (limits).
 */
export interface DocumentPlan {
  /** contract-plugin.ts: validation against the audience's contract and the other document checks. */
  contract?: ContractPlan;
  /** limits.ts: the operation's measure, when no page size comes from a variable. */
  measure?: { depth: number; fields: number; values: number };
  /**
   * field-rules.ts: every (type, field) pair the response walk can look at for this operation: if
   * the principal may read all of them, no field can be refused and the walk is skipped.
   */
  fieldPairs?: readonly (readonly [type: string, field: string])[];
  /** audit-plugin.ts: the data categories the document asks for. */
  categories?: readonly string[];
}

export interface ContractPlan {
  /** Validation against the contract (every rule but the values'). */
  errors: readonly GraphQLError[];
  /** The operation's root type is missing from the contract. */
  operationType: GraphQLError | undefined;
  /** The literals' check (input.ts) and where each variable is used. */
  literals: LiteralInputs;
  /** ValuesOfCorrectTypeRule against the contract. */
  values: readonly GraphQLError[];
  introspection: 'none' | 'only' | 'mixed';
}

interface Entry {
  /** The document's full text: a hit needs the same text, not only the same hash. */
  source: string;
  plan: DocumentPlan;
}

/**
 * A bounded LRU of document plans, keyed by audience, the document's SHA-256 (Apollo's
 * `queryHash`: automatic persisted queries are off, so it is always the hash of the text the
 * request carries) and the operation name; a hit also compares the full text, so no two
 * documents can share a plan even if their hashes met. Bounded in entries and in the characters
 * of the texts it keeps.
 */
export class DocumentPlans {
  private readonly entries = new Map<string, Entry>();
  private chars = 0;

  constructor(
    private readonly maxEntries = 2000,
    private readonly maxChars = 8 * 1024 * 1024,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  /**
   * The plan of this request's document for its audience; a new, unshared one when the request
   * has no text or hash (nothing to key it by) or a text too large to keep.
   */
  of(audience: string, queryHash: string | undefined, operationName: string | null | undefined, source: string | undefined): DocumentPlan {
    if (!queryHash || source === undefined || source.length > this.maxChars / 16) return {};
    const key = `${audience}\u0000${queryHash}\u0000${operationName ?? ''}`;
    const hit = this.entries.get(key);
    if (hit && hit.source === source) {
      // Most recently used last.
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit.plan;
    }
    if (hit) this.drop(key, hit);
    const entry: Entry = { source, plan: {} };
    this.entries.set(key, entry);
    this.chars += source.length;
    while (this.entries.size > this.maxEntries || this.chars > this.maxChars) {
      const [oldest, value] = this.entries.entries().next().value as [string, Entry];
      this.drop(oldest, value);
    }
    return entry.plan;
  }

  /** Forgets every plan (the schema or the contracts changed). */
  reset(): void {
    this.entries.clear();
    this.chars = 0;
  }

  private drop(key: string, entry: Entry): void {
    this.entries.delete(key);
    this.chars -= entry.source.length;
  }
}

/** The plan of a request's document for its principal's audience. */
export function planOf(
  plans: DocumentPlans,
  ctx: { contextValue: { principal?: { audience: string } }; queryHash?: string; source?: string; request: { operationName?: string | null } },
): DocumentPlan {
  const audience = ctx.contextValue?.principal?.audience;
  if (!audience) return {};
  return plans.of(audience, ctx.queryHash, ctx.request.operationName, ctx.source);
}
