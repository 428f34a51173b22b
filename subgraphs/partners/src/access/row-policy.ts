import {
  childScopeCondition,
  forbidden,
  wholeDepartment,
  type Condition,
  type Database,
  type LocalScope,
  type Principal,
  type ScopeResolver,
} from '@passerelle/common';
import { parisToday } from '../dates';

/**
 * The partners subgraph's row scope — "rows in scope" of DOMAIN.md's matrix for the rows it
 * holds. Every decision about which enrolment or follow-up row a principal reads or writes is
 * here; the loaders apply the conditions as SQL.
 *
 * - département, CRIP: every row;
 * - a school: its own enrolments only (its pupils today and those who left), and writes only
 *   its own; a PMI centre: its own follow-ups, likewise;
 * - a judge or an association: the rows of the children in its slice (facts of the cases and
 *   placements subgraphs);
 * - anyone else: nothing (their contracts have no such field anyway).
 */
export interface PartnersRowPolicy {
  enrollments: Condition | null;
  followUps: Condition | null;
  /**
   * Throws FORBIDDEN unless the principal may write enrolments at this school; null: a record
   * that does not exist, refused alike for anyone but the whole département (which then gets
   * NOT_FOUND), so that a refusal never tells whether it exists nor where.
   */
  requireEnrollmentWriter(schoolId: string | null): void;
  /** The same for follow-ups at this PMI centre. */
  requireFollowUpWriter(pmiId: string | null): void;
}

const NOTHING: Condition = { sql: 'false', params: {} };

export async function partnersRowPolicy(principal: Principal, scope: ScopeResolver): Promise<PartnersRowPolicy> {
  const me = principal.partnerId;
  const own = (column: string): Condition => ({ sql: `w.${column} = :__me`, params: { __me: me } });
  const writer = (audience: string, noun: string) => (partnerId: string | null) => {
    if (wholeDepartment(principal.audience)) return;
    if (principal.audience !== audience || partnerId !== me) {
      // Names no institution, no record: the same words for another's record and for none.
      throw forbidden(`only the ${noun} itself records this: this record is not in your institution’s slice, or does not exist`);
    }
  };
  const policy = (enrollments: Condition | null, followUps: Condition | null): PartnersRowPolicy => ({
    enrollments,
    followUps,
    requireEnrollmentWriter: writer('school', 'school'),
    requireFollowUpWriter: writer('pmi', 'PMI centre'),
  });
  switch (principal.audience) {
    case 'system':
    case 'department':
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

/** This subgraph's facts for row scopes: a school's pupils today, a PMI centre's children today. */
export function partnersLocalScope(db: Database): LocalScope {
  return async (audience, partnerId) => {
    const inForce = `start_date <= $2 AND (end_date IS NULL OR end_date >= $2)`;
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
