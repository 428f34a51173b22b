import { partnerId, type Audience, type Principal, type SeedPartnerKind } from '@passerelle/common';
import { randomUUID } from 'node:crypto';
import { data, todayInFrance } from '../cases-support';
import { column, sql } from '../scope-cases-support';
import { seeded, startTestStack, type GraphQLResponse, type TestStack } from '../support/stack';
import { sliceOf as sliceOfInstitution } from './support';

/**
 * Class 3 of issue 10 in the cases subgraph: no write of a partner's adds a child to its own
 * slice. A judge opens a hearing or a measure only for a child already before its court or
 * living in its jurisdiction (the court's communes, which only the partners subgraph knows);
 * nobody else but the département opens one at all; an association's plans and report
 * contributions and anyone's concern create no slice fact.
 */
describe('attack: a write that would widen the writer’s slice (cases)', () => {
  let stack: TestStack;
  let db: string;
  beforeAll(async () => {
    stack = await startTestStack({ children: 240 });
    db = stack.databaseUrl;
  }, 180_000);
  afterAll(() => stack?.stop());

  const COURT = partnerId('COURT', 0);
  const judge = seeded('judge', 'COURT', 0);
  const principalOf = (audience: Audience, kind: SeedPartnerKind, index = 0): Principal => ({ sub: `attacker-${audience}`, partnerId: partnerId(kind, index), audience, scopes: [] });

  const sliceOf = (audience: Audience, id: string) => sliceOfInstitution(stack, audience, id);
  const counts = async () =>
    (await sql<{ t: string; n: string }>(db, `SELECT 'measure' AS t, count(*) AS n FROM cases.measure UNION ALL SELECT 'hearing', count(*) FROM cases.hearing
      UNION ALL SELECT 'plan', count(*) FROM cases.child_plan UNION ALL SELECT 'concern', count(*) FROM cases.concern`)).reduce<Record<string, number>>((m, r) => ({ ...m, [r.t]: Number(r.n) }), {});
  const jurisdiction = () => column(db, `SELECT j->>'code' AS v FROM partners.partner p, jsonb_array_elements(p.jurisdiction) j WHERE p.id = $1`, [COURT]);
  const newChild = async (communeCode: string | null): Promise<string> =>
    data(
      await stack.query<any>(`mutation ($input: CreateChildInput!) { createChild(input: $input) { id } }`, {
        input: { firstNames: 'Inès', lastName: `Témoin-${randomUUID().slice(0, 8)}`, birthDate: '2016-04-02', sex: 'F', communeCode },
      }),
    ).createChild.id;
  const outside = async (): Promise<string> => {
    const communes = await jurisdiction();
    const other = (await column(db, `SELECT DISTINCT j->>'code' AS v FROM partners.partner p, jsonb_array_elements(p.jurisdiction) j WHERE p.id <> $1`, [COURT])).find((c) => !communes.includes(c));
    expect(other).toBeDefined();
    return newChild(other!);
  };

  const HEARING = `mutation ($input: ScheduleHearingInput!) { scheduleHearing(input: $input) { id } } `;
  const MEASURE = `mutation ($input: ProposeMeasureInput!) { proposeMeasure(input: $input) { id } }`;
  const hearing = (childId: string) => ({ input: { childId, courtId: COURT, scheduledAt: `${todayInFrance()}T09:00:00Z`, purpose: 'Audience d’assistance éducative' } });
  const measure = (childId: string) => ({ input: { childId, kind: 'AEMO', judicial: true, courtId: COURT, startDate: todayInFrance() } });
  const refusal = (result: GraphQLResponse<any>) => ({ data: result.data, errors: result.errors });

  it('a judge cannot schedule a hearing nor propose a measure for a child outside its slice and jurisdiction; nothing is written, the slice stays, and a random id answers the same', async () => {
    const child = await outside();
    const before = await counts();
    const slice = await sliceOf('judge', COURT);
    for (const [mutation, vars] of [[HEARING, hearing], [MEASURE, measure]] as const) {
      const real = await stack.query<any>(mutation, vars(child), judge);
      const random = await stack.query<any>(mutation, vars(randomUUID()), judge);
      expect(real.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
      expect(refusal(real)).toEqual(refusal(random));
    }
    expect(await counts()).toEqual(before);
    expect(await sliceOf('judge', COURT)).toEqual(slice);
    expect(slice).not.toContain(child);
  });

  it('a judge opens a hearing for a child living in its jurisdiction (its competence), and one already before it wherever it lives', async () => {
    const communes = await jurisdiction();
    expect(communes.length).toBeGreaterThan(0);
    const resident = await newChild(communes[0]!);
    // (The hearing's child is not read back: the judge's slice is cached briefly.)
    const { id } = data(await stack.query<any>(HEARING, hearing(resident), judge)).scheduleHearing;
    expect(await column(db, `SELECT child_id::text AS v FROM cases.hearing WHERE id = $1 AND court_id = $2`, [id, COURT])).toEqual([resident]);

    // A child before the court young enough for the measure (an AEMO: 0 to 17), whichever row the index gives first.
    const [before] = await column(
      db,
      `SELECT m.child_id::text AS v FROM cases.measure m JOIN cases.child c ON c.id = m.child_id
        WHERE m.court_id = $1 AND c.birth_date > current_date - interval '17 years' ORDER BY m.child_id LIMIT 1`,
      [COURT],
    );
    const moved = (await sql<{ commune_code: string | null }>(db, `SELECT commune_code FROM cases.child WHERE id = $1`, [before]))[0]!.commune_code;
    // Whether or not it still lives there: a child already before the court stays in its competence.
    await sql(db, `UPDATE cases.child SET commune_code = NULL WHERE id = $1`, [before]);
    try {
      const { id } = data(await stack.query<any>(MEASURE, measure(before!), judge)).proposeMeasure;
      expect(await column(db, `SELECT child_id::text AS v FROM cases.measure WHERE id = $1`, [id])).toEqual([before]);
    } finally {
      await sql(db, `UPDATE cases.child SET commune_code = $2 WHERE id = $1`, [before, moved]);
    }
  });

  it('the jurisdiction comes from the partners subgraph: a court with no commune is competent for its own children only', async () => {
    const other = seeded('judge', 'COURT', 1);
    const communes = await column(db, `SELECT j->>'code' AS v FROM partners.partner p, jsonb_array_elements(p.jurisdiction) j WHERE p.id = $1`, [other.partnerId]);
    expect(communes.length).toBeGreaterThan(0);
    const resident = await newChild(communes[0]!);
    const saved = (await sql<{ j: unknown }>(db, `SELECT jurisdiction AS j FROM partners.partner WHERE id = $1`, [other.partnerId]))[0]!.j;
    // A court whose jurisdiction was never asked before: the cache cannot hide the change.
    await sql(db, `UPDATE partners.partner SET jurisdiction = '[]'::jsonb WHERE id = $1`, [other.partnerId]);
    try {
      const result = await stack.query<any>(HEARING, { input: { ...hearing(resident).input, courtId: other.partnerId } }, other);
      expect(result.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
    } finally {
      await sql(db, `UPDATE partners.partner SET jurisdiction = $2::jsonb WHERE id = $1`, [other.partnerId, JSON.stringify(saved)]);
    }
  });

  it('no other partner opens a measure or a hearing, even with a validly signed principal straight at the subgraph (defence in depth)', async () => {
    const child = await newChild(null);
    const before = await counts();
    for (const [audience, kind] of [['school', 'SCHOOL'], ['pmi', 'PMI'], ['prosecutor', 'PROSECUTOR'], ['association', 'ASSOCIATION'], ['snated', 'SNATED'], ['concern_sender', 'HOSPITAL']] as const) {
      const as = principalOf(audience, kind);
      for (const [mutation, vars] of [[HEARING, hearing], [MEASURE, measure]] as const) {
        const input = { ...vars(child).input, courtId: as.partnerId };
        const result = await stack.querySubgraph<any>('cases', mutation, { input }, as);
        expect([audience, result.errors?.map((e) => e.extensions?.code)]).toEqual([audience, ['FORBIDDEN']]);
      }
    }
    // The parquet refers nothing itself: referConcernToProsecutor is the CRIP's and the département's.
    const [concern] = await sql<{ id: string; version: number }>(db, `SELECT id::text, version FROM cases.concern ORDER BY id LIMIT 1`);
    const refer = await stack.querySubgraph<any>(
      'cases',
      `mutation ($input: ReferConcernInput!) { referConcernToProsecutor(input: $input) { id } }`,
      { input: { concernId: concern!.id, concernVersion: concern!.version, prosecutorOfficeId: partnerId('PROSECUTOR', 0), reason: 'Danger grave et immédiat' } },
      principalOf('prosecutor', 'PROSECUTOR'),
    );
    expect(refer.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
    expect(await counts()).toEqual(before);
  });

  it('an association’s plan and report contributions, and a partner’s concern, create no slice fact', async () => {
    const association = seeded('association', 'ASSOCIATION', 0);
    const slice = await sliceOf('association', association.partnerId);
    expect(slice.length).toBeGreaterThan(0);
    const created = await stack.query<any>(
      `mutation ($input: CreateChildPlanInput!) { createChildPlan(input: $input) { id } }`,
      { input: { childId: slice[0], needs: [{ domain: 'SCHOOLING', description: 'Soutien scolaire' }], objectives: [{ domain: 'SCHOOLING', description: 'Retrouver une scolarité régulière', owner: 'Éducatrice' }] } },
      association,
    );
    expect(data(created).createChildPlan.id).toBeDefined();
    const [report] = await sql<{ id: string; version: number }>(
      db,
      `SELECT r.id::text, r.version FROM cases.situation_report r JOIN cases.measure m ON m.id = r.measure_id WHERE m.operator_id = $1 AND r.status = 'DRAFT' LIMIT 1`,
      [association.partnerId],
    );
    if (report) {
      const contributed = await stack.query<any>(`mutation ($input: UpdateSituationReportInput!) { updateSituationReport(input: $input) { id } }`, { input: { id: report.id, version: report.version, content: 'Contribution de l’association.' } }, association);
      expect(data(contributed).updateSituationReport.id).toBe(report.id);
    }
    expect(await sliceOf('association', association.partnerId)).toEqual(slice);

    // A judge's concern naming a child it does not have is recorded, and the child stays out of its slice.
    const stranger = await outside();
    const judgeSlice = await sliceOf('judge', COURT);
    const submitted = await stack.query<any>(
      `mutation ($input: SubmitConcernInput!) { submitConcern(input: $input) { id } }`,
      { input: { channel: 'MAIL', urgency: 'NORMAL', content: 'Signalé à l’audience par un tiers.', childIds: [stranger] } },
      judge,
    );
    expect(data(submitted).submitConcern.id).toBeDefined();
    expect(await sliceOf('judge', COURT)).toEqual(judgeSlice);
    const read = await stack.query<any>(`query ($id: ID!) { child(id: $id) { id } }`, { id: stranger }, judge);
    expect(read.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
  });
});
