import {
  allOf,
  badInput,
  canRead,
  anyOf,
  type ChildScope,
  type Condition,
  type Database,
  forbidden,
  type LocalScope,
  notFound,
  outOfScope,
  type Principal,
  type ScopeResolver,
  caseworkerOf,
  isUuid,
  wholeDepartment,
  andNotArchived,
  notArchived,
  notAmong,
  type Caseworker,
  idsCondition,
  sliceMembership,
  type Audience,
} from '@passerelle/common';
import type { GraphQLError } from 'graphql';
import { ConcernSourceKind } from '../concern/concern.enums';
import { TOLD_TO_SENDER_STATUS_SQL } from '../concern/concern.lifecycle';
import { PlanDomain, SignerRole } from '../plan/plan.enums';
import { courtJurisdiction } from './competence';

/**
 * The cases subgraph's row scope — the "rows in scope" line of DOMAIN.md's matrix for the rows it
 * holds. Every decision about which child, concern, measure, plan, report or hearing a principal
 * reads or writes is taken here, as SQL conditions (alias `w`) the loaders, lists and write checks
 * apply; no other file looks at the audience.
 *
 * - the département's managers, the CRIP (and Passerelle itself): every row;
 * - a département caseworker (issue 13): the children living in their team's communes, of their
 *   caseload and of their break-glass grants in force (`caseworkerSlice`: one SQL predicate), and
 *   everything recorded about them, read and written;
 * - school, PMI centre, judge, prosecutor, association: the children of their slice
 *   (`ScopeResolver.childScope`: a school's pupils and a PMI centre's children come from partners,
 *   an association's placed children from placements, the rest from `casesLocalScope` below) and
 *   what is recorded about them; an association only the measures it carries out; a school and a
 *   PMI centre only the schooling, respectively health, part of a child's plan;
 * - concerns: the parquet those referred to it; every other sender only the ones it sent (the
 *   gateway's contract leaves it their status fields);
 * - evaluations and referrals: the judge those of concerns naming its children, the parquet those
 *   of concerns referred to it;
 * - the 119, the other concern senders (`concern_sender`: hospitals, police, town halls,
 *   practices) and the observatory: no child at all.
 *
 * No write widens its writer's slice (issue 10, class 3). The rows of this subgraph that put a
 * child in a slice are a measure or a hearing (a judge's: `court_id`; an association's: an open
 * measure's `operator_id`) and a referral (a parquet's: its concern's children). Per mutation:
 * - `proposeMeasure`, `scheduleHearing`: the département any child; a judge before its own court
 *   only (`requireCourt`), for a child already in its slice or living in its jurisdiction
 *   (`newCaseFor`, CPC 1181: the court's communes, asked of partners); nobody else. The measure's
 *   `operatorId` puts the child in that association's slice: the judge's decision, within its
 *   competence, or the département's;
 * - `referConcernToProsecutor`, `concludeEvaluation` (a referral): the CRIP and the département only;
 * - `recordReferralDecision`: the parquet, on a referral sent to it (`referrals`), which adds no child;
 * - `activateMeasure`, `renewMeasure`, `endMeasure`, `liftMeasure`, `recordHearingOutcome`: a
 *   judge on its own court's records only (`measures`, `hearings`): the child is in its slice already;
 * - `createChildPlan`, `reviewChildPlan`, `signChildPlan` (an association: children of its slice),
 *   `updateSituationReport`, `sendSituationReport` (reports of measures it carries out): no slice
 *   fact, a plan or a report puts no child in anyone's slice;
 * - `submitConcern` (anyone): no slice fact — a concern is in no partner's slice but its
 *   sender's own status view, and its children stay out of the sender's slice; ids the sender
 *   may not see are recorded alike whether they exist or not (`unknownConcernChildren`);
 * - `createChild`, `updateChild`, guardians and contact persons, `acknowledgeConcern`,
 *   `recordParentsInformation`, `recordSenderFeedback`, `startEvaluation`, `updateEvaluation`:
 *   the département and the CRIP (whole département) only; none is a slice fact;
 * - `recordFamilyAgreement`, `signFamilyAgreement`, `renewFamilyAgreement`, `endFamilyAgreement`
 *   (and reading them): the département only — the CRIP's rows of them are closed too
 *   (`familyAgreements`); none is a slice fact.
 * - wards of the State and adoption (`admitWard` … `recordAdoptionJudgment`, and every read of
 *   them): no row condition here — the category ADOPTION is the département's adoption team's
 *   (scope `adoption:team`), for the whole département whatever the member's role or territorial team,
 *   and nobody else's at all: every entry point refuses a principal without it before any
 *   statement (adoption/adoption.service.ts `requireAdoptionTeam`); none is a slice fact.
 * A write naming a record the writer may not see is refused (or, for a concern's children,
 * accepted) exactly as one naming a record that does not exist.
 */
