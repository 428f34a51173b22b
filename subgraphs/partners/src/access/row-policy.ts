import {
  caseworkerOf,
  childScopeCondition,
  forbidden,
  type Condition,
  type Database,
  type LocalScope,
  type Principal,
  type ScopeResolver,
  andNotArchived,
  notArchived,
} from '@passerelle/common';
import { parisToday } from '../dates';

/**
 * The partners subgraph's row scope — "rows in scope" of DOMAIN.md's matrix for the rows it
 * holds. Every decision about which enrolment or follow-up row a principal reads or writes is
 * here; the loaders apply the conditions as SQL.
 *
 * - the département's managers, the CRIP: every row; a département caseworker: the rows of the
 *   children of their slice (team's communes, caseload, break-glass grants; facts of cases);
 * - a school: its own enrolments only (its pupils today and those who left); a PMI centre: its
 *   own follow-ups, likewise;
 * - a judge or an association: the rows of the children in its slice (facts of the cases and
 *   placements subgraphs);
 * - anyone else: nothing (their contracts have no such field anyway).
 *
 * Writes. An enrolment or a follow-up puts a child in a partner's slice, and no partner's write
 * may add a child to its own slice (issue 10, class 3): a school's enrolment and a PMI centre's
 * follow-up are recorded as declarations, which the département confirms or rejects; only the
 * département (and Passerelle itself: the seed, imports) records them in force at once. A school
 * declares and ends enrolments at itself only, a PMI centre follow-ups at itself only.
 */
export interface PartnersRowPolicy {
  enrollments: Condition | null;
  followUps: Condition | null;
  /**
   * How an enrolment at this school written by the principal is recorded: in force at once
   * ('fact': the département, Passerelle itself), or as a declaration ('declaration': the school
   * itself). FORBIDDEN for anyone else.
   */
  enrollmentWrite(schoolId: string): 'fact' | 'declaration';
  /** Likewise for a follow-up at this PMI centre. */
  followUpWrite(pmiId: string): 'fact' | 'declaration';
  /** The enrolments the principal may end (alias `w`): a school its own, the département any. */
  endableEnrollments: Condition | null;
  /** The follow-ups the principal may end: a PMI centre its own, the département any. */
  endableFollowUps: Condition | null;
  /** Throws FORBIDDEN unless the principal confirms declarations: the département (or Passerelle itself). */
  requireConfirmer(): void;
  /**
   * Throws FORBIDDEN when the member to change is the principal itself: a member's e-mail (how
   * they sign in) and activation are changed by another administrator, never by themselves, so
   * that no administrator widens their own rights (the matrix's DIRECTORY_ADMINISTRATION).
   */
  requireOtherMember(memberId: string): void;
}

const NOTHING: Condition = { sql: 'false', params: {} };

/** Who records slice-defining facts in force at once, and confirms partners' declarations. */
function confirmer(principal: Principal): boolean {
  return principal.audience === 'system' || principal.audience === 'department';
}

export async function partnersRowPolicy(principal: Principal, scope: ScopeResolver): Promise<PartnersRowPolicy> {
  const me = principal.partnerId;
  const own = (column: string): Condition => ({ sql: `w.${column} = :__me`, params: { __me: me } });
  const writer =
    (audience: string, noun: string) =>
    (partnerId: string): 'fact' | 'declaration' => {
      if (confirmer(principal)) return 'fact';
      if (principal.audience !== audience || partnerId !== me) {
        throw forbidden(`only the ${noun} itself declares this (your institution is not ${partnerId})`);
      }
      return 'declaration';
    };
  const endable = (audience: string, column: string): Condition | null =>
    confirmer(principal) ? null : principal.audience === audience ? own(column) : NOTHING;
  // The intermediate archive (issue 15): an archived child's enrolments and follow-ups leave every
  // read of every audience (the archivist reads them through `personalFile`).
  const archived = notArchived('partners', 'child_id');
  const policy = (enrollments: Condition | null, followUps: Condition | null): PartnersRowPolicy => ({
    enrollments: andNotArchived(enrollments, archived),
    followUps: andNotArchived(followUps, archived),
    enrollmentWrite: writer('school', 'school'),
    followUpWrite: writer('pmi', 'PMI centre'),
    endableEnrollments: endable('school', 'school_id'),
    endableFollowUps: endable('pmi', 'pmi_id'),
    requireConfirmer() {
      if (!confirmer(principal)) throw forbidden('only the département confirms or rejects a declaration');
    },
    requireOtherMember(memberId: string) {
      if (principal.audience !== 'system' && memberId === principal.sub) {
        throw forbidden('a member’s own record is changed by another administrator');
      }
    },
  });
  switch (principal.audience) {
    case 'department':
      if (caseworkerOf(principal)) {
        // A département caseworker (issue 13): the enrolments and follow-ups of their slice's children.
        const slice = childScopeCondition(await scope.childScope(principal));
        return policy(slice, slice);
      }
      return policy(null, null);
    case 'system':
    case 'crip':
      return policy(null, null);
    case 'school':
      return policy(own('school_id'), NOTHING);
    case 'pmi':
      return policy(NOTHING, own('pmi_id'));
    case 'judge':
    case 'association': {
      const slice = childScopeCondition(await scope.childScope(principal));
      return policy(slice, slice);
    }
    default:
      return policy(NOTHING, NOTHING);
  }
}

/**
 * This subgraph's facts for row scopes: a school's pupils today, a PMI centre's children today.
 * Confirmed rows only: a partner's declaration adds no child to its slice.
 */
export function partnersLocalScope(db: Database): LocalScope {
  return async (audience, partnerId) => {
    const inForce = `status = 'CONFIRMED' AND start_date <= $2 AND (end_date IS NULL OR end_date >= $2)`;
    const sql =
      audience === 'school'
        ? `SELECT DISTINCT child_id FROM partners.enrollment WHERE school_id = $1 AND ${inForce}`
        : audience === 'pmi'
          ? `SELECT DISTINCT child_id FROM partners.health_follow_up WHERE pmi_id = $1 AND ${inForce}`
          : null;
    if (!sql) return [];
    const rows: { child_id: string }[] = await db.dataSource.query(sql, [partnerId, parisToday()]);
    return rows.map((r) => r.child_id);
  };
}
