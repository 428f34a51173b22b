import { partnerId } from '@passerelle/common';
import { randomUUID } from 'node:crypto';
import { data } from '../cases-support';
import { column, sql } from '../scope-cases-support';
import { DEPARTMENT, seeded, startTestStack, type TestStack } from '../support/stack';

/**
 * Class 10 of issue 10. A sender learns what became of its information préoccupante from the
 * CRIP, when and as the CRIP tells it (CASF L226-5): its view of status, outcome, dates and
 * revision follows `senderFeedback`, never the processing itself. The source kind of a partner's
 * submission follows from its institution; another value is BAD_USER_INPUT on input.sourceKind.
 * And (class 7) a sender naming children it does not see has its concern recorded the same
 * whether they exist or not; the CRIP gets the unknown ids to match.
 */
describe('attack: concern senders', () => {
  let stack: TestStack;
  let db: string;
  beforeAll(async () => {
    stack = await startTestStack({ children: 60 });
    db = stack.databaseUrl;
  }, 180_000);
  afterAll(() => stack?.stop());

  const school = seeded('school', 'SCHOOL', 0);
  const CRIP = seeded('crip', 'CRIP', 0);
  const SUBMIT = `mutation ($input: SubmitConcernInput!) { submitConcern(input: $input) { id status senderOutcome acknowledgedAt closedAt version } }`;
  const input = (extra: Record<string, unknown> = {}) => ({
    channel: 'FORM',
    urgency: 'NORMAL',
    content: 'L’enfant arrive affamé chaque matin.',
    newChildren: [{ firstNames: 'Léo', lastName: 'Martin', birthDate: '2018-03-01', sex: 'M' }],
    ...extra,
  });
  const concerns = async () => Number((await sql<{ n: string }>(db, `SELECT count(*) AS n FROM cases.concern`))[0]!.n);
  const kindOf = async (id: string) => (await sql<{ k: string }>(db, `SELECT source_kind::text AS k FROM cases.concern WHERE id = $1`, [id]))[0]!.k;

  it('a school’s concern is a SCHOOL’s whatever it says: filing it as HOSPITAL is BAD_USER_INPUT on input.sourceKind and writes nothing', async () => {
    const before = await concerns();
    const lie = await stack.query<any>(SUBMIT, { input: input({ sourceKind: 'HOSPITAL' }) }, school);
    expect(lie.data).toBeNull();
    expect(lie.errors?.map((e) => [e.extensions?.code, e.extensions?.argument])).toEqual([['BAD_USER_INPUT', 'input.sourceKind']]);
    expect(await concerns()).toBe(before);
    const left = data(await stack.query<any>(SUBMIT, { input: input() }, school)).submitConcern;
    const said = data(await stack.query<any>(SUBMIT, { input: input({ sourceKind: 'SCHOOL' }) }, school)).submitConcern;
    expect([await kindOf(left.id), await kindOf(said.id)]).toEqual(['SCHOOL', 'SCHOOL']);
  });

  it('every partner’s submission takes its institution’s kind; the département and the CRIP state it, and must', async () => {
    const senders = [
      [seeded('pmi', 'PMI', 0), 'PMI'],
      [seeded('snated', 'SNATED', 0), 'SNATED'],
      [seeded('prosecutor', 'PROSECUTOR', 0), 'PROSECUTOR'],
      [seeded('judge', 'COURT', 0), 'COURT'],
      [seeded('association', 'ASSOCIATION', 0), 'ASSOCIATION'],
    ] as const;
    for (const [as, kind] of senders) {
      const created = data(await stack.query<any>(SUBMIT, { input: input() }, as)).submitConcern;
      expect([as.audience, await kindOf(created.id)]).toEqual([as.audience, kind]);
      const other = await stack.query<any>(SUBMIT, { input: input({ sourceKind: 'PERSON' }) }, as);
      expect([as.audience, other.errors?.map((e) => e.extensions?.argument)]).toEqual([as.audience, ['input.sourceKind']]);
    }
    const unsaid = await stack.query<any>(SUBMIT, { input: input() }, DEPARTMENT);
    expect(unsaid.errors?.map((e) => [e.extensions?.code, e.extensions?.argument])).toEqual([['BAD_USER_INPUT', 'input.sourceKind']]);
    const neighbour = data(await stack.query<any>(SUBMIT, { input: input({ channel: 'PHONE', sourceKind: 'PERSON', sourcePersonName: 'Un voisin' }) }, CRIP)).submitConcern;
    expect(await kindOf(neighbour.id)).toBe('PERSON');
  });

  it('a sender sees its concern only as far as the CRIP told it: not processed until told, the outcome once told, and its list filters on that', async () => {
    const submitted = data(await stack.query<any>(SUBMIT, { input: input() }, school)).submitConcern;
    const RECEIVED = { status: 'RECEIVED', senderOutcome: 'RECEIVED', acknowledgedAt: null, closedAt: null, version: 1 };
    expect(submitted).toMatchObject(RECEIVED);
    // The CRIP processes it (acknowledged, evaluated, closed) without telling the school yet.
    await sql(db, `UPDATE cases.concern SET status = 'CLOSED_NO_ACTION', acknowledged_at = now() - interval '2 days', closed_at = now(), version = version + 3 WHERE id = $1`, [submitted.id]);
    const READ = `query ($id: ID!) { concern(id: $id) { id status senderOutcome senderFeedback senderInformedAt acknowledgedAt closedAt version } }`;
    const LIST = `query ($s: [ConcernStatus!]) { concerns(first: 100, filter: { status: $s }) { nodes { id } } }`;
    const seen = async () => data(await stack.query<any>(READ, { id: submitted.id }, school)).concern;
    const listed = async (status: string) => data(await stack.query<any>(LIST, { s: [status] }, school)).concerns.nodes.map((n: { id: string }) => n.id);

    expect(await seen()).toMatchObject({ ...RECEIVED, senderFeedback: 'NOT_INFORMED', senderInformedAt: null });
    expect(await listed('CLOSED_NO_ACTION')).not.toContain(submitted.id);
    expect(await listed('RECEIVED')).toContain(submitted.id);
    // The CRIP, of course, sees it as it stands.
    const truth = data(await stack.query<any>(READ, { id: submitted.id }, CRIP)).concern;
    expect(truth).toMatchObject({ status: 'CLOSED_NO_ACTION', senderOutcome: 'CLOSED', closedAt: expect.any(String), version: 4 });

    const tell = async (feedback: string) => {
      const { version } = data(await stack.query<any>(READ, { id: submitted.id }, CRIP)).concern;
      data(await stack.query<any>(`mutation ($input: RecordSenderFeedbackInput!) { recordSenderFeedback(input: $input) { id } }`, { input: { id: submitted.id, version, feedback } }, CRIP));
    };
    await tell('RECEIPT_CONFIRMED');
    expect(await seen()).toMatchObject({ status: 'IN_EVALUATION', senderOutcome: 'BEING_PROCESSED', senderFeedback: 'RECEIPT_CONFIRMED', senderInformedAt: expect.any(String), acknowledgedAt: expect.any(String), closedAt: null, version: 2 });
    expect(await listed('CLOSED_NO_ACTION')).not.toContain(submitted.id);
    expect(await listed('IN_EVALUATION')).toContain(submitted.id);

    await tell('OUTCOME_SENT');
    expect(await seen()).toMatchObject({ status: 'CLOSED_NO_ACTION', senderOutcome: 'CLOSED', senderFeedback: 'OUTCOME_SENT', closedAt: expect.any(String), version: 3 });
    expect(await listed('CLOSED_NO_ACTION')).toContain(submitted.id);
  });

  it('the 119 names a child it cannot see, or an id that matches none: the concern is recorded the same, and the CRIP gets both', async () => {
    const snated = seeded('snated', 'SNATED', 0);
    const [known] = await column(db, `SELECT id::text AS v FROM cases.child ORDER BY id LIMIT 1`);
    const unknown = randomUUID();
    const ask = `mutation ($input: SubmitConcernInput!) { submitConcern(input: $input) { __typename status senderOutcome senderFeedback acknowledgedAt closedAt version idempotencyKey } }`;
    const withKnown = await stack.query<any>(ask, { input: input({ channel: 'TRANSFER_119', childIds: [known], newChildren: [] }) }, snated);
    const withUnknown = await stack.query<any>(ask, { input: input({ channel: 'TRANSFER_119', childIds: [unknown], newChildren: [] }) }, snated);
    expect(withKnown.errors).toBeUndefined();
    expect(withKnown).toEqual(withUnknown);

    const recorded = await sql<{ id: string; unmatched: string[]; linked: string[] }>(
      db,
      `SELECT c.id::text, c.unmatched_child_ids::text[] AS unmatched, array(SELECT cc.child_id::text FROM cases.concern_child cc WHERE cc.concern_id = c.id) AS linked
         FROM cases.concern c WHERE c.source_partner_id = $1 ORDER BY c.created_at DESC LIMIT 2`,
      [partnerId('SNATED', 0)],
    );
    expect(recorded.map((r) => [r.linked, r.unmatched])).toEqual([[[], [unknown]], [[known], []]]);
    const forCrip = data(await stack.query<any>(`query ($id: ID!) { concern(id: $id) { sourceKind unmatchedChildIds children { id } } }`, { id: recorded[0]!.id }, CRIP)).concern;
    expect(forCrip).toEqual({ sourceKind: 'SNATED', unmatchedChildIds: [unknown], children: [] });
    // The département, which sees every child, is told at once of an id that matches none.
    const strict = await stack.query<any>(SUBMIT, { input: input({ sourceKind: 'PERSON', childIds: [unknown] }) }, DEPARTMENT);
    expect(strict.errors?.map((e) => e.extensions?.code)).toEqual(['NOT_FOUND']);
  });
});