export interface CasesReadRows {
  /** `cases.child` (by `id`). */
  children: Condition | null;
  /** Guardians and people around a child (`child_id`). */
  people: Condition | null;
  concerns: Condition | null;
  /** `concern_child` links behind `Child.concerns`: those of concerns in scope. */
  concernLinksOfChild: Condition | null;
  /** `concern_child` links behind `Concern.children`: those of children in the slice. */
  childLinksOfConcern: Condition | null;
  evaluations: Condition | null;
  referrals: Condition | null;
  measures: Condition | null;
  hearings: Condition | null;
  plans: Condition | null;
  planNeeds: Condition | null;
  planObjectives: Condition | null;
  planActions: Condition | null;
  planReviews: Condition | null;
  reports: Condition | null;
  /** `cases.child_timeline` (`child_id`). */
  timeline: Condition | null;
  /** A family's written agreements (`cases.family_agreement`): the département's alone (matrix FAMILY_AGREEMENTS). */
  familyAgreements: Condition | null;
  /** Break-glass grants (`cases.break_glass`): all for the whole département's readers, a caseworker's own. */
  breakGlass: Condition | null;
}

/** Rows a principal may change; `…For`: the child a new record would be about (`cases.child`). */
export interface CasesWriteRows {
  child: Condition | null;
  guardians: Condition | null;
  contactPersons: Condition | null;
  /** The CRIP's processing of a concern (acknowledge, evaluate, refer). */
  concerns: Condition | null;
  evaluations: Condition | null;
  /** The parquet's decision. */
  referrals: Condition | null;
  measures: Condition | null;
  hearings: Condition | null;
  plans: Condition | null;
  planFor: Condition | null;
  reports: Condition | null;
  familyAgreements: Condition | null;
}

export interface CasesRowPolicy {
  /** Whether every row is in scope (département, CRIP, Passerelle): a missing row is then NOT_FOUND. */
  whole: boolean;
  read: CasesReadRows;
  write: CasesWriteRows;
  /**
   * The error for a record that is not there for this principal: NOT_FOUND for the whole
   * département; otherwise the same FORBIDDEN whether it exists or not.
   */
  absent(typeName: string, id: string): GraphQLError;
  /** The institution a submitted concern is recorded as coming from; FORBIDDEN for another one. */
  concernSource(requested: string | null | undefined): string | null;
  /**
   * Who sent a submitted concern: for an institution's own submission, its institution's kind
   * (the audience: a school is SCHOOL, whatever it says); BAD_USER_INPUT on `input.sourceKind`
   * for another value. The département and the CRIP state it (a neighbour's call: PERSON).
   */
  concernSourceKind(requested: ConcernSourceKind | null | undefined): ConcernSourceKind;
  /**
   * What a submitted concern's `childIds` that match no child become: NOT_FOUND for the whole
   * département (it sees every child anyway); for any other sender, which may name children it
   * does not see, kept on the concern for the CRIP to match — so that the answer never tells
   * whether an id exists.
   */
  unknownConcernChildren: 'NOT_FOUND' | 'KEEP_UNMATCHED';
  /**
   * Whether the principal reads this concern as its sender — what the CRIP told it (CASF L226-5,
   * `toldToSender`) — rather than as it stands: every institution outside the whole département,
   * except a parquet reading a concern referred to it by someone else.
   */
  readsAsSender(concern: { sourcePartnerId: string | null }): boolean;
  /** The concern status column a status filter applies to (alias `w`): what `readsAsSender` shows. */
  concernStatusSql: string;
  /** Throws FORBIDDEN unless the principal may record a measure or hearing before this court. */
  requireCourt(courtId: string | null): void;
  /**
   * The children (`cases.child`, alias `w`) for whom the principal may create a measure or a
   * hearing — the rows that put a child in a judge's (and, through `operatorId`, an
   * association's) slice. Null: any child (the département). A judge: a child already before its
   * court (in its slice) or living in its jurisdiction (`Child.communeCode`, CPC 1181), never
   * another, so that no write of its own widens its slice. Anyone else: none.
   */
  newCaseFor(): Promise<Condition | null>;
  /** Throws FORBIDDEN unless the principal may sign a child's plan in this capacity. */
  requireSignerRole(role: SignerRole): void;
}

