import { AUDIENCE_PARTNER_KINDS, partnerId, partnerMemberId, type Audience, type SeedPartnerKind } from '@passerelle/common';

/**
 * The partner workloads the benches run (issue 14), each defined once: W1–W4 are the four of the
 * issue (`npm run bench`, `npm run bench:policy:load`, and the first four of `npm run bench:scale`;
 * BENCHMARKS.md's figures were measured with these texts), W5–W12 the other audiences
 * (`npm run bench:scale`). Each says who asks (audience; institution and member, chosen one of two
 * ways, below), what (the query, with an operation name), and how its variables are chosen in a
 * given database. tools/src/workloads.test.ts validates every query against its audience's
 * contract (schema/contracts/<audience>.graphql), so a workload cannot drift from the schema.
 */

/** What the choosers read the database with (a pg Client or Pool). */
export interface Queryable {
  query<R extends object = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<{ rows: R[] }>;
}

/** Who a workload runs as: the institution (the token's partner) and the member (its `sub`). */
export interface Who {
  partner: string;
  sub: string;
}

export type Chooser = (db: Queryable) => Promise<Who>;

/**
 * How the institution and member are chosen:
 * - `first`: the first seeded institution of the audience's (first) kind, its member 0 — no
 *   database read (`npm run bench`, `npm run bench:policy:load`; the same at every size);
 * - `largest`: a realistic slice — the institution with the most children (the school with the
 *   most pupils, the court with the most children…; `npm run bench:scale`).
 */
export type WhoChoice = 'first' | 'largest';

export interface PartnerWorkload {
  /** W1…W12: the name in the benches' tables and their `--workloads` / `--only` options. */
  name: string;
  /** One line saying what it is. */
  title: string;
  audience: Audience;
  /** The document, with an operation name. */
  query: string;
  /** Its variables, chosen in the database it runs on (absent: none). */
  variables?: (db: Queryable) => Promise<Record<string, unknown>>;
  who: Record<WhoChoice, Chooser>;
}

/** The first seeded institution of the audience's (first) kind and its member 0. */
export function firstSeeded(audience: Audience): Who {
  const kind = AUDIENCE_PARTNER_KINDS[audience][0] as SeedPartnerKind;
  return { partner: partnerId(kind, 0), sub: partnerMemberId(kind, 0, 0) };
}

/** The institution and member `w` runs as, chosen `choice` in `db`. */
export function chooseWho(w: PartnerWorkload, choice: WhoChoice, db: Queryable): Promise<Who> {
  return w.who[choice](db);
}

/** `w`'s variables in `db` ({} when it has none). */
export async function chooseVariables(w: PartnerWorkload, db: Queryable): Promise<Record<string, unknown>> {
  return w.variables ? w.variables(db) : {};
}

// ---------------------------------------------------------------------------------------------
// Choosers.
// ---------------------------------------------------------------------------------------------

/** The institution's first active member (by id), of `role` when given. */
async function firstMember(db: Queryable, partner: string, role?: string): Promise<string> {
  const row = (
    await db.query<{ id: string }>(
      `SELECT id FROM partners.partner_member WHERE partner_id = $1 AND active ${role ? 'AND access_role = $2' : ''} ORDER BY id LIMIT 1`,
      role ? [partner, role] : [partner],
    )
  ).rows[0];
  if (!row) throw new Error(`partner ${partner} has no active member${role ? ` of role ${role}` : ''}`);
  return row.id;
}

/** That institution, as its first active member (of `role`). */
const as =
  (partner: string, role?: string): Chooser =>
  async (db) => ({ partner, sub: await firstMember(db, partner, role) });

/** The institution `sql` (one row, `id`) names — the one with the most children — as its first active member. */
const biggest =
  (sql: string): Chooser =>
  async (db) => {
    const row = (await db.query<{ id: string }>(sql)).rows[0];
    if (!row) throw new Error(`no institution for ${sql}`);
    return as(row.id)(db);
  };

const seeded =
  (audience: Audience): Chooser =>
  async () =>
    firstSeeded(audience);

/** W2's child: the first (by id) with measures, placements and enrolments, so that the file spans the three subgraphs. */
async function childWithFileAcrossSubgraphs(db: Queryable): Promise<Record<string, unknown>> {
  const row = (
    await db.query<{ id: string }>(
      `SELECT c.id FROM cases.child c
        WHERE EXISTS (SELECT 1 FROM cases.measure m WHERE m.child_id = c.id)
          AND EXISTS (SELECT 1 FROM placements.placement p WHERE p.child_id = c.id)
          AND EXISTS (SELECT 1 FROM partners.enrollment e WHERE e.child_id = c.id)
        ORDER BY c.id LIMIT 1`,
    )
  ).rows[0];
  if (!row) throw new Error('no child with measures, placements and enrolments in this database');
  return { id: row.id };
}

