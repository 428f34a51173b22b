import {
  cacheDay,
  DIRECTORY_CHANNEL,
  InvalidatedCache,
  serviceUnavailable,
  signedSubgraphQuery,
  systemPrincipal,
  type Audience,
  type ChangeListener,
  type DepartmentSlice,
} from '@passerelle/common';

/**
 * Whether a token's claims name a principal Passerelle accepts: the partner exists and is
 * active, its kind matches the audience, the member belongs to it and is active, and an
 * agreement in force today covers the audience. The partners subgraph owns those facts; the
 * gateway asks it (`_accessCheck`, kept out of the public API) and remembers the answer until
 * one of those facts changes.
 */
export interface AccessVerdict {
  allowed: boolean;
  /** Why not, in words a partner's administrator can act on. */
  reason?: string | null;
  /** The data categories the institution's agreements in force grant today. */
  grants?: string[];
  /** The institution's kind (PartnerKind), when allowed. */
  partnerKind?: string | null;
  /** A département member's role and team (partners' member record), signed into the principal. */
  department?: DepartmentSlice | null;
}

export interface AccessQuestion {
  partnerId: string;
  sub: string;
  audience: Audience;
}

export interface PartnerDirectory {
  check(question: AccessQuestion): Promise<AccessVerdict>;
}

/**
 * Answers are kept until a row they rest on changes: triggers on partners.partner,
 * partner_member and agreement notify `passerelle_directory` with the partner's id (`*` for a
 * TRUNCATE), and the entries for that partner go. Without a listener, or while it is not
 * listening, every request asks the directory (see invalidation.ts for the fail-safe and the
 * `sync()` that lets no next request beat the notification). The day is part of the key: an
 * agreement that ends tonight stops granting at midnight, Paris time, without any row changing.
 */
export function cachedDirectory(inner: PartnerDirectory, listener: ChangeListener | null, ttlMs = 60_000): PartnerDirectory {
  const cache = new InvalidatedCache<AccessVerdict>(listener, { ttlMs, maxEntries: 5000 });
  listener?.onChange((channel, payload) => {
    if (channel === DIRECTORY_CHANNEL) cache.invalidate(payload === '*' || payload === '' ? '' : `${payload}|`);
  });
  return {
    check(question) {
      const key = `${question.partnerId}|${question.sub}|${question.audience}|${cacheDay()}`;
      return cache.get(key, () => inner.check(question));
    },
  };
}

const ACCESS_CHECK = /* GraphQL */ `
  query AccessCheck($partnerId: ID!, $member: String!, $audience: String!) {
    _accessCheck(partnerId: $partnerId, member: $member, audience: $audience) { allowed reason grants partnerKind department { role teamId communes } }
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