const NOTHING: Condition = { sql: 'false', params: {} };
const CLOSED_MEASURES = `('ENDED', 'LIFTED')`;

/**
 * Whether the child in `column` (an SQL expression) is in the slice, as a condition: none for the
 * whole département, never true for an empty slice; `= ANY(ids)` for a list (with the ids as a
 * set when the column is the row's own, `w.…`: see `Condition.within`), the predicate's
 * correlated test or `IN (subquery)` for a predicate (a caseworker's, a judge's, a parquet's slice).
 */
function sliceCondition(scope: ChildScope, column: string): Condition | null {
  if (scope.kind === 'all') return null;
  if (scope.kind === 'none') return NOTHING;
  if (scope.kind === 'where') return { sql: scope.test ? scope.test(column) : `${column} IN (${scope.sql})`, params: scope.params };
  return column.startsWith('w.') ? idsCondition(scope, column.slice(2)) : sliceMembership(scope, column);
}

/**
 * The children of a slice, on `cases.child` itself (alias `w`) for its lists: a page of them sorted
 * by name. For a slice known by its ids (a school's, a PMI centre's, an association's: facts of
 * partners or placements), `IN (SELECT unnest(ids))`, which PostgreSQL plans as one probe of the
 * primary key per id then a top-N sort: a cost bounded by the slice — the institution's pupils,
 * followed or placed children — where `= ANY(ids)` walked the name index over the whole
 * département until a page was full, a walk that lengthens as the slice thins out in a larger
 * world (W7's association at 100 000 children: 6 600 rows read for a page of 51; its 819 ids
 * probed instead, 4.8 → 3.8 ms median; at 1 000 children, 126 ids, 1.0 → 1.2 ms). The same
 * rows; its id set still narrows a batch by id (`Condition.within`).
 * A predicate (a judge's, a parquet's, a caseworker's) keeps its own shape.
 */
function childRows(scope: ChildScope): Condition | null {
  if (scope.kind !== 'children') return sliceCondition(scope, 'w.id');
  return idsCondition(scope, 'id', 'unnest');
}

/** Read and write conditions that are the same for every table: all rows, or none. */
function uniform(condition: Condition | null): { read: CasesReadRows; write: CasesWriteRows } {
  const read: CasesReadRows = {
    children: condition, people: condition, concerns: condition, concernLinksOfChild: condition, childLinksOfConcern: condition,
    evaluations: condition, referrals: condition, measures: condition, hearings: condition, plans: condition, planNeeds: condition,
    planObjectives: condition, planActions: condition, planReviews: condition, reports: condition, timeline: condition,
    familyAgreements: condition,
    breakGlass: condition,
  };
  const write: CasesWriteRows = {
    child: condition, guardians: condition, contactPersons: condition, concerns: condition, evaluations: condition,
    referrals: condition, measures: condition, hearings: condition, plans: condition, planFor: condition, reports: condition,
    familyAgreements: condition,
  };
  return { read, write };
}