// ---------------------------------------------------------------------------------------------
// The workloads.
// ---------------------------------------------------------------------------------------------

const DEPARTMENT_MANAGER = as(partnerId('DEPARTMENT', 0), 'MANAGER');

const W4_QUERY = `query DepartmentChildren { children(first: 100) { nodes { id lastName birthDate placements(first: 3) { nodes { id startDate facility { id name } } } enrollments(first: 3) { nodes { id classLevel school { id name } } } } } }`;

export const WORKLOADS: readonly PartnerWorkload[] = [
  {
    name: 'W1',
    title: 'a school lists 20 pupils with their enrolments',
    audience: 'school',
    query: `query SchoolPupils { children(first: 20) { nodes { id firstNames lastName birthDate enrollments(first: 3) { nodes { id classLevel schoolYear startDate status school { id name } } } } } }`,
    who: {
      first: seeded('school'),
      largest: biggest(`SELECT school_id AS id FROM partners.enrollment WHERE status = 'CONFIRMED' AND end_date IS NULL GROUP BY school_id ORDER BY count(*) DESC, school_id LIMIT 1`),
    },
  },
  {
    name: 'W2',
    title: "the département opens one child's file across the three subgraphs",
    audience: 'department',
    query: `query ChildFile($id: ID!) { child(id: $id) { id firstNames lastName birthDate sex communeCode guardians { id firstNames lastName relationship } measures(first: 10) { nodes { id kind status startDate decisionDate } } placements(first: 10) { nodes { id startDate endDate active facility { id name kind } } } enrollments(first: 10) { nodes { id classLevel schoolYear school { id name } } } } }`,
    variables: childWithFileAcrossSubgraphs,
    who: { first: seeded('department'), largest: DEPARTMENT_MANAGER },
  },
  {
    name: 'W3',
    title: "a children's judge lists 50 children before its court with measures and placements",
    audience: 'judge',
    query: `query CourtChildren { children(first: 50) { nodes { id firstNames lastName birthDate measures(first: 5) { nodes { id kind status startDate decisionDate } } placements(first: 5) { nodes { id startDate endDate active facility { id name } } } } } }`,
    who: {
      first: seeded('judge'),
      largest: biggest(`SELECT court_id AS id FROM cases.measure WHERE court_id IS NOT NULL GROUP BY court_id ORDER BY count(DISTINCT child_id) DESC, court_id LIMIT 1`),
    },
  },
  {
    name: 'W4',
    title: 'the département lists 100 children with placements and enrolments',
    audience: 'department',
    query: W4_QUERY,
    who: { first: seeded('department'), largest: DEPARTMENT_MANAGER },
  },
  {
    name: 'W5',
    title: 'a PMI centre lists 20 children with follow-ups',
    audience: 'pmi',
    query: `query PmiChildren { children(first: 20) { nodes { id firstNames lastName birthDate plans(first: 3) { nodes { id } } } } }`,
    who: {
      first: seeded('pmi'),
      largest: biggest(`SELECT pmi_id AS id FROM partners.health_follow_up WHERE status = 'CONFIRMED' AND end_date IS NULL GROUP BY pmi_id ORDER BY count(*) DESC, pmi_id LIMIT 1`),
    },
  },
  {
    name: 'W6',
    title: 'a parquet lists 50 children with measures, and its referrals',
    audience: 'prosecutor',
    query: `query ProsecutorChildren { children(first: 50) { nodes { id lastName measures(first: 5) { nodes { id kind status } } } } referrals(first: 20) { nodes { id } } }`,
    who: {
      first: seeded('prosecutor'),
      largest: biggest(`SELECT prosecutor_office_id AS id FROM cases.referral GROUP BY prosecutor_office_id ORDER BY count(*) DESC, prosecutor_office_id LIMIT 1`),
    },
  },
  {
    name: 'W7',
    title: 'an association lists 50 children with placements, and its facilities',
    audience: 'association',
    query: `query AssociationChildren { children(first: 50) { nodes { id lastName placements(first: 5) { nodes { id startDate facility { name } } } measures(first: 5) { nodes { id kind } } } } facilities(first: 20) { nodes { id name placements(first: 10) { nodes { id startDate } } } } }`,
    who: {
      first: seeded('association'),
      largest: biggest(`SELECT operator_id AS id FROM placements.facility GROUP BY operator_id ORDER BY count(*) DESC, operator_id LIMIT 1`),
    },
  },
  {
    name: 'W8',
    title: 'a caseworker of the largest team: W4',
    audience: 'department',
    query: W4_QUERY,
    who: { first: seeded('department'), largest: caseworkerOfTheLargestTeam },
  },
  {
    name: 'W9',
    title: 'the CRIP lists 50 concerns with their children',
    audience: 'crip',
    query: `query CripConcerns { concerns(first: 50) { nodes { id status receivedAt children { id lastName } } } }`,
    who: { first: seeded('crip'), largest: as(partnerId('CRIP', 0)) },
  },
  {
    name: 'W10',
    title: 'the 119 lists 20 concerns it sent',
    audience: 'snated',
    query: `query SnatedConcerns { concerns(first: 20) { nodes { id status receivedAt } } }`,
    who: { first: seeded('snated'), largest: as(partnerId('SNATED', 0)) },
  },
  {
    name: 'W11',
    title: 'a hospital lists 20 concerns it sent',
    audience: 'concern_sender',
    query: `query SentConcerns { concerns(first: 20) { nodes { id status receivedAt } } }`,
    who: { first: seeded('concern_sender'), largest: as(partnerId('HOSPITAL', 0)) },
  },
  {
    // A list not keyed by child: the caseworker's whole slice conditions it (their team's 50 000
    // children at 100 000 were sent as ids with the statement before slices were stored).
    name: 'W12',
    title: "a caseworker of the largest team lists the week's visits of their children",
    audience: 'department',
    query: `query WeekVisits($week: LocalDate!) { weekVisits(week: $week, first: 20) { nodes { id plannedOn status visitRight { id } } pageInfo { hasNextPage endCursor } } }`,
    variables: async (db) => {
      const row = (await db.query<{ week: string }>(`SELECT (min(planned_on) + (max(planned_on) - min(planned_on)) / 2)::text AS week FROM placements.visit`)).rows[0];
      return { week: row?.week ?? '2026-11-02' };
    },
    who: { first: seeded('department'), largest: caseworkerOfTheLargestTeam },
  },
];

