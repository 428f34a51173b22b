import {
  DEPARTMENT_TEAMS,
  departmentCaseworker,
  partnerId,
  partnerMemberId,
  type Principal,
} from '@passerelle/common';
import { buildSchema, getNamedType, isObjectType, type GraphQLObjectType } from 'graphql';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { seeded, type GraphQLResponse, startTestStack, type TestStack } from './support/stack';
import { SETUP_TIMEOUT_MS } from './support/timeouts';

/**
 * The département's own slice (issue 13), through the gateway: a caseworker (référent ASE in a
 * territorial team) reads the children living in their team's communes and those of their
 * caseload, in every subgraph, and nothing else — out of slice answers exactly as nonexistent;
 * managers and the CRIP read the whole département; break-glass opens one more child for a
 * bounded time, with a reason, audited, to département caseworkers only. The reads by id and the
 * lists of child-linked rows are generated from the département's contract, so that a new one
 * cannot appear without being checked here.
 */

const CHILDREN = 400;
const NANTES = 0;
const SAINT_NAZAIRE = 2;
/** The first caseworker of the Nantes team, one of Saint-Nazaire's. */
const CASEWORKER = seeded('department', 'DEPARTMENT', 0, departmentCaseworker(NANTES));
const OTHER_CASEWORKER = seeded('department', 'DEPARTMENT', 0, departmentCaseworker(SAINT_NAZAIRE));
/** Members 0–2 of the seeded département manage; member 1 is also the data-protection officer here. */
const MANAGER = seeded('department', 'DEPARTMENT', 0, 0);
const DPO = { ...seeded('department', 'DEPARTMENT', 0, 1), scopes: ['audit:read', 'audit:dpo'] };
const CRIP = seeded('crip', 'CRIP', 0);
const NOBODY = '00000000-0000-4000-8000-000000000000';

async function sql<T>(url: string, text: string, params: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text, params)).rows as T[];
  } finally {
    await client.end();
  }
}

/**
 * For each child-linked type of the contract: its rows and the children each is about. A
 * by-id query or a list of a type missing here fails the coverage test below.
 */
const ROWS: Record<string, string> = {
  Child: `SELECT id, ARRAY[id] AS children FROM cases.child`,
  ChildPlan: `SELECT id, ARRAY[child_id] AS children FROM cases.child_plan`,
  Hearing: `SELECT id, ARRAY[child_id] AS children FROM cases.hearing`,
  Measure: `SELECT id, ARRAY[child_id] AS children FROM cases.measure`,
  SituationReport: `SELECT id, ARRAY[child_id] AS children FROM cases.situation_report`,
  Concern: `SELECT concern_id AS id, array_agg(child_id) AS children FROM cases.concern_child GROUP BY concern_id`,
  Evaluation: `SELECT e.id, array_agg(cc.child_id) AS children FROM cases.evaluation e JOIN cases.concern_child cc ON cc.concern_id = e.concern_id GROUP BY e.id`,
  Referral: `SELECT r.id, array_agg(cc.child_id) AS children FROM cases.referral r JOIN cases.concern_child cc ON cc.concern_id = r.concern_id GROUP BY r.id`,
  Placement: `SELECT id, ARRAY[child_id] AS children FROM placements.placement`,
  VisitRight: `SELECT id, ARRAY[child_id] AS children FROM placements.visit_right`,
  ReturnHomePlan: `SELECT id, ARRAY[child_id] AS children FROM placements.return_home_plan`,
  Enrollment: `SELECT id, ARRAY[child_id] AS children FROM partners.enrollment`,
  HealthFollowUp: `SELECT id, ARRAY[child_id] AS children FROM partners.health_follow_up`,
  Visit: `SELECT v.id, ARRAY[r.child_id] AS children FROM placements.visit v JOIN placements.visit_right r ON r.id = v.visit_right_id`,
  FamilyAgreement: `SELECT id, ARRAY[child_id] AS children FROM cases.family_agreement`,
  WardFile: `SELECT id, ARRAY[child_id] AS children FROM cases.ward_file`,
};
/**
 * Types outside the slice of children: the adoption team's (matrix ADOPTION, scope adoption:team), for
 * the whole département whatever the member's team, and nobody else's — neither a caseworker's
 * nor a manager's without the scope.
 */