/** The conditions an institution's rows are written in: its own id, and its slice of children. */
function conditionsFor(me: string, slice: ChildScope) {
  const mine = (column: string): Condition => ({ sql: `w.${column} = :__me`, params: { __me: me } });
  const ofChild = (column = 'child_id') => sliceCondition(slice, `w.${column}`);
  const inside = (column: string, subquery: string): Condition => ({ sql: `w.${column} IN (${subquery})`, params: { __me: me } });
  const domain = (d: PlanDomain): Condition => ({ sql: `w.domain = :__domain`, params: { __domain: d } });
  return {
    mine,
    ofChild,
    domain,
    concernsNamingSlice: (column: string) => {
      const naming = sliceCondition(slice, 'cc.child_id');
      return naming && { sql: `w.${column} IN (SELECT cc.concern_id FROM cases.concern_child cc WHERE ${naming.sql})`, params: naming.params };
    },
    referredToMe: (column: string) => inside(column, 'SELECT r.concern_id FROM cases.referral r WHERE r.prosecutor_office_id = :__me'),
    operatedByMe: (column: string) => inside(column, 'SELECT m.id FROM cases.measure m WHERE m.operator_id = :__me'),
    actionsOf: (d: PlanDomain): Condition => ({
      sql: `w.objective_id IN (SELECT o.id FROM cases.plan_objective o WHERE o.domain = :__domain)`,
      params: { __domain: d },
    }),
    /** What the slice alone opens: the child and the people around it; and a sender's own concerns. */
    childFile: (): CasesReadRows => ({ ...NO_ROWS.read, children: childRows(slice), people: ofChild(), concerns: mine('source_partner_id') }),
  };
}

type Conditions = ReturnType<typeof conditionsFor>;
type Rows = {
  read: CasesReadRows;
  write: CasesWriteRows;
  requireCourt?: CasesRowPolicy['requireCourt'];
  newCaseFor?: CasesRowPolicy['newCaseFor'];
};
const NO_ROWS = uniform(NOTHING);

/** A school or a PMI centre: its children, and the part of their plans in its domain; a plan's review speaks of every domain. */
const partRows = (c: Conditions, part: PlanDomain): Rows => ({
  read: { ...c.childFile(), plans: c.ofChild(), planNeeds: c.domain(part), planObjectives: c.domain(part), planActions: c.actionsOf(part) },
  write: NO_ROWS.write,
});

/**
 * A judge: its children's whole file; it changes measures and hearings of its own court, and
 * opens new ones only for a child already before it or living in its jurisdiction.
 */
const judgeRows = (c: Conditions, me: string, scope: ScopeResolver): Rows => ({
  read: {
    ...c.childFile(),
    evaluations: c.concernsNamingSlice('concern_id'),
    referrals: c.concernsNamingSlice('concern_id'),
    measures: c.ofChild(),
    hearings: c.ofChild(),
    plans: c.ofChild(),
    planNeeds: null,
    planObjectives: null,
    planActions: null,
    planReviews: null,
    reports: c.ofChild(),
    timeline: c.ofChild(),
  },
  write: { ...NO_ROWS.write, measures: c.mine('court_id'), hearings: c.mine('court_id') },
  requireCourt(courtId) {
    if (courtId !== me) throw forbidden(`a judge records measures and hearings before its own court (${me}) only`);
  },
  async newCaseFor() {
    const communes = await courtJurisdiction(scope, me);
    const living: Condition = { sql: 'w.commune_code = ANY(:__jurisdiction)', params: { __jurisdiction: communes } };
    const before = c.ofChild('id');
    return before ? anyOf(before, living) : living;
  },
});

/**
 * A parquet: the concerns referred to it, their evaluations and children, and — like every
 * sender — the concerns it sent itself (their status); it decides on its referrals.
 */