/** A caseworker of the team whose communes hold the most children (their slice: that team's children). */
async function caseworkerOfTheLargestTeam(db: Queryable): Promise<Who> {
  const row = (
    await db.query<{ id: string }>(
      `SELECT m.id, (SELECT count(*)::int FROM cases.child c WHERE c.commune_code = ANY(t.communes)) AS n
         FROM partners.partner_member m JOIN partners.team t ON t.id = m.team_id
        WHERE m.access_role = 'CASEWORKER' AND m.active ORDER BY n DESC, m.id LIMIT 1`,
    )
  ).rows[0];
  if (!row) throw new Error('no active caseworker in a team');
  return { partner: partnerId('DEPARTMENT', 0), sub: row.id };
}

/** The four partner workloads of issue 14 (W1–W4): `npm run bench`'s and `npm run bench:policy:load`'s. */
export const ISSUE_14_WORKLOADS: readonly PartnerWorkload[] = WORKLOADS.slice(0, 4);

/** The workload named `name`; throws when there is none. */
export function workload(name: string): PartnerWorkload {
  const w = WORKLOADS.find((x) => x.name === name);
  if (!w) throw new Error(`no workload ${name} (${WORKLOADS.map((x) => x.name).join(', ')})`);
  return w;
}

/** One who asks, for the sweep of every list (`npm run bench:sweep`): an audience as its `largest` institution (and member). */
export interface Persona {
  /** school, pmi, judge…, `department-manager`, `department-caseworker`. */
  name: string;
  audience: Audience;
  who: Chooser;
}

/**
 * Each partner audience once, as the workloads' `largest` choosers pick it (the school with the
 * most pupils, the court with the most children…), and the département twice: a manager (the
 * whole département) and a caseworker of the largest team (their team's children).
 */
export const LARGEST_PERSONAS: readonly Persona[] = [
  { name: 'school', audience: 'school', who: workload('W1').who.largest },
  { name: 'pmi', audience: 'pmi', who: workload('W5').who.largest },
  { name: 'judge', audience: 'judge', who: workload('W3').who.largest },
  { name: 'prosecutor', audience: 'prosecutor', who: workload('W6').who.largest },
  { name: 'association', audience: 'association', who: workload('W7').who.largest },
  { name: 'crip', audience: 'crip', who: workload('W9').who.largest },
  { name: 'department-manager', audience: 'department', who: DEPARTMENT_MANAGER },
  { name: 'department-caseworker', audience: 'department', who: caseworkerOfTheLargestTeam },
];