const TEAM_SCOPED: Record<string, string> = { WardFile: 'adoption:team' };
/** Lists about the whole log or the caller's own grants, not child-linked rows of the slice. */
const NOT_CHILD_LISTS = new Set(['auditLog', 'breakGlassGrants']);

const contract = buildSchema(readFileSync(path.join(__dirname, '..', 'schema', 'contracts', 'department.graphql'), 'utf8'));
const childLinked = (type: GraphQLObjectType) => type.name === 'Child' || ['child', 'children', 'concern', 'visitRight'].some((f) => f in type.getFields());
const queryFields = Object.values(contract.getQueryType()!.getFields());
/** `x(id: ID!)` returning a child-linked type. */
const BY_ID = queryFields
  .filter((f) => f.args.length === 1 && f.args[0]!.name === 'id' && String(f.args[0]!.type) === 'ID!')
  .map((f) => ({ field: f.name, type: getNamedType(f.type) }))
  .filter((f): f is { field: string; type: GraphQLObjectType } => isObjectType(f.type) && childLinked(f.type))
  .map((f) => ({ field: f.field, type: f.type.name }));
/** Root connections of child-linked nodes, with a value for each required argument. */
const ARGUMENTS: Record<string, string> = {
  first: '100',
  withinDays: '366',
  before: '"2036-01-01"',
  from: '"<FROM>"',
  // Filled in once the world is seeded: the facility and the week with the most visits.
  facilityId: '"<FACILITY>"',
  week: '"<WEEK>"',
};
/** Lists that need more than their required arguments to list anything. */
const EXTRA: Record<string, string> = { searchChildren: 'name: "a"', courtHearings: 'courtId: "<COURT>", days: 92' };
const LISTS = queryFields
  .filter((f) => !NOT_CHILD_LISTS.has(f.name))
  .map((f) => {
    const connection = getNamedType(f.type);
    const nodes = isObjectType(connection) ? connection.getFields().nodes : undefined;
    const node = nodes ? getNamedType(nodes.type) : undefined;
    return { field: f, node: node && isObjectType(node) && childLinked(node) ? node.name : null };
  })
  .filter((l): l is { field: (typeof queryFields)[number]; node: string } => l.node !== null)
  .map(({ field, node }) => {
    const args = field.args.filter((a) => a.name === 'first' || (String(a.type).endsWith('!') && a.defaultValue === undefined));
    const missing = args.filter((a) => !ARGUMENTS[a.name]).map((a) => a.name);
    const given = [...args.map((a) => `${a.name}: ${ARGUMENTS[a.name]}`), ...(EXTRA[field.name] ? [EXTRA[field.name]] : [])];
    const list = given.length === 0 ? '' : `(${given.join(', ')})`;
    return { field: field.name, node, missing, query: `{ ${field.name}${list} { nodes { id } } }` };
  });

const codes = (r: GraphQLResponse) => (r.errors ?? []).map((e) => e.extensions?.code);

