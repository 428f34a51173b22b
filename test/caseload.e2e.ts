import { AUDIENCES, DEPARTMENT_REFERENT_FIRST, partnerId, partnerMemberId, type Audience, type Principal } from '@passerelle/common';
import { BINOME, data, error, run, todayInFrance } from './cases-support';
import { seeded, seededAs, SEEDED_KIND, startTestStack, type TestStack } from './support/stack';
import { SETUP_TIMEOUT_MS } from './support/timeouts';

/**
 * The caseworker's day (issue 13): référents and evaluators are members, a member's caseload
 * and deadlines in one round trip, through the gateway as the apps send them.
 */

/** Two extra référents of the seeded département (active members with the référent role). */
const MEMBER = (j: number) => partnerMemberId('DEPARTMENT', 0, DEPARTMENT_REFERENT_FIRST + j);
const AS_MEMBER = (j: number) => seeded('department', 'DEPARTMENT', 0, DEPARTMENT_REFERENT_FIRST + j);

const ASSIGN = `mutation ($input: AssignReferentInput!) { assignReferent(input: $input) { id since until member { id } } }`;
const END = `mutation ($input: EndReferentInput!) { endReferent(input: $input) { id since until } }`;

const MY_DAY = /* GraphQL */ `
  query MyDay($within: Int!, $first: Int!) {
    myCaseload(withinDays: $within) {
      memberId dueBy childCount
      children(first: $first) { nodes { id lastName referents { since member { id lastName role phone } } } }
      deadlines(first: 100) {
        nodes { id kind dueOn overdue daysLeft subjectId child { id lastName } measure { id kind } }
        pageInfo { hasNextPage endCursor }
      }
      counts { kind total overdue }
      visits(first: 100) { nodes { id plannedOn status } }
      visitCounts { total overdue }
    }
  }
`;