const prosecutorRows = (c: Conditions): Rows => ({
  read: {
    ...c.childFile(),
    concerns: anyOf(c.referredToMe('id'), c.mine('source_partner_id')),
    concernLinksOfChild: c.referredToMe('concern_id'),
    childLinksOfConcern: c.ofChild(),
    evaluations: c.referredToMe('concern_id'),
    referrals: c.mine('prosecutor_office_id'),
    measures: c.ofChild(),
    hearings: c.ofChild(),
  },
  write: { ...NO_ROWS.write, referrals: c.mine('prosecutor_office_id') },
});

/** An association: the measures it carries out (and their hearings), its children's plans; it contributes to their reports. */
const associationRows = (c: Conditions): Rows => ({
  read: {
    ...c.childFile(),
    measures: allOf(c.mine('operator_id'), c.ofChild()),
    hearings: allOf(c.operatedByMe('measure_id'), c.ofChild()),
    plans: c.ofChild(),
    planNeeds: null,
    planObjectives: null,
    planActions: null,
    planReviews: null,
  },
  write: { ...NO_ROWS.write, plans: c.ofChild(), planFor: c.ofChild('id'), reports: c.operatedByMe('measure_id') },
});

/**
 * A département caseworker (issue 13): the whole file — every category the département reads —
 * of the children of their slice (their team's communes, their caseload, their break-glass
 * grants), and they change only those; concerns, evaluations and referrals naming such a child.
 */
const caseworkerRows = (c: Conditions, caseworker: Caseworker): Rows => {
  const children = c.ofChild();
  const own = caseworkerChildren(caseworker);
  const naming = (column: string) => c.concernsNamingSlice(column);
  return {
    read: {
      children: own, people: children, concerns: naming('id'), concernLinksOfChild: children, childLinksOfConcern: children,
      evaluations: naming('concern_id'), referrals: naming('concern_id'), measures: children, hearings: children, plans: children,
      planNeeds: null, planObjectives: null, planActions: null, planReviews: null, reports: children, timeline: children,
      breakGlass: { sql: 'w.member_id = :__cwSelf', params: { __cwSelf: memberIdOf(caseworker) } },
      familyAgreements: children,
    },
    write: {
      child: own, guardians: children, contactPersons: children, concerns: naming('id'), evaluations: naming('concern_id'),
      referrals: naming('concern_id'), measures: children, hearings: children, plans: children, planFor: own, reports: children,
      familyAgreements: children,
    },
    newCaseFor: async () => own,
  };
};

/** A member id that is not a uuid (a malformed sub) has no caseload nor grant: the nil uuid, which is no member. */
const memberIdOf = (caseworker: Caseworker) => (isUuid(caseworker.member) ? caseworker.member.toLowerCase() : '00000000-0000-0000-0000-000000000000');

/** The parts of a caseworker's slice: the team's children (by commune), and their own (caseload, grants in force). */
function caseworkerParts(caseworker: Caseworker) {
  return {
    team: 'SELECT sc.id FROM cases.child sc WHERE sc.commune_code = ANY(:__cwCommunes)',
    own: `SELECT sr.child_id FROM cases.child_referent sr WHERE sr.member_id = :__cwMember AND sr.until IS NULL
          UNION ALL SELECT sg.child_id FROM cases.break_glass sg WHERE sg.member_id = :__cwMember AND sg.expires_at > now()`,
    params: { __cwCommunes: caseworker.communes, __cwMember: memberIdOf(caseworker) },
  };
}

/**
 * A caseworker's children as a subquery for `IN (…)`: those living in the team's communes (by
 * `child_commune_code_idx`), of their current caseload (`child_referent_member_idx`), and of their
 * break-glass grants in force (`break_glass_member_idx`). Evaluated by PostgreSQL with the rest of
 * the query: no list of ids is built per request, however many children the team covers.
 */
export function caseworkerSlice(caseworker: Caseworker): ChildScope {
  const parts = caseworkerParts(caseworker);
  // One query on cases.child (its id unique, its commune's selectivity known) rather than a
  // UNION ALL of the parts: PostgreSQL estimated the union at 200 children whatever the team
  // (50 000 for the largest at 100 000), and so drove each list from the whole slice — a probe
  // per child, 150–350 ms for 21 rows (issue 14, `npm run bench:sweep`). The same children: the
  // caseload's and grants' ids are children's (foreign keys), so nothing is added.
  return { kind: 'where', sql: `${parts.team} OR sc.id IN (${parts.own})`, params: parts.params };
}

