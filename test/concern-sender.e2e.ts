import { partnerId, partnerMemberId, type SeedPartnerKind } from '@passerelle/common';
import { data } from './cases-support';
import { sql } from './scope-cases-support';
import { DEPARTMENT, seeded, startTestStack, type TestStack } from './support/stack';
import { SETUP_TIMEOUT_MS } from './support/timeouts';

/**
 * Issue 13, "every sender": hospitals, the police and the gendarmerie, town halls and professionals
 * in private practice send informations préoccupantes (CASF L226-2-1) without any other part in a
 * child's file. They act as the `concern_sender` audience: they submit concerns and read the status
 * of their own, as far as the CRIP told them (L226-5); everything else is refused. (The generated
 * suites — access-matrix, contract-errors, decide-before-executing, existence-oracles, fuzz — walk
 * every field and mutation for this audience as for the others.)
 */
describe('concern senders with no other part (audience concern_sender)', () => {
  let stack: TestStack;
  let db: string;
  beforeAll(async () => {
    stack = await startTestStack({ children: 60 });
    db = stack.databaseUrl;
  }, SETUP_TIMEOUT_MS);
  afterAll(() => stack?.stop());

  const KINDS = ['HOSPITAL', 'POLICE', 'TOWN_HALL', 'PRIVATE_PRACTICE'] as const satisfies readonly SeedPartnerKind[];
  const as = (kind: SeedPartnerKind, index = 0) => seeded('concern_sender', kind, index);
  const SUBMIT = `mutation ($input: SubmitConcernInput!) { submitConcern(input: $input) { id status senderOutcome version } }`;
  const input = (extra: Record<string, unknown> = {}) => ({
    channel: 'MAIL',
    urgency: 'NORMAL',
    content: 'Un enfant vu aux urgences avec des ecchymoses inexpliquées.',
    newChildren: [{ firstNames: 'Inès', lastName: 'Morel', birthDate: '2019-05-02', sex: 'F' }],
    ...extra,
  });
  const count = async (table: string) => Number((await sql<{ n: string }>(db, `SELECT count(*) AS n FROM ${table}`))[0]!.n);
  const written = async () => ({ concerns: await count('cases.concern'), children: await count('cases.child'), links: await count('cases.concern_child') });

  it('each kind submits a concern in its own name, of its own source kind; another kind is BAD_USER_INPUT and writes nothing', async () => {
    for (const kind of KINDS) {
      const created = data(await stack.query<any>(SUBMIT, { input: input() }, as(kind))).submitConcern;
      expect(created).toMatchObject({ status: 'RECEIVED', senderOutcome: 'RECEIVED', version: 1 });
      const [row] = await sql<{ k: string; p: string }>(db, `SELECT source_kind::text AS k, source_partner_id::text AS p FROM cases.concern WHERE id = $1`, [created.id]);
      expect([kind, row]).toEqual([kind, { k: kind, p: partnerId(kind, 0) }]);

      const before = await written();
      const lie = await stack.query<any>(SUBMIT, { input: input({ sourceKind: 'SCHOOL' }) }, as(kind));
      expect(lie.data).toBeNull();
      expect(lie.errors?.map((e) => [e.extensions?.code, e.extensions?.argument])).toEqual([['BAD_USER_INPUT', 'input.sourceKind']]);
      const other = await stack.query<any>(SUBMIT, { input: input({ sourcePartnerId: partnerId('SCHOOL', 0) }) }, as(kind));
      expect(other.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
      expect(await written()).toEqual(before);
    }
  });

  it('reads back the status of its own concerns only: another sender’s, even of its kind, is out of its slice', async () => {
    const mine = data(await stack.query<any>(SUBMIT, { input: input() }, as('POLICE', 0))).submitConcern;
    const theirs = data(await stack.query<any>(SUBMIT, { input: input() }, as('POLICE', 1))).submitConcern;
    const listed = data(await stack.query<any>(`{ concerns(first: 100) { nodes { id status senderOutcome } } }`, {}, as('POLICE', 0))).concerns.nodes;
    const expected = (await sql<{ id: string }>(db, `SELECT id::text FROM cases.concern WHERE source_partner_id = $1 ORDER BY id`, [partnerId('POLICE', 0)])).map((r) => r.id);
    expect(listed.map((n: { id: string }) => n.id).sort()).toEqual(expected);
    expect(expected).toContain(mine.id);
    expect(expected).not.toContain(theirs.id);

    const READ = `query ($id: ID!) { concern(id: $id) { id status } }`;
    expect(data(await stack.query<any>(READ, { id: mine.id }, as('POLICE', 0))).concern).toEqual({ id: mine.id, status: 'RECEIVED' });
    const foreign = await stack.query<any>(READ, { id: theirs.id }, as('POLICE', 0));
    expect(foreign.data?.concern ?? null).toBeNull();
    expect(foreign.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
    // The seeded concerns of hospitals (sent by mail, recorded by the CRIP) are theirs to follow.
    const hospital = data(await stack.query<any>(`{ concerns(first: 100) { nodes { id } } }`, {}, as('HOSPITAL', 0))).concerns.nodes;
    const seededForHospital = (await sql<{ id: string }>(db, `SELECT id::text FROM cases.concern WHERE source_partner_id = $1`, [partnerId('HOSPITAL', 0)])).map((r) => r.id);
    expect(hospital.map((n: { id: string }) => n.id).sort()).toEqual(seededForHospital.sort());
  });

  it('its contract holds its concerns’ status, the directory and submitConcern, nothing else', async () => {
    const schema = data(
      await stack.query<any>(`{ __schema { queryType { fields { name } } mutationType { fields { name } } } __type(name: "Concern") { fields { name } } }`, {}, as('TOWN_HALL')),
    );
    // And its notifications (issue 13: told when its concern's status changes) and its own webhook.
    expect(schema.__schema.queryType.fields.map((f: { name: string }) => f.name).sort()).toEqual(['caseNotifications', 'concern', 'concerns', 'partner', 'partners', 'placementNotifications', 'webhook']);
    expect(schema.__schema.mutationType.fields.map((f: { name: string }) => f.name).sort()).toEqual([
      'acknowledgeCaseNotifications',
      'acknowledgePlacementNotifications',
      'redeliverCaseNotification',
      'redeliverPlacementNotification',
      'removeWebhook',
      'setWebhook',
      'submitConcern',
    ]);
    const concernFields = schema.__type.fields.map((f: { name: string }) => f.name);
    for (const secret of ['content', 'sourceKind', 'sourcePersonName', 'sourcePartner', 'children', 'evaluations', 'unmatchedChildIds']) expect(concernFields).not.toContain(secret);

    const refusals: [string, Record<string, unknown>][] = [
      [`{ children(first: 5) { nodes { id lastName } } }`, {}],
      [`query ($id: ID!) { concern(id: $id) { content } }`, { id: partnerId('POLICE', 0) }],
      [`{ evaluationsDue(withinDays: 30, first: 5) { nodes { dueOn } } }`, {}],
      [`mutation { createChild(input: { firstNames: "A", lastName: "B", birthDate: "2020-01-01", sex: F }) { id } }`, {}],
      [`mutation ($input: RecordSenderFeedbackInput!) { recordSenderFeedback(input: $input) { id } }`, { input: { id: partnerId('POLICE', 0), version: 1, feedback: 'OUTCOME_SENT' } }],
    ];
    const before = await written();
    for (const [query, variables] of refusals) {
      const refused = await stack.query<any>(query, variables, as('PRIVATE_PRACTICE'));
      expect([query, refused.status, refused.errors?.map((e) => e.extensions?.code)]).toEqual([query, 400, ['GRAPHQL_VALIDATION_FAILED']]);
    }
    expect(await written()).toEqual(before);
  });

  it('only these kinds act as concern senders, and a concern sender acts as nothing else', async () => {
    const probe = `{ partners(first: 1) { nodes { id } } }`;
    const refused = async (audience: 'concern_sender' | 'school' | 'snated' | 'crip', kind: SeedPartnerKind) => {
      const r = await stack.query<any>(probe, {}, { audience, partnerId: partnerId(kind, 0), sub: partnerMemberId(kind, 0, 0) });
      return [audience, kind, r.status, r.errors?.map((e) => e.extensions?.code)];
    };
    for (const kind of ['SCHOOL', 'SNATED', 'CRIP', 'DEPARTMENT', 'COURT'] as const) {
      expect(await refused('concern_sender', kind)).toEqual(['concern_sender', kind, 403, ['FORBIDDEN']]);
    }
    for (const [audience, kind] of [['school', 'HOSPITAL'], ['snated', 'POLICE'], ['crip', 'TOWN_HALL']] as const) {
      expect(await refused(audience, kind)).toEqual([audience, kind, 403, ['FORBIDDEN']]);
    }
  });

  it('a subgraph told concern_sender without the institution’s kind refuses the submission (no kind to take) and writes nothing', async () => {
    const before = await written();
    const forged = { sub: partnerMemberId('HOSPITAL', 0, 0), partnerId: partnerId('HOSPITAL', 0), audience: 'concern_sender' as const, scopes: [], grants: ['CONCERN_SUBMISSION', 'OWN_CONCERN_STATUS'] };
    const r = await stack.querySubgraph<any>('cases', SUBMIT, { input: input() }, forged);
    expect(r.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
    const disguised = await stack.querySubgraph<any>('cases', SUBMIT, { input: input() }, { ...forged, partnerKind: 'DEPARTMENT' });
    expect(disguised.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
    expect(await written()).toEqual(before);
  });

  it('the département sees who sent it, by kind', async () => {
    const created = data(await stack.query<any>(SUBMIT, { input: input() }, as('TOWN_HALL', 1))).submitConcern;
    const seen = data(await stack.query<any>(`query ($id: ID!) { concern(id: $id) { sourceKind sourcePartner { id kind } } }`, { id: created.id }, DEPARTMENT)).concern;
    expect(seen).toEqual({ sourceKind: 'TOWN_HALL', sourcePartner: { id: partnerId('TOWN_HALL', 1), kind: 'TOWN_HALL' } });
  });
});