describe('the caseworker’s day: référents, evaluators, caseload and deadlines', () => {
  let stack: TestStack;
  const sql = <T = any>(text: string, params: unknown[] = []): Promise<T[]> => stack.subgraphs.cases!.db.dataSource.query(text, params);
  const referentRows = async () => Number((await sql(`SELECT count(*)::int AS n FROM cases.child_referent`))[0].n);
  /** Children with a measure in force and a visit planned: every kind of deadline has a chance. */
  let busy: string[];

  beforeAll(async () => {
    stack = await startTestStack({ children: 300 });
    // The two test members start with no caseload of their own (the seed gave them some).
    await sql(`DELETE FROM cases.child_referent WHERE member_id = ANY($1)`, [[MEMBER(0), MEMBER(1)]]);
    busy = (
      await sql(`SELECT DISTINCT m.child_id FROM cases.measure m
                  WHERE m.status IN ('ACTIVE', 'RENEWED')
                    AND EXISTS (SELECT 1 FROM placements.visit_right r JOIN placements.visit v ON v.visit_right_id = r.id
                                 WHERE r.child_id = m.child_id AND v.status = 'PLANNED')
                  ORDER BY m.child_id`)
    ).map((r) => r.child_id);
  }, SETUP_TIMEOUT_MS);
  afterAll(() => stack?.stop());

  describe('référents are members', () => {
    it('the département assigns a member of its own as référent, and ends the assignment keeping the history', async () => {
      const child = busy[0]!;
      const assigned = data(await stack.query<any>(ASSIGN, { input: { childId: child, memberId: MEMBER(0) } })).assignReferent;
      expect(assigned).toMatchObject({ since: todayInFrance(), until: null, member: { id: MEMBER(0) } });
      const again = error(await stack.query(ASSIGN, { input: { childId: child, memberId: MEMBER(0) } }));
      expect(again.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'input.memberId' });
      const ended = data(await stack.query<any>(END, { input: { childId: child, memberId: MEMBER(0) } })).endReferent;
      expect(ended).toMatchObject({ id: assigned.id, until: todayInFrance() });
      const { child: read } = await run(stack, `query ($id: ID!) { child(id: $id) { now: referents { member { id } } all: referents(history: true) { id until } } }`, { id: child });
      expect(read.now.map((r: any) => r.member.id)).not.toContain(MEMBER(0));
      expect(read.all).toContainEqual({ id: assigned.id, until: todayInFrance() });
    });

    it('a référent must be an active member of the département or the CRIP: a school’s member, an unknown id are BAD_USER_INPUT, nothing written', async () => {
      const before = await referentRows();
      for (const memberId of [partnerMemberId('SCHOOL', 0, 0), partnerMemberId('COURT', 0, 0), '00000000-0000-4000-8000-000000000000']) {
        const e = error(await stack.query(ASSIGN, { input: { childId: busy[0], memberId } }));
        expect(e.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'input.memberId' });
        expect(e.message).toMatch(/not an active member of the département or the CRIP/);
      }
      // A CRIP member may be one.
      data(await stack.query(ASSIGN, { input: { childId: busy[1], memberId: partnerMemberId('CRIP', 0, 0) } }));
      expect(await referentRows()).toBe(before + 1);
    });

    it('a school reads who its pupil’s référent is (name, role, phone), as a caseworker — not the members’ administration', async () => {
      const [pupil] = await sql(`SELECT e.child_id, r.member_id FROM partners.enrollment e
                                   JOIN cases.child_referent r ON r.child_id = e.child_id AND r.until IS NULL
                                  WHERE e.school_id = $1 AND e.end_date IS NULL ORDER BY e.child_id LIMIT 1`, [partnerId('SCHOOL', 0)]);
      expect(pupil).toBeDefined();
      const read = data(await stack.query<any>(`query ($id: ID!) { child(id: $id) { referents { member { id lastName role phone } } } }`, { id: pupil.child_id }, seededAs('school'))).child;
      expect(read.referents).toContainEqual({ member: expect.objectContaining({ id: pupil.member_id, lastName: expect.any(String), role: expect.any(String) }) });
      const admin = await stack.query(`query ($id: ID!) { partnerMember(id: $id) { lastName } }`, { id: pupil.member_id }, seededAs('school'));
      expect(admin.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    });

    it('only the département assigns or ends: every other audience is refused before anything runs, and nothing changes', async () => {
      const before = await referentRows();
      for (const audience of AUDIENCES.filter((a) => a !== 'department')) {
        for (const [query, input] of [
          [ASSIGN, { childId: busy[2], memberId: MEMBER(1) }],
          [END, { childId: busy[1], memberId: partnerMemberId('CRIP', 0, 0) }],
        ] as const) {
          stack.resetStatements();
          const response = await stack.query(query, { input }, seededAs(audience));
          expect(response.data ?? null).toBeNull();
          // Outside its contract the operation does not validate; inside (none today) it is FORBIDDEN.
          expect(['GRAPHQL_VALIDATION_FAILED', 'FORBIDDEN']).toContain(response.errors?.[0]?.extensions?.code);
          expect(stack.statements().cases ?? 0).toBe(0);
        }
      }
      // Straight to the subgraph with a validly signed principal of another audience: FORBIDDEN there too.
      for (const audience of ['crip', 'school', 'judge', 'association'] as Audience[]) {
        const principal: Principal = { sub: partnerMemberId(SEEDED_KIND[audience], 0, 0), partnerId: partnerId(SEEDED_KIND[audience], 0), audience, scopes: [] };
        const response = await stack.querySubgraph('cases', ASSIGN.replace(' member { id }', ''), { input: { childId: busy[2], memberId: MEMBER(1) } }, principal);
        expect(response.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      }
      expect(await referentRows()).toBe(before);
    });
  });

  describe('evaluators are members, two different ones', () => {
    const START = `mutation ($input: StartEvaluationInput!) { startEvaluation(input: $input) { id evaluators { id } } }`;
    let concern: { id: string; version: number };
    const evaluations = async () => Number((await sql(`SELECT count(*)::int AS n FROM cases.evaluation WHERE concern_id = $1`, [concern.id]))[0].n);

    beforeAll(async () => {
      const submitted = (
        await run(stack, `mutation ($input: SubmitConcernInput!) { submitConcern(input: $input) { id version } }`, {
          input: { channel: 'TRANSFER_119', sourceKind: 'SNATED', sourcePartnerId: partnerId('SNATED', 0), urgency: 'URGENT', content: 'Appel au 119.', childIds: [busy[3]] },
        })
      ).submitConcern;
      const ack = (await run(stack, `mutation ($id: ID!, $v: Int!) { acknowledgeConcern(id: $id, version: $v) { id version } }`, { id: submitted.id, v: submitted.version })).acknowledgeConcern;
      concern = ack;
    }, SETUP_TIMEOUT_MS);

    it('recording the same evaluator twice is BAD_USER_INPUT naming the binôme rule, and starts nothing', async () => {
      const e = error(await stack.query(START, { input: { concernId: concern.id, concernVersion: concern.version, evaluators: [BINOME[0], BINOME[0]] } }));
      expect(e.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'input.evaluators' });
      expect(e.message).toMatch(/two different professionals \(binôme/);
      expect(e.message).toMatch(/same evaluator cannot be recorded twice/);
      expect(await evaluations()).toBe(0);
    });

    it('an evaluator who is no member of the département or the CRIP is BAD_USER_INPUT; two members start it', async () => {
      const e = error(await stack.query(START, { input: { concernId: concern.id, concernVersion: concern.version, evaluators: [BINOME[0], partnerMemberId('PMI', 0, 0)] } }));
      expect(e.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'input.evaluators' });
      expect(await evaluations()).toBe(0);
      const started = data(await stack.query<any>(START, { input: { concernId: concern.id, concernVersion: concern.version, evaluators: [BINOME[0], MEMBER(0)] } }, seededAs('crip'))).startEvaluation;
      expect(started.evaluators).toEqual([{ id: BINOME[0] }, { id: MEMBER(0) }]);
    });
  });

  describe('my caseload and my deadlines', () => {
    beforeAll(async () => {
      // Member 1: thirty children, set as the seed does; member 0: three, through the API.
      await sql(`INSERT INTO cases.child_referent (child_id, member_id, since) SELECT unnest($1::uuid[]), $2, CURRENT_DATE - 30`, [busy.slice(4, 34), MEMBER(1)]);
      for (const child of busy.slice(34, 37)) data(await stack.query(ASSIGN, { input: { childId: child, memberId: MEMBER(0) } }));
    }, SETUP_TIMEOUT_MS);

    const myDay = async (j: number, within = 366) => {
      stack.resetStatements();
      const response = await stack.query<any>(MY_DAY, { within, first: 50 }, AS_MEMBER(j));
      return { day: data(response).myCaseload, statements: stack.statements() };
    };

    it('gives the signed-in member their children and what falls due, overdue first, with counts per kind', async () => {
      const { day } = await myDay(1);
      expect(day.memberId).toBe(MEMBER(1));
      expect(day.childCount).toBe(30);
      expect(day.children.nodes.map((c: any) => c.id).sort()).toEqual([...busy.slice(4, 34)].sort());
      // Every page of the deadlines (sealed cursors), as a dashboard would page through them.
      const deadlines: any[] = [...day.deadlines.nodes];
      let page = day.deadlines.pageInfo;
      while (page.hasNextPage) {
        const next = data(await stack.query<any>(
          `query ($after: String) { myCaseload(withinDays: 366) { deadlines(first: 7, after: $after) { nodes { id kind dueOn overdue daysLeft subjectId } pageInfo { hasNextPage endCursor } } } }`,
          { after: page.endCursor }, AS_MEMBER(1),
        )).myCaseload.deadlines;
        deadlines.push(...next.nodes);
        page = next.pageInfo;
      }
      expect(new Set(deadlines.map((d) => d.id)).size).toBe(deadlines.length);
      expect(deadlines.length).toBeGreaterThan(10);
      const today = todayInFrance();
      // Overdue first: by due date, so every overdue one comes before every one still to come.
      const dates = deadlines.map((d: any) => d.dueOn);
      expect(dates).toEqual([...dates].sort());
      const firstUpcoming = deadlines.findIndex((d: any) => !d.overdue);
      expect(firstUpcoming).toBeGreaterThan(0);
      expect(deadlines.slice(firstUpcoming).every((d: any) => !d.overdue && d.dueOn >= today && d.daysLeft >= 0)).toBe(true);
      expect(deadlines.slice(0, firstUpcoming).every((d: any) => d.dueOn < today && d.daysLeft < 0)).toBe(true);
      expect(deadlines.every((d: any) => d.dueOn <= day.dueBy)).toBe(true);
      // The counts are the list's, per kind.
      const tally = new Map<string, { total: number; overdue: number }>();
      for (const d of deadlines) {
        const t = tally.get(d.kind) ?? { total: 0, overdue: 0 };
        t.total += 1;
        if (d.overdue) t.overdue += 1;
        tally.set(d.kind, t);
      }
      expect(Object.fromEntries(day.counts.map((c: any) => [c.kind, { total: c.total, overdue: c.overdue }]))).toEqual(Object.fromEntries(tally));
      expect(tally.has('MEASURE_END')).toBe(true);
      expect(tally.has('SITUATION_REPORT')).toBe(true);
      // A plan in force is updated with each report: due with it.
      for (const review of deadlines.filter((d: any) => d.kind === 'CHILD_PLAN_REVIEW')) {
        expect(deadlines).toContainEqual(expect.objectContaining({ kind: 'SITUATION_REPORT', subjectId: review.subjectId, dueOn: review.dueOn }));
      }
      // Visits come from placements in the same round trip.
      expect(day.visitCounts.total).toBe(day.visits.nodes.length);
      expect(day.visits.nodes.every((v: any) => v.status === 'PLANNED' && v.plannedOn <= day.dueBy)).toBe(true);
      expect(day.visitCounts.total).toBeGreaterThan(0);
    });

    it('a deadline’s dates are the law’s, as the measure reads them (computed once)', async () => {
      const { day } = await myDay(1);
      const ends = day.deadlines.nodes.filter((d: any) => d.kind === 'MEASURE_END' || d.kind === 'CHILD_PLAN' || d.kind === 'AUTONOMY_INTERVIEW');
      expect(ends.length).toBeGreaterThan(0);
      for (const d of ends.slice(0, 10)) {
        const { measure } = await run(stack, `query ($id: ID!) { measure(id: $id) { plannedEndDate childPlanDueOn autonomyInterviewDueOn } }`, { id: d.measure.id });
        const field = { MEASURE_END: 'plannedEndDate', CHILD_PLAN: 'childPlanDueOn', AUTONOMY_INTERVIEW: 'autonomyInterviewDueOn' }[d.kind as string]!;
        expect(measure[field]).toBe(d.dueOn);
      }
    });

    it('sends as many SQL statements for 3 children as for 30', async () => {
      // Once each first: a member's first request has the gateway check them in the directory (then cached).
      await myDay(0);
      await myDay(1);
      const three = await myDay(0);
      const thirty = await myDay(1);
      expect(three.day.childCount).toBe(3);
      expect(thirty.day.children.nodes.flatMap((c: any) => c.referents).some((r: any) => /^Référente? ASE$/.test(r.member.role))).toBe(true);
      expect(three.day.deadlines.nodes.length).toBeGreaterThan(0);
      expect(thirty.day.deadlines.nodes.length).toBeGreaterThan(three.day.deadlines.nodes.length);
      expect(thirty.statements).toEqual(three.statements);
      // cases: caseload, measures, evaluations, reports, hearings, children page, référents,
      // children by id, measures by id; placements: visits page, visit counts; partners: the
      // référents' contact (members, their institutions).
      expect(thirty.statements).toEqual({ cases: 9, placements: 2, partners: 2 });
    });

    it('a CRIP member’s day holds the evaluations of their binôme, and no kind the CRIP may not read', async () => {
      const response = await stack.query<any>(
        `{ myCaseload(withinDays: 366) { childCount deadlines(first: 100) { nodes { kind subjectId } } counts { kind } } }`,
        {},
        seeded('crip', 'CRIP', 0, 0),
      );
      const day = data(response).myCaseload;
      expect(day.deadlines.nodes.length).toBeGreaterThan(0);
      const kinds = new Set(day.deadlines.nodes.map((d: any) => d.kind));
      expect(kinds.has('EVALUATION')).toBe(true);
      // The CRIP reads no situation reports (nor visit rights): none of them in its list.
      expect(kinds.has('SITUATION_REPORT')).toBe(false);
      expect(day.counts.map((c: any) => c.kind)).not.toContain('SITUATION_REPORT');
      // The CRIP reads no visit rights: `visits` is outside its contract.
      const visits = await stack.query(`{ myCaseload { visits { nodes { id } } } }`, {}, seeded('crip', 'CRIP', 0, 0));
      expect(visits.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    });

    it('no other audience has a caseload: refused before anything runs', async () => {
      for (const audience of AUDIENCES.filter((a) => a !== 'department' && a !== 'crip')) {
        stack.resetStatements();
        const response = await stack.query(`{ myCaseload { childCount } }`, {}, seededAs(audience));
        expect(response.data ?? null).toBeNull();
        expect(['GRAPHQL_VALIDATION_FAILED', 'FORBIDDEN']).toContain(response.errors?.[0]?.extensions?.code);
        expect(stack.statements().cases ?? 0).toBe(0);
      }
      const principal: Principal = { sub: partnerMemberId('SCHOOL', 0, 0), partnerId: partnerId('SCHOOL', 0), audience: 'school', scopes: [] };
      const direct = await stack.querySubgraph('cases', `{ myCaseload { childCount } }`, {}, principal);
      expect(direct.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    });
  });

  describe('hearings and visits as lists', () => {
    const HEARINGS = `query ($court: ID, $from: LocalDate!, $after: String) {
      courtHearings(courtId: $court, from: $from, days: 92, first: 2, after: $after) {
        nodes { id scheduledAt court { id } child { id } } pageInfo { hasNextPage endCursor } } }`;
    const VISITS = `query ($facility: ID!, $week: LocalDate!) { facilityVisits(facilityId: $facility, week: $week, first: 100) { nodes { id plannedOn status } } }`;

    /** Every page of a court's hearings from `from`, as `as` reads them. */
    const allHearings = async (as: any, court: string | null, from: string) => {
      const out: any[] = [];
      let after: string | null = null;
      do {
        const page: any = data(await stack.query<any>(HEARINGS, { court, from, after }, as)).courtHearings;
        out.push(...page.nodes);
        after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
      } while (after);
      return out;
    };

    it('a court’s hearings by date: the judge’s own court by default, within its slice; the département any court’s', async () => {
      // From the day of the court's 6th latest hearing: a few hearings in the 92 days after it.
      const [first] = await sql(`SELECT (scheduled_at AT TIME ZONE 'Europe/Paris')::date::text AS day FROM cases.hearing WHERE court_id = $1 ORDER BY scheduled_at DESC LIMIT 1 OFFSET 5`, [partnerId('COURT', 0)]);
      const expected = Number((await sql(`SELECT count(*)::int AS n FROM cases.hearing WHERE court_id = $1
        AND scheduled_at >= ($2::date::timestamp AT TIME ZONE 'Europe/Paris') AND scheduled_at < (($2::date + 92)::timestamp AT TIME ZONE 'Europe/Paris')`, [partnerId('COURT', 0), first.day]))[0].n);
      expect(expected).toBeGreaterThan(2);
      const byJudge = await allHearings(seededAs('judge'), null, first.day);
      const byDepartment = await allHearings(seededAs('department'), partnerId('COURT', 0), first.day);
      expect(byDepartment).toHaveLength(expected);
      expect(byJudge.map((h) => h.id)).toEqual(byDepartment.map((h) => h.id));
      const times = byJudge.map((h) => h.scheduledAt);
      expect(times).toEqual([...times].sort());
      expect(byJudge.every((h) => h.court.id === partnerId('COURT', 0))).toBe(true);
      // Another court's roll, asked by this judge: only hearings about children of its own slice.
      const slice = new Set((await sql(`SELECT child_id FROM cases.measure WHERE court_id = $1 UNION SELECT child_id FROM cases.hearing WHERE court_id = $1`, [partnerId('COURT', 0)])).map((r) => r.child_id));
      const other = await allHearings(seededAs('judge'), partnerId('COURT', 1), first.day);
      expect(other.every((h) => slice.has(h.child.id))).toBe(true);
      // Audiences without measures have no such list.
      for (const audience of ['school', 'pmi', 'snated', 'analyst'] as Audience[]) {
        const refused = await stack.query(HEARINGS, { court: partnerId('COURT', 0), from: first.day }, seededAs(audience));
        expect(refused.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
      }
    });

    it('a facility’s visits of a week: the département and its association read them; another association reads none', async () => {
      // Associations whose agreements in force let their members in, and one of their members.
      const associations: { id: string; member: string }[] = [];
      for (const row of await sql(`SELECT p.id, (SELECT m.id FROM partners.partner_member m WHERE m.partner_id = p.id AND m.active ORDER BY m.id LIMIT 1) AS member
                                     FROM partners.partner p WHERE p.kind = 'ASSOCIATION' ORDER BY p.id`)) {
        const probe = await stack.query(`{ facilities(first: 1) { nodes { id } } }`, {}, { audience: 'association', partnerId: row.id, sub: row.member });
        if (!probe.errors) associations.push({ id: row.id, member: row.member });
      }
      expect(associations.length).toBeGreaterThan(1);
      const [busiest] = await sql(`SELECT p.facility_id, f.operator_id, v.planned_on::text AS day, count(*)::int AS n
          FROM placements.visit v JOIN placements.visit_right r ON r.id = v.visit_right_id
          JOIN placements.placement p ON p.child_id = r.child_id AND p.start_date <= v.planned_on AND (p.end_date IS NULL OR p.end_date >= v.planned_on)
          JOIN placements.facility f ON f.id = p.facility_id
         WHERE f.operator_id = ANY($1) AND p.end_date IS NULL
         GROUP BY 1, 2, 3 ORDER BY n DESC, 1 LIMIT 1`, [associations.map((a) => a.id)]);
      const asDepartment = data(await stack.query<any>(VISITS, { facility: busiest.facility_id, week: busiest.day }, seededAs('department'))).facilityVisits.nodes;
      expect(asDepartment.length).toBeGreaterThanOrEqual(busiest.n);
      const days = asDepartment.map((v: any) => v.plannedOn);
      expect(days).toEqual([...days].sort());
      // One week, Monday to Sunday.
      expect(Date.parse(days.at(-1)) - Date.parse(days[0])).toBeLessThanOrEqual(6 * 86_400_000);
      const operator = associations.find((a) => a.id === busiest.operator_id)!;
      const asOperator = data(await stack.query<any>(VISITS, { facility: busiest.facility_id, week: busiest.day }, { audience: 'association', partnerId: operator.id, sub: operator.member })).facilityVisits.nodes;
      expect(asOperator.length).toBeGreaterThan(0);
      const other = associations.find((a) => a.id !== operator.id)!;
      const asOther = data(await stack.query<any>(VISITS, { facility: busiest.facility_id, week: busiest.day }, { audience: 'association', partnerId: other.id, sub: other.member })).facilityVisits.nodes;
      expect(asOther).toEqual([]);
      const school = await stack.query(VISITS, { facility: busiest.facility_id, week: busiest.day }, seededAs('school'));
      expect(school.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    });
  });
});
