import {
  caseworkerOf,
  childScopeCondition,
  forbidden,
  inScope,
  notFound,
  outOfScope,
  type ChildScope,
  type Condition,
  type Database,
  type LocalScope,
  type Principal,
  type ScopeResolver,
  andNotArchived,
  notArchived,
  notAmong,
} from '@passerelle/common';
import type { GraphQLError } from 'graphql';

/**
 * The placements subgraph's row scope — "rows in scope" of DOMAIN.md's matrix for the rows it
 * holds. Every decision about which facility, placement, visit right, visit or return-home plan
 * a principal reads or writes is here; loaders and services apply the conditions as SQL
 * (alias `w`), never by filtering in memory.
 *
 * Reads:
 * - the département's managers, the CRIP (and Passerelle itself): every row;
 * - a département caseworker: the placements, visit rights, visits and return-home plans of the
 *   children of their slice (their team's communes, their caseload, their break-glass grants:
 *   facts of cases), every facility; they write those rows only;
 * - a judge: placements, visit rights and visits, return-home plans of the children in its slice
 *   (cases' facts: a measure, hearing or referral before its court); every facility (vacancy
 *   search);
 * - an association: the placements in the facilities it operates, history included (not the
 *   child's placements elsewhere); visit rights, visits and return-home plans of the children in
 *   its slice; the facilities it operates;
 * - anyone else: nothing (their contracts hold no placement data anyway: defence in depth).
 * The address of a facility whose address is confidential (a foster family's, CC 375-7) is read
 * only by the département, the operating association, and a judge while the facility houses a
 * child of its slice (an open placement): never a family that houses no child before its court.
 *
 * Writes: the département writes everything; a judge writes visit rights and visits for the
 * children in its slice; nobody else writes here.
 */
export type PlacementsRows = 'facilities' | 'placements' | 'visitRights' | 'visits' | 'returnHomePlans';

export interface PlacementsRowPolicy {
  /** The rows of each kind the principal reads, as SQL on alias `w` — never an archived child's (issue 15); null: every row. */
  read: Readonly<Record<PlacementsRows, Condition | null>>;
  /** Whether the principal sees every (active) row of the kind: an unknown id is then NOT_FOUND. */
  seesAll(rows: PlacementsRows): boolean;
  /**
   * The error for a record asked by id that the read condition leaves out: NOT_FOUND when the
   * principal sees every row of the kind, else FORBIDDEN worded the same whether it exists or not.
   */
  unseen(rows: PlacementsRows, typeName: string, id: string): GraphQLError;
  /**
   * The rows of a kind the principal may change, as SQL on alias `w` (null: any); throws
   * FORBIDDEN, before anything is written, when it may change none.
   */
  writable(rows: PlacementsRows): Condition | null;
  /** Throws FORBIDDEN unless the principal may create a row of this kind for this child. */
  requireNewRowFor(rows: PlacementsRows, childId: string): void;
  /**
   * Whether the principal may read this facility's street address and postal code: yes, no, or
   * only if the facility houses now a child of the slice — one of the `housing` placements.
   */
  readsAddress(facility: { confidentialAddress: boolean; operatorId: string | null }): AddressAccess;
  /** For `if-housing`: the open placements (alias `w`) that open a confidential address to the principal. */
  housing: Condition;
}

export type AddressAccess = 'yes' | 'no' | 'if-housing';

const NOTHING: Condition = { sql: 'false', params: {} };
const ALL_ROWS: Record<PlacementsRows, null> = { facilities: null, placements: null, visitRights: null, visits: null, returnHomePlans: null };
const NO_ROWS: Record<PlacementsRows, Condition> = {
  facilities: NOTHING,
  placements: NOTHING,
  visitRights: NOTHING,
  visits: NOTHING,
  returnHomePlans: NOTHING,
};

/**
 * Visits hang on a visit right: those of the rights of the children in `scope`. The subquery
 * reuses the alias `w` (the conditions are written against it), which shadows the outer one.
 */
function visitsOf(scope: ChildScope): Condition | null {
  const rights = childScopeCondition(scope);
  if (!rights) return null;
  return {
    sql: `w.visit_right_id IN (SELECT w.id FROM placements.visit_right w WHERE ${rights.sql})`,
    params: rights.params,
  };
}

/** The rows of the children in a slice (a judge's, an association's). */
function ofChildren(scope: ChildScope) {
  const children = childScopeCondition(scope);
  return { visitRights: children, visits: visitsOf(scope), returnHomePlans: children };
}

