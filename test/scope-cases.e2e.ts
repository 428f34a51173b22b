import { childId, childPlacements, childPmi, childSchool, partnerId, placementMeasure } from '@passerelle/common';
import { randomUUID } from 'node:crypto';
import { data, todayInFrance } from './cases-support';
import { column, inForce, INDEX, PLAN, pupilsOf, refused, SIZE, sql, toddlersOf } from './scope-cases-support';
import { seeded, startTestStack, type TestStack } from './support/stack';
import { SETUP_TIMEOUT_MS } from './support/timeouts';

const ids = (nodes: { id: string }[]) => nodes.map((n) => n.id).sort();
const CHILDREN = `{ children(first: 100) { nodes { id } pageInfo { hasNextPage } } }`;

describe('row scope in the cases subgraph: who reads which rows', () => {
  let stack: TestStack;
  let db: string;
  beforeAll(async () => {
    stack = await startTestStack({ children: PLAN.children, today: PLAN.today });
    db = stack.databaseUrl;
  }, SETUP_TIMEOUT_MS);
  afterAll(() => stack?.stop());

  describe('a school', () => {
    const school = seeded('school', 'SCHOOL', 0);
    const pupils = pupilsOf(0);
    const stranger = [...INDEX.keys()].find((id) => !pupils.includes(id))!;

    it('lists its pupils and no other child, and finds no other child by name or birth date', async () => {
      expect(pupils.length).toBeGreaterThan(10);
      const listed = data(await stack.query<any>(CHILDREN, {}, school)).children;
      expect(ids(listed.nodes)).toEqual(pupils);
      expect(listed.pageInfo.hasNextPage).toBe(false);
      const [other] = await sql<{ birth_date: string; last_name: string }>(db, `SELECT birth_date::text, last_name FROM cases.child WHERE id = $1`, [stranger]);
      const search = `query ($name: String, $birthDate: LocalDate) { searchChildren(name: $name, birthDate: $birthDate, first: 100) { nodes { id } } }`;
      const byBirth = data(await stack.query<any>(search, { birthDate: other!.birth_date }, school)).searchChildren.nodes;
      const byName = data(await stack.query<any>(search, { name: other!.last_name }, school)).searchChildren.nodes;
      expect(ids(byBirth)).not.toContain(stranger);
      expect(ids(byName)).not.toContain(stranger);
      expect(ids(byName).every((id) => pupils.includes(id))).toBe(true);
      expect(ids(data(await stack.query<any>(search, { name: other!.last_name })).searchChildren.nodes)).toContain(stranger);
    });

    it('reads a pupil’s guardians as the département does', async () => {
      const query = `query ($id: ID!) { child(id: $id) { id underProtection guardians { id } authorisedPickups { id } barredContacts { id } } }`;
      const asSchool = data(await stack.query<any>(query, { id: pupils[0] }, school)).child;
      const asDepartment = data(await stack.query<any>(query, { id: pupils[0] })).child;
      expect(asSchool.guardians.length).toBeGreaterThan(0);
      expect(asSchool).toEqual(asDepartment);
    });

    it('gets FORBIDDEN for another child by id, in the same words as for an id that does not exist', async () => {
      const query = `query ($id: ID!) { child(id: $id) { id lastName } }`;
      const other = await stack.query<any>(query, { id: stranger }, school);
      const nobody = await stack.query<any>(query, { id: randomUUID() }, school);
      expect(other.data).toBeNull();
      expect(nobody.data).toBeNull();
      expect(refused(other)).toBe(refused(nobody));
      expect(refused(other)).not.toContain(stranger);
      // The département is told plainly that there is no such child.
      expect((await stack.query<any>(query, { id: randomUUID() })).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    });
  });

  it('a school reads the schooling part of a pupil’s plan, a PMI centre the health part; neither the reviews', async () => {
    for (const [audience, kind, domain, slice] of [
      ['school', 'SCHOOL', 'SCHOOLING', (i: number) => childSchool(PLAN, SIZE, i)],
      ['pmi', 'PMI', 'HEALTH', (i: number) => childPmi(PLAN, SIZE, i)],
    ] as const) {
      const candidates = await sql<{ id: string; child_id: string }>(
        db,
        `SELECT p.id, p.child_id FROM cases.child_plan p
          WHERE EXISTS (SELECT 1 FROM cases.plan_objective o WHERE o.plan_id = p.id AND o.domain = $1)
            AND EXISTS (SELECT 1 FROM cases.plan_review r WHERE r.plan_id = p.id) ORDER BY p.id`,
        [domain],
      );
      const plan = candidates.find((c) => { const s = slice(INDEX.get(c.child_id)!); return s !== null && inForce(s); });
      expect(plan).toBeDefined();
      const institution = seeded(audience, kind, slice(INDEX.get(plan!.child_id)!)!);
      const query = `query ($id: ID!) { childPlan(id: $id) { id needs { domain } objectives { domain actions { description } } reviews { summary } signatures { signerRole } } }`;
      const partial = data(await stack.query<any>(query, { id: plan!.id }, institution)).childPlan;
      const whole = data(await stack.query<any>(query, { id: plan!.id })).childPlan;
      expect(whole.needs.map((n: any) => n.domain)).toContain(domain);
      expect(whole.needs.some((n: any) => n.domain !== domain)).toBe(true);
      expect(partial.needs).toEqual(whole.needs.filter((n: any) => n.domain === domain));
      expect(partial.objectives).toEqual(whole.objectives.filter((o: any) => o.domain === domain));
      expect(partial.objectives[0].actions.length).toBeGreaterThan(0);
      expect(whole.reviews.length).toBeGreaterThan(0);
      expect(partial.reviews).toEqual([]);
      expect(partial.signatures).toEqual(whole.signatures);
      // The child's plans list says the same.
      const listed = data(await stack.query<any>(`query ($id: ID!) { child(id: $id) { plans(first: 5) { nodes { id needs { domain } } } } }`, { id: plan!.child_id }, institution));
      expect(listed.child.plans.nodes.flatMap((p: any) => p.needs.map((n: any) => n.domain)).every((d: string) => d === domain)).toBe(true);
    }
  });

  it('a PMI centre and an association list exactly the children of their slice (ids from partners, placements and cases), page after page', async () => {
    const today = todayInFrance();
    const pmi = [...Array(SIZE.pmiCentres).keys()].find((p) => inForce(p) && toddlersOf(p).length > 5)!;
    const association = [...Array(SIZE.associations).keys()].find((a) => inForce(a))!;
    const followed = await column(
      db,
      `SELECT DISTINCT child_id::text AS v FROM partners.health_follow_up
        WHERE pmi_id = $1 AND status = 'CONFIRMED' AND start_date <= $2 AND (end_date IS NULL OR end_date >= $2)`,
      [partnerId('PMI', pmi), today],
    );
    const placedOrOperated = await column(
      db,
      `SELECT p.child_id::text AS v FROM placements.placement p JOIN placements.facility f ON f.id = p.facility_id WHERE f.operator_id = $1 AND p.end_date IS NULL
        UNION SELECT child_id::text FROM cases.measure WHERE operator_id = $1 AND status NOT IN ('ENDED', 'LIFTED')`,
      [partnerId('ASSOCIATION', association)],
    );
    for (const [who, slice] of [
      [seeded('pmi', 'PMI', pmi), followed],
      [seeded('association', 'ASSOCIATION', association), placedOrOperated],
    ] as const) {
      expect([who.audience, slice.length > 5]).toEqual([who.audience, true]);
      // Small pages: every cursor of the list goes through the slice's condition too.
      const listed: string[] = [];
      let after: string | null = null;
      for (let page = 0; page < 100; page++) {
        const result: any = data(await stack.query<any>(`query ($after: String) { children(first: 7, after: $after) { nodes { id } pageInfo { hasNextPage endCursor } } }`, { after }, who)).children;
        listed.push(...result.nodes.map((n: { id: string }) => n.id));
        if (!result.pageInfo.hasNextPage) break;
        after = result.pageInfo.endCursor;
      }
      expect([who.audience, listed.length, [...listed].sort()]).toEqual([who.audience, slice.length, slice]);
    }
  });

  describe('a judge', () => {
    const judge = seeded('judge', 'COURT', 0);
    const court = partnerId('COURT', 0);

    it('sees the children with a measure or a hearing before its court, with their whole file, and no other', async () => {
      const slice = await column(db, `SELECT child_id::text AS v FROM cases.measure WHERE court_id = $1 UNION SELECT child_id::text FROM cases.hearing WHERE court_id = $1`, [court]);
      // From the world alone: children placed by a judicial measure before the court are in it.
      const placedByCourt = [...INDEX].filter(([, i]) => childPlacements(PLAN, SIZE, i).some((_, k) => placementMeasure(PLAN, SIZE, i, k).court === 0)).map(([id]) => id);
      expect(placedByCourt.length).toBeGreaterThan(10);
      expect(slice).toEqual(expect.arrayContaining(placedByCourt));
      const seen: string[] = [];
      let after: string | null = null;
      do {
        const page: any = data(await stack.query<any>(`query ($after: String) { children(first: 100, after: $after) { nodes { id } pageInfo { hasNextPage endCursor } } }`, { after }, judge)).children;
        seen.push(...page.nodes.map((n: any) => n.id));
        after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
      } while (after);
      expect(seen.sort()).toEqual(slice);
      expect(seen.length).toBeGreaterThan(100);

      const other = (await column(db, `SELECT child_id::text AS v FROM cases.measure WHERE court_id = $1`, [partnerId('COURT', 1)])).find((id) => !slice.includes(id))!;
      expect(refused(await stack.query(`{ child(id: "${other}") { id } }`, {}, judge))).toMatch(/not in your institution's slice/);

      // The whole file of one of its children: every measure (administrative ones too), every hearing.
      const mine = slice[0]!;
      const file = `query ($id: ID!) { child(id: $id) { measures(first: 100) { nodes { id } } hearings(first: 100) { nodes { id } } timeline(first: 100) { nodes { subjectId } } } }`;
      expect(data(await stack.query<any>(file, { id: mine }, judge))).toEqual(data(await stack.query<any>(file, { id: mine })));

      // The partners subgraph finds the same slice through _casesChildrenInScope: a pupil's schooling.
      const pupil = slice.find((id) => childSchool(PLAN, SIZE, INDEX.get(id)!) !== null)!;
      const schooling = `query ($id: ID!) { child(id: $id) { currentEnrollment { id classLevel } } }`;
      const asJudge = data(await stack.query<any>(schooling, { id: pupil }, judge));
      expect(asJudge.child.currentEnrollment).not.toBeNull();
      expect(asJudge).toEqual(data(await stack.query<any>(schooling, { id: pupil })));
    });

    it('reads the evaluations and referrals of concerns naming its children, and only the concerns it sent', async () => {
      const evaluations = `{ evaluationsDue(withinDays: 366, first: 100) { nodes { id } } referrals(first: 100) { nodes { id } } concerns(first: 100) { nodes { id } } }`;
      const seen = data(await stack.query<any>(evaluations, {}, judge));
      const slice = `SELECT child_id FROM cases.measure WHERE court_id = $1 UNION SELECT child_id FROM cases.hearing WHERE court_id = $1`;
      const naming = `SELECT cc.concern_id FROM cases.concern_child cc WHERE cc.child_id IN (${slice})`;
      expect(ids(seen.evaluationsDue.nodes)).toEqual(await column(db, `SELECT id::text AS v FROM cases.evaluation WHERE status = 'IN_PROGRESS' AND concern_id IN (${naming})`, [court]));
      expect(ids(seen.referrals.nodes)).toEqual(await column(db, `SELECT id::text AS v FROM cases.referral WHERE concern_id IN (${naming})`, [court]));
      expect(seen.referrals.nodes.length).toBeGreaterThan(0);
      expect(seen.concerns.nodes).toEqual([]);
      const all = data(await stack.query<any>(evaluations));
      expect(all.referrals.nodes.length).toBeGreaterThan(seen.referrals.nodes.length);
    });
  });

  describe('a prosecutor', () => {
    const parquet = seeded('prosecutor', 'PROSECUTOR', 0);
    const office = partnerId('PROSECUTOR', 0);

    it('reads the concerns and referrals sent to its parquet (and its own), their children, and nothing else', async () => {
      const query = `{ concerns(first: 100) { nodes { id content children { id } } } referrals(first: 100) { nodes { id prosecutorOffice { id } } } children(first: 100) { nodes { id } } }`;
      const seen = data(await stack.query<any>(query, {}, parquet));
      const referred = await column(db, `SELECT DISTINCT concern_id::text AS v FROM cases.referral WHERE prosecutor_office_id = $1`, [office]);
      expect(referred.length).toBeGreaterThan(3);
      // The concerns referred to it, and (like every sender) those it sent itself.
      const readable = await column(
        db,
        `SELECT concern_id::text AS v FROM cases.referral WHERE prosecutor_office_id = $1
         UNION SELECT id::text FROM cases.concern WHERE source_partner_id = $1`,
        [office],
      );
      expect(ids(seen.concerns.nodes)).toEqual(readable);
      const referredSeen = seen.concerns.nodes.filter((c: any) => referred.includes(c.id));
      expect(referredSeen).toHaveLength(referred.length);
      expect(referredSeen.every((c: any) => c.content.length > 0 && c.children.length > 0)).toBe(true);
      expect(seen.referrals.nodes.every((r: any) => r.prosecutorOffice.id === office)).toBe(true);
      expect(ids(seen.children.nodes)).toEqual(
        await column(db, `SELECT DISTINCT cc.child_id::text AS v FROM cases.concern_child cc JOIN cases.referral r ON r.concern_id = cc.concern_id WHERE r.prosecutor_office_id = $1`, [office]),
      );
      const elsewhere = await column(db, `SELECT concern_id::text AS v FROM cases.referral WHERE prosecutor_office_id = $1`, [partnerId('PROSECUTOR', 1)]);
      expect(refused(await stack.query(`{ concern(id: "${elsewhere[0]}") { id status } }`, {}, parquet))).toMatch(/Concern is not in your institution's slice/);
    });
  });

  describe('a sender', () => {
    it('sees the status of the concern it submitted, in its own name, and not another school’s concern', async () => {
      const school = seeded('school', 'SCHOOL', 1);
      const submit = `mutation ($input: SubmitConcernInput!) { submitConcern(input: $input) { id status senderOutcome } }`;
      const input = { channel: 'FORM', sourceKind: 'SCHOOL', urgency: 'NORMAL', content: 'L’enfant arrive affamé chaque matin.', childIds: [pupilsOf(1)[0]] };
      const submitted = data(await stack.query<any>(submit, { input }, school)).submitConcern;
      expect(submitted.status).toBe('RECEIVED');
      const [row] = await sql<{ source_partner_id: string }>(db, `SELECT source_partner_id FROM cases.concern WHERE id = $1`, [submitted.id]);
      expect(row!.source_partner_id).toBe(school.partnerId);

      const read = data(await stack.query<any>(`query ($id: ID!) { concern(id: $id) { id status senderOutcome senderFeedback } }`, { id: submitted.id }, school));
      expect(read.concern).toMatchObject({ id: submitted.id, status: 'RECEIVED', senderFeedback: 'NOT_INFORMED' });
      const listed = data(await stack.query<any>(`{ concerns(first: 100) { nodes { id } } }`, {}, school)).concerns.nodes;
      expect(ids(listed)).toEqual(await column(db, `SELECT id::text AS v FROM cases.concern WHERE source_partner_id = $1`, [school.partnerId]));
      expect(ids(listed)).toContain(submitted.id);

      const others = await column(db, `SELECT id::text AS v FROM cases.concern WHERE source_kind = 'SCHOOL' AND source_partner_id <> $1`, [school.partnerId]);
      const another = await stack.query(`{ concern(id: "${others[0]}") { id status } }`, {}, school);
      expect(refused(another)).toBe(refused(await stack.query(`{ concern(id: "${randomUUID()}") { id status } }`, {}, school)));
    });

    it('a parquet also reads back the status of a concern it sent itself (matrix: every sender)', async () => {
      const parquet = seeded('prosecutor', 'PROSECUTOR', 1);
      const submit = `mutation ($input: SubmitConcernInput!) { submitConcern(input: $input) { id status } }`;
      const input = { channel: 'PROSECUTOR', sourceKind: 'PROSECUTOR', urgency: 'NORMAL', content: 'Transmis par le parquet après une plainte.', childIds: [pupilsOf(3)[0]] };
      const submitted = data(await stack.query<any>(submit, { input }, parquet)).submitConcern;
      const read = data(await stack.query<any>(`query ($id: ID!) { concern(id: $id) { id status senderOutcome } }`, { id: submitted.id }, parquet));
      expect(read.concern).toMatchObject({ id: submitted.id, status: 'RECEIVED' });
    });

    it('the 119 lists only the concerns it sent', async () => {
      const snated = seeded('snated', 'SNATED', 0);
      const listed = data(await stack.query<any>(`{ concerns(first: 100) { nodes { id senderOutcome } } }`, {}, snated)).concerns.nodes;
      expect(listed.length).toBeGreaterThan(0);
      expect(listed.length).toBeLessThan(100);
      expect(ids(listed)).toEqual(await column(db, `SELECT id::text AS v FROM cases.concern WHERE source_partner_id = $1`, [snated.partnerId]));
    });
  });

  describe('entity references', () => {
    const school = seeded('school', 'SCHOOL', 2);
    const principal = { ...school, scopes: [] };
    const entities = `query ($representations: [_Any!]!) { _entities(representations: $representations) { ... on Child { id lastName } } }`;

    it('an out-of-scope child is null with FORBIDDEN, in the same words as a child that does not exist', async () => {
      const pupil = pupilsOf(2)[0]!;
      const stranger = [...INDEX.keys()].find((id) => !pupilsOf(2).includes(id))!;
      const resolve = (id: string) =>
        stack.querySubgraph<any>('cases', entities, { representations: [{ __typename: 'Child', id }] }, principal);
      const own = await resolve(pupil);
      expect(own.errors).toBeUndefined();
      expect(own.data._entities[0].id).toBe(pupil);
      const other = await resolve(stranger);
      const nobody = await resolve(randomUUID());
      expect(other.data._entities).toEqual([null]);
      expect(nobody.data._entities).toEqual([null]);
      expect(refused(other)).toBe(refused(nobody));
      // For the département, a child that does not exist is simply no entity.
      const whole = await stack.querySubgraph<any>('cases', entities, { representations: [{ __typename: 'Child', id: randomUUID() }] });
      expect(whole.errors).toBeUndefined();
      expect(whole.data._entities).toEqual([null]);
    });

    it('through the gateway: a former pupil’s name is FORBIDDEN to the school it left', async () => {
      const i = INDEX.get(pupilsOf(4)[0]!)!;
      const next = seeded('school', 'SCHOOL', 6);
      const declared = await stack.query<any>(
        `mutation ($input: EnrollChildInput!) { enrollChild(input: $input) { id version } }`,
        { input: { childId: childId(i), schoolId: next.partnerId, schoolYear: '2026-2027', classLevel: 'CM1', startDate: todayInFrance() } },
        next,
      );
      expect(declared.errors).toBeUndefined();
      // The new school's declaration is in force once the département confirms it.
      const moved = await stack.query<any>(`mutation ($id: ID!, $v: Int!) { confirmEnrollment(id: $id, version: $v) { id } }`, {
        id: declared.data.enrollChild.id,
        v: declared.data.enrollChild.version,
      });
      expect(moved.errors).toBeUndefined();
      const former = await stack.query<any>(
        `query ($id: ID!) { partner(id: $id) { enrollments(first: 100) { nodes { endDate child { id lastName } } } } }`,
        { id: partnerId('SCHOOL', 4) },
        seeded('school', 'SCHOOL', 4),
      );
      const forbidden = former.errors?.filter((e) => e.extensions?.code === 'FORBIDDEN') ?? [];
      expect(forbidden).toHaveLength(1);
      expect(forbidden[0]!.message).toMatch(/this Child is not in your institution's slice, or does not exist/);
      // The school keeps its own enrolment rows (partners' row policy: its pupils today and those
      // who left); the one of the child who left names the child by reference only (ids are PUBLIC
      // references): nothing the cases subgraph holds about the child arrives, and the school's
      // other pupils are not wiped out with it (their names stay, as before the refusal).
      const nodes: { child: { id: string; lastName: string | null } }[] = former.data.partner.enrollments.nodes;
      const gone = nodes.filter((n) => n.child.id === childId(i));
      expect(gone.length).toBeGreaterThan(0);
      expect(gone.every((n) => Object.keys(n.child).length === 2 && n.child.lastName === null)).toBe(true);
      const name = (await stack.query<any>(`query ($id: ID!) { child(id: $id) { lastName } }`, { id: childId(i) })).data.child.lastName;
      const others = nodes.filter((n) => n.child.id !== childId(i));
      expect(others.length).toBeGreaterThan(0);
      expect(others.every((n) => typeof n.child.lastName === 'string')).toBe(true);
      expect(JSON.stringify(gone)).not.toContain(name);
    });
  });

  it('answers which children its facts put in a judge’s, a parquet’s or an association’s slice, to Passerelle’s own services only', async () => {
    const query = `query ($a: String!, $p: ID!) { _casesChildrenInScope(audience: $a, partnerId: $p) }`;
    const ask = async (audience: string, p: string) => ((await stack.querySubgraph<any>('cases', query, { a: audience, p })).data._casesChildrenInScope as string[]).sort();
    const association = partnerId('ASSOCIATION', 1);
    const operated = await column(db, `SELECT DISTINCT child_id::text AS v FROM cases.measure WHERE operator_id = $1 AND status NOT IN ('ENDED', 'LIFTED')`, [association]);
    expect(operated.length).toBeGreaterThan(5);
    expect(await ask('association', association)).toEqual(operated);
    expect(await ask('school', partnerId('SCHOOL', 0))).toEqual([]);
    expect((await ask('judge', partnerId('COURT', 1))).length).toBeGreaterThan(20);
    const asSchool = await stack.querySubgraph<any>('cases', query, { a: 'judge', p: partnerId('COURT', 0) }, { ...seeded('school', 'SCHOOL', 0), scopes: [] });
    expect(asSchool.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const viaGateway = await stack.query(`{ _casesChildrenInScope(audience: "judge", partnerId: "${partnerId('COURT', 0)}") }`);
    expect(viaGateway.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });
});
