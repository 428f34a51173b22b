import { serviceUnavailable, signedSubgraphQuery, systemPrincipal, type Audience } from '@passerelle/common';

/**
 * Whether a token's claims name a principal Passerelle accepts: the partner exists and is
 * active, its kind matches the audience, the member belongs to it and is active, and an
 * agreement in force today covers the audience. The partners subgraph owns those facts; the
 * gateway asks it (`_accessCheck`, kept out of the public API) and remembers the answer briefly.
 */
export interface AccessVerdict {
  allowed: boolean;
  /** Why not, in words a partner's administrator can act on. */
  reason?: string | null;
  /** The data categories the institution's agreements in force grant today. */
  grants?: string[];
}

export interface AccessQuestion {
  partnerId: string;
  sub: string;
  audience: Audience;
}

export interface PartnerDirectory {
  check(question: AccessQuestion): Promise<AccessVerdict>;
}

/** Answers are kept `ttlMs`: a closed partner or an expired agreement takes effect within it. */
export function cachedDirectory(inner: PartnerDirectory, ttlMs = 60_000): PartnerDirectory {
  const cache = new Map<string, { at: number; verdict: Promise<AccessVerdict> }>();
  return {
    check(question) {
      const key = `${question.partnerId}|${question.sub}|${question.audience}`;
      const now = Date.now();
      const hit = cache.get(key);
      if (hit && now - hit.at < ttlMs) return hit.verdict;
      if (cache.size > 5000) cache.clear();
      const verdict = inner.check(question);
      cache.set(key, { at: now, verdict });
      verdict.catch(() => cache.delete(key));
      return verdict;
    },
  };
}

const ACCESS_CHECK = /* GraphQL */ `
  query AccessCheck($partnerId: ID!, $member: String!, $audience: String!) {
    _accessCheck(partnerId: $partnerId, member: $member, audience: $audience) { allowed reason grants }
  }
`;

/** The partners subgraph as directory, called with the gateway's own signed principal. */
export function subgraphDirectory(partnersUrl: string, signingKey: string): PartnerDirectory {
  return {
    async check(question) {
      const variables = { partnerId: question.partnerId, member: question.sub, audience: question.audience };
      try {
        const data = await signedSubgraphQuery<{ _accessCheck: AccessVerdict }>(
          { name: 'partners', url: partnersUrl },
          ACCESS_CHECK,
          variables,
          systemPrincipal('gateway'),
          signingKey,
        );
        return data._accessCheck;
      } catch {
        // Who may act cannot be checked now (the partners subgraph or its database is down): a
        // coded refusal the client may retry, not an internal error.
        throw serviceUnavailable('the partners directory cannot be reached to check this access; retry in a moment');
      }
    },
  };
}