/**
 * The same slice on `cases.child` itself (alias `w`): its own commune, or one of the member's
 * children — a filter on the row, so that a sorted page stops after its rows instead of joining
 * every child of a large team first.
 */
function caseworkerChildren(caseworker: Caseworker): Condition {
  const parts = caseworkerParts(caseworker);
  return { sql: `(w.commune_code = ANY(:__cwCommunes) OR w.id IN (${parts.own}))`, params: parts.params };
}

/** The 119 and the other concern senders: no child at all, only the concerns they sent. */
const snatedRows = (c: Conditions): Rows => ({ read: { ...NO_ROWS.read, concerns: c.mine('source_partner_id') }, write: NO_ROWS.write });

/** The source kind of a concern an institution submits, by its audience (its institution's kind). */
export const SENDER_KINDS: Partial<Record<Principal['audience'], ConcernSourceKind>> = {
  school: ConcernSourceKind.SCHOOL,
  pmi: ConcernSourceKind.PMI,
  snated: ConcernSourceKind.SNATED,
  prosecutor: ConcernSourceKind.PROSECUTOR,
  judge: ConcernSourceKind.COURT,
  association: ConcernSourceKind.ASSOCIATION,
};

/**
 * The `concern_sender` audience stands for several kinds of institution: its source kind follows
 * from the institution's kind (PartnerKind), which the gateway learnt from the directory.
 */
export const CONCERN_SENDER_KINDS: Readonly<Record<string, ConcernSourceKind>> = {
  HOSPITAL: ConcernSourceKind.HOSPITAL,
  POLICE: ConcernSourceKind.POLICE,
  TOWN_HALL: ConcernSourceKind.TOWN_HALL,
  PRIVATE_PRACTICE: ConcernSourceKind.PRIVATE_PRACTICE,
};

function senderKindOf(principal: Principal): ConcernSourceKind | undefined {
  if (principal.audience === 'concern_sender') {
    return principal.partnerKind !== undefined && Object.hasOwn(CONCERN_SENDER_KINDS, principal.partnerKind) ? CONCERN_SENDER_KINDS[principal.partnerKind] : undefined;
  }
  return SENDER_KINDS[principal.audience];
}

const archivedChild = (column: string) => notArchived('cases', column);
const archivedConcern = (column: string) => notArchived('cases', column, 'archived_concern', 'concern_id');
/** The plans of archived children (`ap`), as a `FROM` for `notAmong`. */
const PLANS_OF_ARCHIVED = 'cases.child_plan ap JOIN cases.archived_child aa ON aa.child_id = ap.child_id';

/**
 * The intermediate archive (issue 15): rows of an archived child, or of an archived concern, leave
 * every read of every audience — here, where every read condition is made, so that no loader,
 * list or reference can miss it. The archivist reads them through `personalFile` only.
 */
export const ARCHIVE_CONDITIONS: Readonly<Record<keyof CasesReadRows, Condition>> = {
  children: archivedChild('id'),
  people: archivedChild('child_id'),
  concerns: archivedConcern('id'),
  concernLinksOfChild: { sql: `${archivedChild('child_id').sql} AND ${archivedConcern('concern_id').sql}`, params: {} },
  childLinksOfConcern: { sql: `${archivedChild('child_id').sql} AND ${archivedConcern('concern_id').sql}`, params: {} },
  evaluations: archivedConcern('concern_id'),
  referrals: archivedConcern('concern_id'),
  measures: archivedChild('child_id'),
  hearings: archivedChild('child_id'),
  plans: archivedChild('child_id'),
  planNeeds: notAmong('plan_id', PLANS_OF_ARCHIVED, 'ap.id'),
  planObjectives: notAmong('plan_id', PLANS_OF_ARCHIVED, 'ap.id'),
  planActions: notAmong('objective_id', 'cases.plan_objective ao JOIN cases.child_plan ap ON ap.id = ao.plan_id JOIN cases.archived_child aa ON aa.child_id = ap.child_id', 'ao.id'),
  planReviews: notAmong('plan_id', PLANS_OF_ARCHIVED, 'ap.id'),
  reports: archivedChild('child_id'),
  // Nullable (an entry about no child): NOT IN's answer kept (see notArchived).
  timeline: notArchived('cases', 'child_id', 'archived_child', 'child_id', { nullable: true }),
  familyAgreements: archivedChild('child_id'),
  breakGlass: archivedChild('child_id'),
};