describe('the département’s own slice: teams, caseloads, break-glass', () => {
  let stack: TestStack;
  let rows: Record<string, { id: string; children: string[] }[]>;
  /** The caseworker's slice: the children living in Nantes, and their caseload. */
  let team: Set<string>;
  let caseload: Set<string>;
  let slice: Set<string>;
  let outside: string[];
  const inSlice = (children: string[]) => children.some((c) => slice.has(c));
  const db = <T>(text: string, params: unknown[] = []) => sql<T>(stack.databaseUrl, text, params);

  beforeAll(async () => {
    stack = await startTestStack({ children: CHILDREN });
    rows = {};
    for (const [type, text] of Object.entries(ROWS)) rows[type] = await db(text);
    const nantes = DEPARTMENT_TEAMS[NANTES]!.communes;
    team = new Set((await db<{ id: string }>(`SELECT id FROM cases.child WHERE commune_code = ANY($1)`, [nantes])).map((r) => r.id));
    caseload = new Set(
      (await db<{ id: string }>(`SELECT child_id AS id FROM cases.child_referent WHERE member_id = $1 AND until IS NULL`, [CASEWORKER.sub])).map((r) => r.id),
    );
    slice = new Set([...team, ...caseload]);
    outside = rows.Child!.map((r) => r.id).filter((id) => !slice.has(id));
  }, SETUP_TIMEOUT_MS);
  afterAll(() => stack?.stop());

  it('seeds a caseworker whose slice has children of their team, of their caseload outside it, and children outside both', () => {
    expect(team.size).toBeGreaterThan(3);
    expect([...caseload].filter((c) => !team.has(c)).length).toBeGreaterThan(3);
    expect(outside.length).toBeGreaterThan(CHILDREN / 2);
  });

  it('lists to a caseworker exactly the children of their team and their caseload; to a manager and the CRIP, every child', async () => {
    const list = async (as: object) => {
      const ids: string[] = [];
      let after: string | null = null;
      do {
        const page: GraphQLResponse<any> = await stack.query<any>(
          `query ($after: String) { children(first: 100, after: $after) { nodes { id } pageInfo { hasNextPage endCursor } } }`,
          { after },
          as as never,
        );
        expect(page.errors).toBeUndefined();
        ids.push(...page.data.children.nodes.map((c: { id: string }) => c.id));
        after = page.data.children.pageInfo.hasNextPage ? page.data.children.pageInfo.endCursor : null;
      } while (after);
      return ids.sort();
    };
    expect(await list(CASEWORKER)).toEqual([...slice].sort());
    expect(await list(MANAGER)).toHaveLength(CHILDREN);
    expect(await list(CRIP)).toHaveLength(CHILDREN);
    // Another team's caseworker: none of the Nantes children outside their own caseload.
    const other = await list(OTHER_CASEWORKER);
    const otherCaseload = new Set(
      (await db<{ id: string }>(`SELECT child_id AS id FROM cases.child_referent WHERE member_id = $1 AND until IS NULL`, [OTHER_CASEWORKER.sub])).map((r) => r.id),
    );
    expect(other.filter((id) => team.has(id) && !otherCaseload.has(id))).toEqual([]);
  });

  it('covers every by-id read and every root list of child-linked rows in the département’s contract', () => {
    expect(BY_ID.map((b) => b.type).filter((t) => !ROWS[t])).toEqual([]);
    expect(LISTS.filter((l) => !ROWS[l.node] || l.missing.length > 0)).toEqual([]);
    expect(BY_ID.length).toBeGreaterThanOrEqual(10);
  });

  it.each(BY_ID)('$field(id): a caseworker reads a $type of their slice; another is FORBIDDEN as a nonexistent one; a manager reads both', async ({ field, type }) => {
    const query = `query ($id: ID!) { ${field}(id: $id) { id } }`;
    const scope = TEAM_SCOPED[type];
    if (scope) {
      // Not the slice's: without the scope, FORBIDDEN as a nonexistent one for a caseworker and a
      // manager alike, whatever the child; with it, every row for either.
      const [inside, outsideRow] = [rows[type]!.find((r) => inSlice(r.children)), rows[type]!.find((r) => !inSlice(r.children))];
      const nobody = await stack.query<any>(query, { id: NOBODY }, CASEWORKER);
      for (const row of [inside, outsideRow].filter((r) => r !== undefined)) {
        for (const as of [CASEWORKER, MANAGER]) {
          const refused = await stack.query<any>(query, { id: row.id }, as);
          expect(refused.data?.[field] ?? null).toBeNull();
          expect(codes(refused)).toEqual(['FORBIDDEN']);
          expect(refused.errors?.[0]?.message).toBe(nobody.errors?.[0]?.message);
          const granted = await stack.query<any>(query, { id: row.id }, { ...as, scopes: [scope] });
          expect(granted.errors).toBeUndefined();
          expect(granted.data[field].id).toBe(row.id);
        }
      }
      return;
    }
    const mine = rows[type]!.find((r) => inSlice(r.children));
    const theirs = rows[type]!.find((r) => !inSlice(r.children));
    expect(theirs).toBeTruthy();
    const refused = await stack.query<any>(query, { id: theirs!.id }, CASEWORKER);
    expect(refused.data?.[field] ?? null).toBeNull();
    expect(codes(refused)).toEqual(['FORBIDDEN']);
    const nobody = await stack.query<any>(query, { id: NOBODY }, CASEWORKER);
    expect(nobody.errors?.[0]?.message).toBe(refused.errors?.[0]?.message);
    expect(nobody.errors?.[0]?.path).toEqual(refused.errors?.[0]?.path);
    const manager = await stack.query<any>(query, { id: theirs!.id }, MANAGER);
    expect(manager.errors).toBeUndefined();
    expect(manager.data[field].id).toBe(theirs!.id);
    if (mine) {
      const read = await stack.query<any>(query, { id: mine.id }, CASEWORKER);
      expect(read.errors).toBeUndefined();
      expect(read.data[field].id).toBe(mine.id);
    }
  });

  it.each(LISTS)('$field lists to a caseworker only $node rows of their slice', async ({ field, node, query }) => {
    const [busiest] = await db<{ facility: string; week: string }>(
      `SELECT p.facility_id AS facility, to_char(date_trunc('week', v.planned_on), 'YYYY-MM-DD') AS week
         FROM placements.visit v JOIN placements.visit_right r ON r.id = v.visit_right_id JOIN placements.placement p ON p.child_id = r.child_id
        GROUP BY 1, 2 ORDER BY count(*) DESC LIMIT 1`,
    );
    const [court] = await db<{ court: string; from: string }>(
      `SELECT court_id AS court, to_char(min(scheduled_at), 'YYYY-MM-DD') AS from FROM cases.hearing GROUP BY 1 ORDER BY count(*) DESC LIMIT 1`,
    );
    const filled = query
      .replace('<FACILITY>', busiest?.facility ?? NOBODY)
      .replace('<WEEK>', busiest?.week ?? '2026-11-02')
      .replace('<COURT>', court?.court ?? NOBODY)
      .replace('<FROM>', court?.from ?? '2026-11-01');
    const scope = TEAM_SCOPED[node];
    if (scope) {
      for (const as of [CASEWORKER, MANAGER]) {
        const refused = await stack.query<any>(filled, {}, as);
        expect(refused.data?.[field] ?? null).toBeNull();
        expect(codes(refused)).toEqual(['FORBIDDEN']);
        const granted = await stack.query<any>(filled, {}, { ...as, scopes: [scope] });
        expect(granted.errors).toBeUndefined();
        expect(granted.data[field].nodes.length).toBe(Math.min(100, rows[node]!.length));
      }
      return;
    }
    const result = await stack.query<any>(filled, {}, CASEWORKER);
    expect(result.errors).toBeUndefined();
    const byId = new Map(rows[node]!.map((r) => [r.id, r.children]));
    const listed: string[] = result.data[field].nodes.map((n: { id: string }) => n.id);
    expect(listed.filter((id) => !inSlice(byId.get(id) ?? []))).toEqual([]);
    // The same list for a manager: at least as long (the whole département).
    const manager = await stack.query<any>(filled, {}, MANAGER);
    expect(manager.errors).toBeUndefined();
    expect(manager.data[field].nodes.length).toBeGreaterThanOrEqual(listed.length);
  });

  it('nested lists in placements and partners hold only the children of the slice: a facility’s placements, a school’s pupils, a PMI centre’s follow-ups', async () => {
    const result = await stack.query<any>(
      `{
        facilities(first: 100) { nodes { placements(first: 100) { nodes { id child { id } } } } }
        schools: partners(kind: SCHOOL, first: 100) { nodes { enrollments(first: 100) { nodes { id } } } }
        pmis: partners(kind: PMI, first: 100) { nodes { healthFollowUps(first: 100) { nodes { id } } } }
      }`,
      {},
      CASEWORKER,
    );
    expect(result.errors).toBeUndefined();
    const placements = result.data.facilities.nodes.flatMap((f: any) => f.placements.nodes);
    expect(placements.length).toBeGreaterThan(0);
    expect(placements.filter((p: any) => !slice.has(p.child.id))).toEqual([]);
    const childOf = (type: string) => new Map(rows[type]!.map((r) => [r.id, r.children[0]!]));
    const enrollments = result.data.schools.nodes.flatMap((s: any) => s.enrollments.nodes.map((e: any) => childOf('Enrollment').get(e.id)));
    expect(enrollments.length).toBeGreaterThan(0);
    expect(enrollments.filter((c: string) => !slice.has(c))).toEqual([]);
    const followUps = result.data.pmis.nodes.flatMap((s: any) => s.healthFollowUps.nodes.map((e: any) => childOf('HealthFollowUp').get(e.id)));
    expect(followUps.filter((c: string) => !slice.has(c))).toEqual([]);
    // The whole département for a manager: every open placement.
    const all = await stack.query<any>(`{ facilities(first: 100) { nodes { placements(first: 100) { nodes { id } } } } }`, {}, MANAGER);
    expect(all.data.facilities.nodes.flatMap((f: any) => f.placements.nodes).length).toBeGreaterThan(placements.length);
  });

  it('a child of the caseload outside the team is read in full, across the three subgraphs', async () => {
    const child = [...caseload].find((c) => !team.has(c) && rows.Placement!.some((p) => p.children[0] === c))
      ?? [...caseload].find((c) => !team.has(c))!;
    const result = await stack.query<any>(
      `query ($id: ID!) { child(id: $id) { id lastName placements(first: 5) { nodes { id } } enrollments(first: 5) { nodes { id } } measures(first: 5) { nodes { id } } } }`,
      { id: child },
      CASEWORKER,
    );
    expect(result.errors).toBeUndefined();
    expect(result.data.child.id).toBe(child);
  });

  it('a caseworker changes nothing of a child outside their slice: refused as for a nonexistent child, nothing written', async () => {
    const UPDATE = `mutation ($input: UpdateChildInput!) { updateChild(input: $input) { id lastName } }`;
    const [theirs] = await db<{ id: string; version: number; last_name: string }>(`SELECT id, version, last_name FROM cases.child WHERE id = $1`, [outside[0]]);
    const refused = await stack.query<any>(UPDATE, { input: { id: theirs!.id, version: theirs!.version, lastName: 'CHANGÉ' } }, CASEWORKER);
    expect(codes(refused)).toEqual(['FORBIDDEN']);
    const nobody = await stack.query<any>(UPDATE, { input: { id: NOBODY, version: 1, lastName: 'CHANGÉ' } }, CASEWORKER);
    expect(nobody.errors?.[0]?.message).toBe(refused.errors?.[0]?.message);
    expect((await db<{ last_name: string }>(`SELECT last_name FROM cases.child WHERE id = $1`, [theirs!.id]))[0]!.last_name).toBe(theirs!.last_name);
    // Their own child, they do change.
    const mine = [...team][0]!;
    const [row] = await db<{ version: number; last_name: string }>(`SELECT version, last_name FROM cases.child WHERE id = $1`, [mine]);
    const changed = await stack.query<any>(UPDATE, { input: { id: mine, version: row!.version, lastName: row!.last_name } }, CASEWORKER);
    expect(changed.errors).toBeUndefined();
  });

  it('a change of team, of role or of a child’s commune bites at the next request, in every subgraph', async () => {
    const CHILD_AND_PLACEMENTS = `query ($id: ID!) { child(id: $id) { id placements(first: 5) { nodes { id } } } }`;
    const placed = rows.Placement!.map((p) => p.children[0]!).find((c) => !slice.has(c))!;
    const placement = rows.Placement!.find((p) => p.children[0] === placed)!;
    const PLACEMENT = `query ($id: ID!) { placement(id: $id) { id } }`;
    expect(codes(await stack.query(PLACEMENT, { id: placement.id }, CASEWORKER))).toEqual(['FORBIDDEN']);
    // The child moves into the team's communes: in the slice at once, in cases and in placements.
    const [{ commune_code: before } = { commune_code: null }] = await db<{ commune_code: string | null }>(`SELECT commune_code FROM cases.child WHERE id = $1`, [placed]);
    await db(`UPDATE cases.child SET commune_code = $2 WHERE id = $1`, [placed, DEPARTMENT_TEAMS[NANTES]!.communes[0]]);
    const moved = await stack.query<any>(CHILD_AND_PLACEMENTS, { id: placed }, CASEWORKER);
    expect(moved.errors).toBeUndefined();
    expect(moved.data.child.placements.nodes.map((p: { id: string }) => p.id)).toContain(placement.id);
    expect((await stack.query<any>(PLACEMENT, { id: placement.id }, CASEWORKER)).data.placement.id).toBe(placement.id);
    await db(`UPDATE cases.child SET commune_code = $2 WHERE id = $1`, [placed, before]);
    expect(codes(await stack.query(PLACEMENT, { id: placement.id }, CASEWORKER))).toEqual(['FORBIDDEN']);

    // The caseworker becomes a manager: the whole département; back: their slice again.
    await db(`UPDATE partners.partner_member SET access_role = 'MANAGER' WHERE id = $1`, [CASEWORKER.sub]);
    expect((await stack.query<any>(PLACEMENT, { id: placement.id }, CASEWORKER)).errors).toBeUndefined();
    await db(`UPDATE partners.partner_member SET access_role = 'CASEWORKER' WHERE id = $1`, [CASEWORKER.sub]);
    expect(codes(await stack.query(PLACEMENT, { id: placement.id }, CASEWORKER))).toEqual(['FORBIDDEN']);

    // Another team: its children, not Nantes' any more (the caseload stays).
    const nantesOnly = [...team].find((c) => !caseload.has(c))!;
    const [{ team_id: own }] = await db<{ team_id: string }>(`SELECT team_id FROM partners.partner_member WHERE id = $1`, [CASEWORKER.sub]) as [{ team_id: string }];
    await db(`UPDATE partners.partner_member SET team_id = (SELECT team_id FROM partners.partner_member WHERE id = $2) WHERE id = $1`, [CASEWORKER.sub, OTHER_CASEWORKER.sub]);
    expect(codes(await stack.query(CHILD_AND_PLACEMENTS, { id: nantesOnly }, CASEWORKER))).toEqual(['FORBIDDEN']);
    await db(`UPDATE partners.partner_member SET team_id = $2 WHERE id = $1`, [CASEWORKER.sub, own]);
    expect((await stack.query<any>(CHILD_AND_PLACEMENTS, { id: nantesOnly }, CASEWORKER)).errors).toBeUndefined();
  });

  it('a caseworker’s queue of schools’ declarations holds their slice’s children only, and they confirm only those', async () => {
    const school = seeded('school', 'SCHOOL', 0);
    const DECLARE = `mutation ($input: EnrollChildInput!) { enrollChild(input: $input) { id version } }`;
    const declare = async (childId: string) => {
      const result = await stack.query<any>(DECLARE, { input: { childId, schoolId: school.partnerId, schoolYear: '2026-2027', classLevel: 'CM1', startDate: '2026-11-02' } }, school);
      expect(result.errors).toBeUndefined();
      return result.data.enrollChild as { id: string; version: number };
    };
    const inside = await declare([...team][0]!);
    const theirs = await declare(outside[1]!);
    const queue = await stack.query<any>(`{ enrollmentDeclarations(first: 100) { nodes { id } } }`, {}, CASEWORKER);
    expect(queue.errors).toBeUndefined();
    const ids = queue.data.enrollmentDeclarations.nodes.map((n: { id: string }) => n.id);
    expect(ids).toContain(inside.id);
    expect(ids).not.toContain(theirs.id);
    const CONFIRM = `mutation ($id: ID!, $version: Int!) { confirmEnrollment(id: $id, version: $version) { id status } }`;
    const refused = await stack.query<any>(CONFIRM, theirs, CASEWORKER);
    const nobody = await stack.query<any>(CONFIRM, { id: NOBODY, version: 1 }, CASEWORKER);
    expect(codes(refused)).toEqual(codes(nobody));
    expect(refused.errors?.[0]?.message.split(theirs.id).join('<id>')).toBe(nobody.errors?.[0]?.message.split(NOBODY).join('<id>'));
    expect((await db<{ status: string }>(`SELECT status FROM partners.enrollment WHERE id = $1`, [theirs.id]))[0]!.status).toBe('DECLARED');
    expect((await stack.query<any>(CONFIRM, inside, CASEWORKER)).data.confirmEnrollment.status).toBe('CONFIRMED');
    expect((await stack.query<any>(CONFIRM, theirs, MANAGER)).data.confirmEnrollment.status).toBe('CONFIRMED');
  });

  describe('break-glass', () => {
    const BREAK = `mutation ($input: BreakGlassInput!) { breakGlass(input: $input) { id reason grantedAt expiresAt child { id } member { id } } }`;
    const REASON = 'Appel du commissariat cette nuit : mise à l’abri en urgence, référente absente';
    const READ = `query ($id: ID!) { child(id: $id) { id placements(first: 5) { nodes { id } } enrollments(first: 5) { nodes { id } } } }`;
    const grantsOf = (child: string) => db<{ member_id: string; reason: string }>(`SELECT member_id, reason FROM cases.break_glass WHERE child_id = $1`, [child]);
    /** A child outside the slice with a placement and an enrolment: every subgraph has a row of it. */
    let target: string;
    beforeAll(async () => {
      const placed = new Set(rows.Placement!.map((p) => p.children[0]));
      const enrolled = new Set(rows.Enrollment!.map((p) => p.children[0]));
      // Outside the other caseworker's slice too (Saint-Nazaire's communes, their caseload).
      const theirs = new Set(
        (await db<{ id: string }>(
          `SELECT id FROM cases.child WHERE commune_code = ANY($1) UNION SELECT child_id FROM cases.child_referent WHERE member_id = $2 AND until IS NULL`,
          [DEPARTMENT_TEAMS[SAINT_NAZAIRE]!.communes, OTHER_CASEWORKER.sub],
        )).map((r) => r.id),
      );
      const candidates = outside.filter((c) => !theirs.has(c));
      target = candidates.find((c) => placed.has(c) && enrolled.has(c)) ?? candidates[0]!;
    }, SETUP_TIMEOUT_MS);

    it('refuses a missing or too short reason, and writes nothing', async () => {
      const short = await stack.query(BREAK, { input: { childId: target, reason: '  urgence   ' } }, CASEWORKER);
      expect(codes(short)).toEqual(['BAD_USER_INPUT']);
      expect(short.errors?.[0]?.message).toMatch(/reason/);
      const none = await stack.query(BREAK, { input: { childId: target } }, CASEWORKER);
      expect(codes(none)).toContain('BAD_USER_INPUT');
      const unknown = await stack.query(BREAK, { input: { childId: NOBODY, reason: REASON } }, CASEWORKER);
      expect(codes(unknown)).toEqual(['NOT_FOUND']);
      expect(await grantsOf(target)).toEqual([]);
      expect(await db(`SELECT 1 FROM cases.break_glass`)).toEqual([]);
    });

    it('is refused to every other audience (not in their contract), to a manager and to the CRIP, and writes nothing', async () => {
      for (const as of [seeded('school', 'SCHOOL', 0), seeded('judge', 'COURT', 0), seeded('association', 'ASSOCIATION', 0), CRIP]) {
        const result = await stack.query(BREAK, { input: { childId: target, reason: REASON } }, as);
        expect([as.audience, result.status, codes(result)]).toEqual([as.audience, 400, ['GRAPHQL_VALIDATION_FAILED']]);
      }
      const manager = await stack.query(BREAK, { input: { childId: target, reason: REASON } }, MANAGER);
      expect(codes(manager)).toEqual(['FORBIDDEN']);
      // Straight to the cases subgraph with a validly signed principal of another audience.
      const school: Principal = { sub: partnerMemberId('SCHOOL', 0, 0), partnerId: partnerId('SCHOOL', 0), audience: 'school', scopes: [] };
      const direct = await stack.querySubgraph('cases', BREAK, { input: { childId: target, reason: REASON } }, school);
      expect(codes(direct)).toContain('FORBIDDEN');
      expect(await grantsOf(target)).toEqual([]);
    });

    it('opens the child to the caseworker in every subgraph for BREAK_GLASS_HOURS, audited and listed to the managers, until it expires', async () => {
      const before = await stack.query<any>(READ, { id: target }, CASEWORKER);
      expect(codes(before)).toEqual(['FORBIDDEN']);

      const granted = await stack.query<any>(BREAK, { input: { childId: target, reason: `  ${REASON} ` } }, CASEWORKER);
      expect(granted.errors).toBeUndefined();
      const grant = granted.data.breakGlass;
      expect(grant).toMatchObject({ reason: REASON, child: { id: target }, member: { id: CASEWORKER.sub } });
      expect(Date.parse(grant.expiresAt) - Date.parse(grant.grantedAt)).toBe(24 * 3_600_000);

      const after = await stack.query<any>(READ, { id: target }, CASEWORKER);
      expect(after.errors).toBeUndefined();
      expect(after.data.child.id).toBe(target);
      expect(after.data.child.placements.nodes.length).toBeGreaterThan(0);
      expect(after.data.child.enrollments.nodes.length).toBeGreaterThan(0);
      // For that caseworker only.
      expect(codes(await stack.query(READ, { id: target }, OTHER_CASEWORKER))).toEqual(['FORBIDDEN']);

      // In the audit trail: who, which child, the category; the DPO finds it by child and member.
      const audit = await stack.query<any>(
        `query ($filter: AuditLogFilter) { auditLog(first: 10, filter: $filter) { nodes { member operationType categories children outcome } } }`,
        { filter: { childId: target, member: CASEWORKER.sub } },
        DPO,
      );
      expect(audit.errors).toBeUndefined();
      expect(audit.data.auditLog.nodes).toContainEqual(
        expect.objectContaining({ member: CASEWORKER.sub, operationType: 'mutation', categories: expect.arrayContaining(['BREAK_GLASS']), children: [target], outcome: 'ok' }),
      );
      // Listed to the managers with its reason; not to the caseworker without audit:read.
      const LIST = `query ($child: ID) { breakGlassGrants(first: 10, childId: $child) { nodes { id reason member { id } child { id } expiresAt } } }`;
      const listed = await stack.query<any>(LIST, { child: target }, { ...MANAGER, scopes: ['audit:read'] });
      expect(listed.errors).toBeUndefined();
      expect(listed.data.breakGlassGrants.nodes).toEqual([expect.objectContaining({ id: grant.id, reason: REASON, member: { id: CASEWORKER.sub } })]);
      const mine = await stack.query<any>(LIST, { child: target }, CASEWORKER);
      expect(mine.data?.breakGlassGrants ?? null).toBeNull();
      expect(codes(mine)).toEqual(['FORBIDDEN']);

      // A grant is never changed...
      await expect(db(`UPDATE cases.break_glass SET expires_at = expires_at + interval '1 day' WHERE id = $1`, [grant.id])).rejects.toThrow(/never changed/);
      // ...but time passes: the grant ends (the database's owner moves it to the past, as the clock would).
      await db(`ALTER TABLE cases.break_glass DISABLE TRIGGER break_glass_unchanged`);
      await db(`UPDATE cases.break_glass SET granted_at = granted_at - interval '25 hours', expires_at = expires_at - interval '25 hours' WHERE id = $1`, [grant.id]);
      await db(`ALTER TABLE cases.break_glass ENABLE TRIGGER break_glass_unchanged`);
      const expired = await stack.query<any>(READ, { id: target }, CASEWORKER);
      expect(codes(expired)).toEqual(['FORBIDDEN']);
      const placement = rows.Placement!.find((p) => p.children[0] === target)!;
      const expiredPlacement = await stack.query<any>(`query ($id: ID!) { placement(id: $id) { id } }`, { id: placement.id }, CASEWORKER);
      expect(codes(expiredPlacement)).toEqual(['FORBIDDEN']);
    });
  });
});
