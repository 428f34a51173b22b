import { childPlacements, facilityOperator, partnerId, type Principal } from '@passerelle/common';
import { randomUUID } from 'node:crypto';
import { data, todayInFrance } from './cases-support';
import { column, INDEX, PLAN, pupilsOf, refused, SIZE, sql } from './scope-cases-support';
import { seeded, startTestStack, type TestStack } from './support/stack';
import { SETUP_TIMEOUT_MS } from './support/timeouts';

const one = async <T>(rows: Promise<T[]>): Promise<T> => {
  const [row] = await rows;
  expect(row).toBeDefined();
  return row!;
};

describe('row scope in the cases subgraph: writes and statements', () => {
  let stack: TestStack;
  let db: string;
  beforeAll(async () => {
    stack = await startTestStack({ children: PLAN.children, today: PLAN.today });
    db = stack.databaseUrl;
  }, SETUP_TIMEOUT_MS);
  afterAll(() => stack?.stop());

  const judge = seeded('judge', 'COURT', 0);
  const count = async (table: string) => Number((await one(sql<{ n: string }>(db, `SELECT count(*) AS n FROM cases.${table}`))).n);

  it('a judge changes the measures of its own court only; another court’s is FORBIDDEN, whatever the version, and stays as it was', async () => {
    const open = `SELECT id::text, version, status::text FROM cases.measure WHERE court_id = $1 AND status IN ('ACTIVE', 'RENEWED') ORDER BY id LIMIT 1`;
    const theirs = await one(sql<{ id: string; version: number; status: string }>(db, open, [partnerId('COURT', 1)]));
    const mine = await one(sql<{ id: string; version: number }>(db, open, [partnerId('COURT', 0)]));
    const end = (id: string, version: number) =>
      stack.query<any>(`mutation ($input: CloseMeasureInput!) { endMeasure(input: $input) { id status } }`, { input: { id, version, on: todayInFrance() } }, judge);
    const refusal = refused(await end(theirs.id, theirs.version));
    expect(refused(await end(theirs.id, theirs.version + 7))).toBe(refusal);
    expect(refused(await end(randomUUID(), 1))).toBe(refusal);
    expect(await one(sql(db, `SELECT version, status::text FROM cases.measure WHERE id = $1`, [theirs.id]))).toEqual({ version: theirs.version, status: theirs.status });
    expect(data(await end(mine.id, mine.version)).endMeasure).toEqual({ id: mine.id, status: 'ENDED' });
  });

  it('a judge proposes measures and schedules hearings before its own court only, and records no outcome for another court', async () => {
    // A child already before the court (a judge opens cases only within its competence: see test/attacks/slice-widening-cases).
    // A minor: an AEMO is for a child under 18 (the law per measure kind, MEASURE_AGE).
    const child = (await column(db, `SELECT m.child_id::text AS v FROM cases.measure m JOIN cases.child c ON c.id = m.child_id WHERE m.court_id = $1 AND c.birth_date > current_date - interval '16 years' ORDER BY m.child_id LIMIT 1`, [partnerId('COURT', 0)]))[0]!;
    const propose = (courtId: string | null) =>
      stack.query<any>(
        `mutation ($input: ProposeMeasureInput!) { proposeMeasure(input: $input) { id court { id } } }`,
        { input: { childId: child, kind: courtId ? 'AEMO' : 'AED', judicial: courtId !== null, courtId, startDate: todayInFrance() } },
        judge,
      );
    const measures = await count('measure');
    refused(await propose(partnerId('COURT', 1)));
    refused(await propose(null));
    expect(await count('measure')).toBe(measures);
    expect(data(await propose(partnerId('COURT', 0))).proposeMeasure.court).toEqual({ id: partnerId('COURT', 0) });
    expect(await count('measure')).toBe(measures + 1);

    const schedule = (courtId: string) =>
      stack.query<any>(
        `mutation ($input: ScheduleHearingInput!) { scheduleHearing(input: $input) { id } }`,
        { input: { childId: child, courtId, scheduledAt: `${todayInFrance()}T09:00:00Z`, purpose: 'Audience d’assistance éducative' } },
        judge,
      );
    const hearings = await count('hearing');
    refused(await schedule(partnerId('COURT', 1)));
    expect(await count('hearing')).toBe(hearings);
    expect(data(await schedule(partnerId('COURT', 0))).scheduleHearing.id).toBeDefined();
    const hearing = `SELECT id::text, version, outcome FROM cases.hearing WHERE court_id = $1 AND scheduled_at < now() ORDER BY id LIMIT 1`;
    const theirs = await one(sql<{ id: string; version: number; outcome: string | null }>(db, hearing, [partnerId('COURT', 1)]));
    const outcome = await stack.query(`mutation ($input: RecordHearingOutcomeInput!) { recordHearingOutcome(input: $input) { id } }`, { input: { id: theirs.id, version: theirs.version, outcome: 'Renvoi' } }, judge);
    refused(outcome);
    expect(await one(sql(db, `SELECT id::text, version, outcome FROM cases.hearing WHERE id = $1`, [theirs.id]))).toEqual(theirs);
  });

  it('a parquet records its decision on referrals sent to it only', async () => {
    const pending = `SELECT id::text, version FROM cases.referral WHERE prosecutor_office_id = $1 AND decision IS NULL ORDER BY id LIMIT 1`;
    const theirs = await one(sql<{ id: string; version: number }>(db, pending, [partnerId('PROSECUTOR', 1)]));
    const mine = await one(sql<{ id: string; version: number }>(db, pending, [partnerId('PROSECUTOR', 0)]));
    const decide = (r: { id: string; version: number }) =>
      stack.query<any>(
        `mutation ($input: RecordReferralDecisionInput!) { recordReferralDecision(input: $input) { id decision } }`,
        { input: { id: r.id, version: r.version, decision: 'SEIZE_JUDGE', decidedOn: todayInFrance() } },
        seeded('prosecutor', 'PROSECUTOR', 0),
      );
    refused(await decide(theirs));
    expect((await one(sql<{ decision: string | null }>(db, `SELECT decision FROM cases.referral WHERE id = $1`, [theirs.id]))).decision).toBeNull();
    expect(data(await decide(mine)).recordReferralDecision).toEqual({ id: mine.id, decision: 'SEIZE_JUDGE' });
  });

  it('a school submits a concern in its own name only: in another institution’s it is FORBIDDEN and nothing is written', async () => {
    const [concerns, links] = [await count('concern'), await count('concern_child')];
    const submitted = await stack.query(
      `mutation ($input: SubmitConcernInput!) { submitConcern(input: $input) { id } }`,
      { input: { channel: 'FORM', sourceKind: 'SCHOOL', sourcePartnerId: partnerId('SCHOOL', 1), urgency: 'NORMAL', content: 'Absences répétées et inexpliquées.', childIds: [pupilsOf(0)[0]] } },
      seeded('school', 'SCHOOL', 0),
    );
    refused(submitted);
    expect(await count('concern')).toBe(concerns);
    expect(await count('concern_child')).toBe(links);
  });

  it('a judge lists 10 or 100+ of its children with their files for the same SQL statements', async () => {
    const file = `query ($first: Int!) { children(first: $first) { nodes { id underProtection guardians { id } barredContacts { id }
      measures(first: 5) { nodes { kind court { id } renewals { newEndDate } nextReportDueOn situationReports { dueOn } } }
      plans(first: 2) { nodes { needs { domain } objectives { owner actions { description } } reviews { childWords } signatures { signerRole } } }
      situationReports(first: 3) { nodes { dueOn } } hearings(first: 3) { nodes { purpose } } timeline(first: 5) { nodes { kind } } } } }`;
    const measure = async (first: number) => {
      await stack.query(file, { first: 1 }, judge); // the principal and its slice are remembered for a while
      stack.resetStatements();
      const nodes = data(await stack.query<any>(file, { first }, judge)).children.nodes;
      return { nodes, statements: stack.statements() };
    };
    const ten = await measure(10);
    const hundred = await measure(100);
    expect(ten.nodes).toHaveLength(10);
    expect(hundred.nodes).toHaveLength(100);
    expect(hundred.nodes.filter((c: any) => c.plans.nodes.length > 0).length).toBeGreaterThan(20);
    expect(hundred.nodes.filter((c: any) => c.timeline.nodes.length > 0)).toHaveLength(100);
    // children; protection; guardians; people around; measures; renewals; reports of measures
    // (the readable ones, and every due date); plans; needs; objectives; actions; reviews;
    // signatures; the child's reports; hearings; timeline — 17, the slice one array parameter in each.
    expect(hundred.statements).toEqual(ten.statements);
    expect(hundred.statements).toEqual({ cases: 17, placements: 0, partners: 0 });
  });

  it('a school lists a few or all of its pupils for the same SQL statements', async () => {
    const school = seeded('school', 'SCHOOL', 0);
    const query = `query ($first: Int!) { children(first: $first) { nodes { id underProtection guardians { id } authorisedPickups { id } plans(first: 1) { nodes { objectives { domain } } } } } }`;
    const measure = async (first: number) => {
      await stack.query(query, { first: 1 }, school);
      stack.resetStatements();
      const nodes = data(await stack.query<any>(query, { first }, school)).children.nodes;
      return { nodes, statements: stack.statements() };
    };
    const few = await measure(3);
    const all = await measure(100);
    expect(few.nodes).toHaveLength(3);
    expect(all.nodes.length).toBe(pupilsOf(0).length);
    expect(all.nodes.length).toBeGreaterThan(20);
    // children; protection; guardians; people around; plans; objectives.
    expect(all.statements).toEqual(few.statements);
    expect(all.statements).toEqual({ cases: 6, placements: 0, partners: 0 });
  });

  // An association's slice is the union of its measures (here) and its placements (the placements
  // subgraph's facts).
  describe('an association', () => {
    const association = seeded('association', 'ASSOCIATION', 1);
    const me = partnerId('ASSOCIATION', 1);
    const operatedChildren = () => column(db, `SELECT DISTINCT child_id::text AS v FROM cases.measure WHERE operator_id = $1 AND status NOT IN ('ENDED', 'LIFTED')`, [me]);
    const placedWithMe = [...INDEX].filter(([, i]) => childPlacements(PLAN, SIZE, i).some((p) => facilityOperator(SIZE, p.facility) === 1)).map(([id]) => id);

    it('sees the children of the measures it carries out, and of those only the measures it carries out', async () => {
      const operated = await operatedChildren();
      expect(operated.length).toBeGreaterThan(5);
      const listed: any[] = [];
      for (let after: string | null = null, more = true; more; ) {
        const page: any = data(
          await stack.query<any>(`query ($after: String) { children(first: 100, after: $after) { nodes { id measures(first: 100) { nodes { operator { id } } } } pageInfo { hasNextPage endCursor } } }`, { after }, association),
        ).children;
        listed.push(...page.nodes);
        [after, more] = [page.pageInfo.endCursor, page.pageInfo.hasNextPage];
      }
      const seen = listed.map((c: any) => c.id);
      expect(seen).toEqual(expect.arrayContaining(operated));
      expect(seen.every((id: string) => operated.includes(id) || placedWithMe.includes(id))).toBe(true);
      expect(listed.flatMap((c: any) => c.measures.nodes).every((m: any) => m.operator?.id === me)).toBe(true);
    });

    it('writes the plans of its children only, never in the département’s name', async () => {
      const mine = (await operatedChildren())[0]!;
      const stranger = [...INDEX].find(([id, i]) => childPlacements(PLAN, SIZE, i).length === 0 && !placedWithMe.includes(id))![0];
      const create = (childId: string) =>
        stack.query<any>(
          `mutation ($input: CreateChildPlanInput!) { createChildPlan(input: $input) { id version } }`,
          { input: { childId, needs: [{ domain: 'DAILY_LIFE', description: 'Repères' }], objectives: [{ domain: 'DAILY_LIFE', description: 'Rythmes', owner: 'Éducateur' }] } },
          association,
        );
      const plans = await count('child_plan');
      refused(await create(stranger));
      expect(await count('child_plan')).toBe(plans);
      const created = data(await create(mine)).createChildPlan;
      const sign = await stack.query(
        `mutation ($input: SignChildPlanInput!) { signChildPlan(input: $input) { id } }`,
        { input: { planId: created.id, version: created.version, signerName: 'X', signerRole: 'DEPARTMENT', signedOn: todayInFrance() } },
        association,
      );
      refused(sign);
    });

    it('contributes to the situation reports of the measures it carries out only', async () => {
      const principal: Principal = { ...association, scopes: [] };
      const draft = (operator: '=' | '<>') =>
        one(sql<{ id: string; version: number }>(
          db,
          `SELECT r.id::text, r.version FROM cases.situation_report r JOIN cases.measure m ON m.id = r.measure_id
            WHERE r.status = 'DRAFT' AND m.status IN ('ACTIVE', 'RENEWED') AND m.operator_id ${operator} $1 ORDER BY r.id LIMIT 1`,
          [me],
        ));
      const [mine, theirs] = [await draft('='), await draft('<>')];
      const update = (r: { id: string; version: number }) =>
        stack.querySubgraph<any>('cases', `mutation ($input: UpdateSituationReportInput!) { updateSituationReport(input: $input) { id } }`, { input: { ...r, content: 'Contribution de l’association.' } }, principal);
      refused(await update(theirs));
      expect((await update(mine)).errors).toBeUndefined();
    });
  });
});