function withoutArchive(read: CasesReadRows): CasesReadRows {
  const keys = Object.keys(ARCHIVE_CONDITIONS) as (keyof CasesReadRows)[];
  return Object.fromEntries(keys.map((k) => [k, andNotArchived(read[k], ARCHIVE_CONDITIONS[k])])) as unknown as CasesReadRows;
}

export async function casesRowPolicy(principal: Principal, scope: ScopeResolver): Promise<CasesRowPolicy> {
  const policy = await slicePolicy(principal, scope);
  return { ...policy, read: withoutArchive(policy.read) };
}

async function slicePolicy(principal: Principal, scope: ScopeResolver): Promise<CasesRowPolicy> {
  // `whole`: the audience acts for the whole département (what it states, signs, submits);
  // `everyRow`: it also reads every row (not a caseworker of the département).
  const whole = wholeDepartment(principal.audience);
  const caseworker = caseworkerOf(principal);
  const everyRow = whole && !caseworker;
  const me = principal.partnerId;
  const base = {
    whole: everyRow,
    absent: (typeName: string, id: string) => (everyRow ? notFound(typeName, id) : outOfScope(typeName)),
    concernSource(requested: string | null | undefined): string | null {
      if (whole) return requested?.toLowerCase() ?? null;
      if (requested && requested.toLowerCase() !== me) {
        throw forbidden(`a concern is submitted in your institution’s own name (${me}), not another’s`);
      }
      return me;
    },
    concernSourceKind(requested: ConcernSourceKind | null | undefined): ConcernSourceKind {
      if (whole) {
        if (!requested) throw badInput('say who sent it (sourceKind): the département and the CRIP record others’ concerns', 'input.sourceKind');
        return requested;
      }
      const own = senderKindOf(principal);
      if (!own) throw forbidden('your institution does not submit concerns');
      if (requested && requested !== own) {
        throw badInput(`a concern your institution submits comes from a ${own}, not a ${requested}: leave sourceKind out`, 'input.sourceKind');
      }
      return own;
    },
    readsAsSender: (concern: { sourcePartnerId: string | null }) =>
      !whole && (principal.audience !== 'prosecutor' || concern.sourcePartnerId === me),
    concernStatusSql: whole
      ? 'w.status'
      : principal.audience === 'prosecutor'
        ? `(CASE WHEN w.source_partner_id = :__me THEN ${TOLD_TO_SENDER_STATUS_SQL} ELSE w.status END)`
        : TOLD_TO_SENDER_STATUS_SQL,
    unknownConcernChildren: everyRow ? ('NOT_FOUND' as const) : ('KEEP_UNMATCHED' as const),
    requireCourt(_courtId: string | null): void {},
    newCaseFor: async (): Promise<Condition | null> => (whole ? null : NOTHING),
    requireSignerRole(role: SignerRole): void {
      if (!whole && role === SignerRole.DEPARTMENT) throw forbidden('only the département signs a plan in its own name');
    },
  };
  if (everyRow) {
    const rows = uniform(null);
    // The CRIP sees the whole département, but a family's signed agreement is the département's
    // alone (matrix FAMILY_AGREEMENTS): no row of it, whatever the gateway let through.
    if (principal.audience !== 'system' && !canRead(principal.audience, 'FAMILY_AGREEMENTS')) {
      rows.read.familyAgreements = NOTHING;
      rows.write.familyAgreements = NOTHING;
    }
    return { ...base, ...rows };
  }
  const c = conditionsFor(me, await scope.childScope(principal));
  if (caseworker) return { ...base, ...caseworkerRows(c, caseworker) };
  const rows: Rows = (() => {
    switch (principal.audience) {
      case 'school':
        return partRows(c, PlanDomain.SCHOOLING);
      case 'pmi':
        return partRows(c, PlanDomain.HEALTH);
      case 'judge':
        return judgeRows(c, me, scope);
      case 'prosecutor':
        return prosecutorRows(c);
      case 'association':
        return associationRows(c);
      case 'snated':
      case 'concern_sender':
        return snatedRows(c);
      default:
        return NO_ROWS;
    }
  })();
  return { ...base, ...rows };
}