export async function placementsRowPolicy(principal: Principal, scope: ScopeResolver): Promise<PlacementsRowPolicy> {
  const me = principal.partnerId;
  let read: Record<PlacementsRows, Condition | null>;
  let writes: Partial<Record<PlacementsRows, Condition | null>> = {};
  let slice: ChildScope | null = null;
  let addressOf: (facility: { confidentialAddress: boolean; operatorId: string | null }) => AddressAccess = () => 'no';
  let housing: Condition = NOTHING;
  switch (principal.audience) {
    case 'department':
    case 'system':
      if (caseworkerOf(principal)) {
        // A département caseworker (issue 13): the rows of the children of their slice (team,
        // caseload, break-glass), read and written; every facility (placing needs the vacancies);
        // a confidential address only where one of their children lives now.
        slice = await scope.childScope(principal);
        const children = ofChildren(slice);
        const placed = childScopeCondition(slice) ?? NOTHING;
        read = { facilities: null, placements: childScopeCondition(slice), ...children };
        writes = { ...read };
        housing = { sql: `w.end_date IS NULL AND ${placed.sql}`, params: placed.params };
        addressOf = (facility) => (facility.confidentialAddress ? 'if-housing' : 'yes');
        break;
      }
      // A manager (and Passerelle itself) reads and writes every row.
      read = { ...ALL_ROWS };
      writes = { ...ALL_ROWS };
      addressOf = () => 'yes';
      break;
    case 'crip':
      read = { ...ALL_ROWS };
      addressOf = (facility) => (facility.confidentialAddress ? 'no' : 'yes');
      break;
    case 'judge': {
      slice = await scope.childScope(principal);
      const children = ofChildren(slice);
      read = { facilities: null, placements: childScopeCondition(slice), ...children };
      writes = { visitRights: children.visitRights, visits: children.visits };
      // A confidential address only where one of its children lives now (CC 375-7: the judge
      // needs the address of the family it placed a child with, not of every family).
      const placed = childScopeCondition(slice) ?? NOTHING;
      housing = { sql: `w.end_date IS NULL AND ${placed.sql}`, params: placed.params };
      addressOf = (facility) => (facility.confidentialAddress ? 'if-housing' : 'yes');
      break;
    }
    case 'association': {
      slice = await scope.childScope(principal);
      const operated = { sql: 'w.operator_id = :__operator', params: { __operator: me } };
      read = {
        facilities: operated,
        placements: {
          sql: 'w.facility_id IN (SELECT w.id FROM placements.facility w WHERE w.operator_id = :__operator)',
          params: { __operator: me },
        },
        ...ofChildren(slice),
      };
      addressOf = (facility) => (!facility.confidentialAddress || facility.operatorId === me ? 'yes' : 'no');
      break;
    }
    default:
      read = { ...NO_ROWS };
  }
  const visible: Record<PlacementsRows, Condition | null> = {
    facilities: read.facilities,
    placements: andNotArchived(read.placements, ARCHIVE_CONDITIONS.placements),
    visitRights: andNotArchived(read.visitRights, ARCHIVE_CONDITIONS.visitRights),
    visits: andNotArchived(read.visits, ARCHIVE_CONDITIONS.visits),
    returnHomePlans: andNotArchived(read.returnHomePlans, ARCHIVE_CONDITIONS.returnHomePlans),
  };
  const refused = (rows: PlacementsRows) =>
    forbidden(`your institution (${principal.audience}) may not change ${rows} here, or not this one`);
  return {
    read: visible,
    seesAll: (rows) => read[rows] === null,
    unseen: (rows, typeName, id) => (read[rows] === null ? notFound(typeName, id) : outOfScope(typeName)),
    writable(rows) {
      if (!(rows in writes)) throw refused(rows);
      return writes[rows] ?? null;
    },
    requireNewRowFor(rows, childId) {
      if (!(rows in writes)) throw refused(rows);
      if (writes[rows] !== null && !(slice && inScope(slice, childId))) throw outOfScope('Child');
    },
    readsAddress: addressOf,
    housing,
  };
}

/**
 * The intermediate archive (issue 15): an archived child's placements, visit rights, visits and
 * return-home plans leave every read of every audience (the archivist reads them through
 * `personalFile`). Facilities are institutions' records: never archived with a child.
 */
export const ARCHIVE_CONDITIONS: Readonly<Record<Exclude<PlacementsRows, 'facilities'>, Condition>> = {
  placements: notArchived('placements', 'child_id'),
  visitRights: notArchived('placements', 'child_id'),
  visits: notAmong('visit_right_id', 'placements.visit_right avr JOIN placements.archived_child aa ON aa.child_id = avr.child_id', 'avr.id'),
  returnHomePlans: notArchived('placements', 'child_id'),
};

/** This subgraph's facts for row scopes: an association's children, placed now in a facility it operates. */
export function placementsLocalScope(db: Database): LocalScope {
  return async (audience, partnerId) => {
    if (audience !== 'association') return [];
    const rows: { child_id: string }[] = await db.dataSource.query(
      `SELECT DISTINCT p.child_id FROM placements.placement p JOIN placements.facility f ON f.id = p.facility_id
        WHERE f.operator_id = $1 AND p.end_date IS NULL`,
      [partnerId],
    );
    return rows.map((r) => r.child_id);
  };
}