/**
 * The same facts as `casesLocalScope` for a judge and a parquet — whose slices cases' facts alone
 * define — as SQL predicates (`where` slices): applied with the rest of each statement, so that a
 * page of a court's children walks the name index and probes, per child, the facts' indexes
 * (`measure_court_child_idx`, `hearing_court_child_idx`; `concern_child_child_idx` then
 * `referral_concern_idx`) instead of sending its 20 000 ids with every statement. The peers
 * (placements, partners) still ask `casesLocalScope` for the ids. Null for any other audience.
 */
export function casesLocalWhere(audience: Audience, partnerId: string): ChildScope | null {
  const params = { __sliceOf: isUuid(partnerId) ? partnerId.toLowerCase() : '00000000-0000-0000-0000-000000000000' };
  switch (audience) {
    case 'judge':
      return {
        kind: 'where',
        sql: `SELECT sm.child_id FROM cases.measure sm WHERE sm.court_id = :__sliceOf
              UNION ALL SELECT sh.child_id FROM cases.hearing sh WHERE sh.court_id = :__sliceOf`,
        test: (column) =>
          `EXISTS (SELECT 1 FROM (SELECT sm.child_id, sm.court_id FROM cases.measure sm UNION ALL SELECT sh.child_id, sh.court_id FROM cases.hearing sh) sj
                    WHERE sj.child_id = ${column} AND sj.court_id = :__sliceOf)`,
        params,
      };
    case 'prosecutor':
      return {
        kind: 'where',
        sql: `SELECT sp.child_id FROM cases.concern_child sp JOIN cases.referral sr ON sr.concern_id = sp.concern_id WHERE sr.prosecutor_office_id = :__sliceOf`,
        test: (column) =>
          `EXISTS (SELECT 1 FROM cases.concern_child sp JOIN cases.referral sr ON sr.concern_id = sp.concern_id
                    WHERE sp.child_id = ${column} AND sr.prosecutor_office_id = :__sliceOf)`,
        params,
      };
    default:
      return null;
  }
}

/**
 * This subgraph's facts for row scopes: a judge's children (a measure or a hearing before its
 * court), a parquet's (named in concerns referred to it), an association's (an open measure it
 * carries out). Schools' and PMI centres' facts live in partners, placed children in placements.
 */
export function casesLocalScope(db: Database): LocalScope {
  const facts: Partial<Record<string, string>> = {
    judge: `SELECT child_id FROM cases.measure WHERE court_id = $1
            UNION SELECT child_id FROM cases.hearing WHERE court_id = $1`,
    prosecutor: `SELECT DISTINCT cc.child_id FROM cases.concern_child cc
                   JOIN cases.referral r ON r.concern_id = cc.concern_id
                  WHERE r.prosecutor_office_id = $1`,
    association: `SELECT DISTINCT child_id FROM cases.measure WHERE operator_id = $1 AND status NOT IN ${CLOSED_MEASURES}`,
  };
  return async (audience, partnerId) => {
    const sql = facts[audience];
    if (!sql) return [];
    const rows: { child_id: string }[] = await db.dataSource.query(sql, [partnerId]);
    return rows.map((r) => r.child_id);
  };
}
