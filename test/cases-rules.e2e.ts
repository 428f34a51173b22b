import { createScopeResolver, systemPrincipal } from '@passerelle/common';
import { partnerId } from '@passerelle/common';
import { addDays, BINOME, error, run, todayInFrance } from './cases-support';
import { recordAgreement } from './law-support';
import { SubmitConcernInput } from '../subgraphs/cases/src/concern/concern.input';
import { concernService } from '../subgraphs/cases/src/concern/concern.service';
import { createContext } from '../subgraphs/cases/src/context';
import { startTestStack, type TestStack } from './support/stack';
import { SETUP_TIMEOUT_MS } from './support/timeouts';

const CONCERN_STATE = `query ($id: ID!) { concern(id: $id) { status version evaluations { id } referrals { id } } }`;

function concernInput(overrides: Record<string, unknown> = {}) {
  return {
    channel: 'TRANSFER_119',
    sourceKind: 'SNATED',
    sourcePartnerId: partnerId('SNATED', 0),
    urgency: 'URGENT',
    content: 'Appel d’un enfant de 12 ans qui dit être frappé par son beau-père.',
    ...overrides,
  };
}

const SYSTEM = systemPrincipal('test');

describe('the rules the cases subgraph enforces, through the gateway', () => {
  let stack: TestStack;
  let childId: string;
  let otherChildId: string;
  const submit = async (input: Record<string, unknown>) =>
    stack.query<any>(`mutation ($input: SubmitConcernInput!) { submitConcern(input: $input) { id version status children { id } } }`, { input });

  beforeAll(async () => {
    stack = await startTestStack({ children: 4 });
    const nodes = (await run(stack, `{ children(first: 2) { nodes { id } } }`)).children.nodes;
    [childId, otherChildId] = [nodes[0].id, nodes[1].id];
  }, SETUP_TIMEOUT_MS);
  afterAll(() => stack?.stop());

  describe('concern lifecycle', () => {
    it('refuses to evaluate a concern that was not acknowledged, naming both states, and writes nothing', async () => {
      const concern = (await run(stack, `mutation ($input: SubmitConcernInput!) { submitConcern(input: $input) { id version } }`, { input: concernInput({ childIds: [childId] }) })).submitConcern;
      const result = await stack.query(`mutation ($input: StartEvaluationInput!) { startEvaluation(input: $input) { id } }`, {
        input: { concernId: concern.id, concernVersion: concern.version, evaluators: BINOME },
      });
      const e = error(result);
      expect(e.extensions).toMatchObject({ code: 'BAD_USER_INPUT', currentStatus: 'RECEIVED', requestedStatus: 'IN_EVALUATION', allowedStatuses: ['ACKNOWLEDGED'] });
      expect(e.message).toContain('RECEIVED');
      expect(e.message).toContain('IN_EVALUATION');
      const after = (await run(stack, CONCERN_STATE, { id: concern.id })).concern;
      expect(after).toEqual({ status: 'RECEIVED', version: concern.version, evaluations: [], referrals: [] });
    });

    it('refuses to acknowledge twice, and a closed concern goes nowhere', async () => {
      const concern = (await run(stack, `mutation ($input: SubmitConcernInput!) { submitConcern(input: $input) { id version } }`, { input: concernInput({ childIds: [childId] }) })).submitConcern;
      const ack = (await run(stack, `mutation ($id: ID!, $v: Int!) { acknowledgeConcern(id: $id, version: $v) { version } }`, { id: concern.id, v: concern.version })).acknowledgeConcern;
      const again = error(await stack.query(`mutation ($id: ID!, $v: Int!) { acknowledgeConcern(id: $id, version: $v) { version } }`, { id: concern.id, v: ack.version }));
      expect(again.extensions).toMatchObject({ code: 'BAD_USER_INPUT', currentStatus: 'ACKNOWLEDGED', requestedStatus: 'ACKNOWLEDGED' });
      const evaluation = (await run(stack, `mutation ($input: StartEvaluationInput!) { startEvaluation(input: $input) { id version } }`, { input: { concernId: concern.id, concernVersion: ack.version, evaluators: BINOME } })).startEvaluation;
      await run(stack, `mutation ($input: ConcludeEvaluationInput!) { concludeEvaluation(input: $input) { id } }`, {
        input: { id: evaluation.id, version: evaluation.version, findings: 'Rien d’inquiétant.', recommendation: 'Classer.', outcome: 'CLOSED_NO_ACTION' },
      });
      const closed = (await run(stack, CONCERN_STATE, { id: concern.id })).concern;
      const refer = error(await stack.query(`mutation ($input: ReferConcernInput!) { referConcernToProsecutor(input: $input) { id } }`, {
        input: { concernId: concern.id, concernVersion: closed.version, prosecutorOfficeId: partnerId('PROSECUTOR', 0), reason: 'Finalement si.' },
      }));
      expect(refer.extensions).toMatchObject({ code: 'BAD_USER_INPUT', currentStatus: 'CLOSED_NO_ACTION', requestedStatus: 'REFERRED_TO_PROSECUTOR', allowedStatuses: [] });
      expect((await run(stack, CONCERN_STATE, { id: concern.id })).concern).toEqual(closed);
    });

    it('a referral as outcome needs its parquet: BAD_USER_INPUT naming the field, the evaluation stays in progress', async () => {
      const concern = (await run(stack, `mutation ($input: SubmitConcernInput!) { submitConcern(input: $input) { id version } }`, { input: concernInput({ childIds: [childId] }) })).submitConcern;
      const ack = (await run(stack, `mutation ($id: ID!, $v: Int!) { acknowledgeConcern(id: $id, version: $v) { version } }`, { id: concern.id, v: concern.version })).acknowledgeConcern;
      const evaluation = (await run(stack, `mutation ($input: StartEvaluationInput!) { startEvaluation(input: $input) { id version dueOn } }`, { input: { concernId: concern.id, concernVersion: ack.version, evaluators: BINOME } })).startEvaluation;
      // URGENT: due sooner than 3 months (15 days by default).
      const today = todayInFrance();
      expect(Math.round((Date.parse(evaluation.dueOn) - Date.parse(today)) / 86_400_000)).toBe(15);
      const e = error(await stack.query(`mutation ($input: ConcludeEvaluationInput!) { concludeEvaluation(input: $input) { id } }`, {
        input: { id: evaluation.id, version: evaluation.version, findings: 'Danger.', recommendation: 'Signaler.', outcome: 'REFERRED_TO_PROSECUTOR' },
      }));
      expect(e.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'input.prosecutorOfficeId' });
      const state = (await run(stack, `query ($id: ID!) { evaluation(id: $id) { status version concern { status referrals { id } } } }`, { id: evaluation.id })).evaluation;
      expect(state).toEqual({ status: 'IN_PROGRESS', version: evaluation.version, concern: { status: 'IN_EVALUATION', referrals: [] } });
    });

    it('a concern about a baby is due sooner, as an urgent one (a child under 2, D226-2-4)', async () => {
      const baby = addDays(todayInFrance(), -200);
      const concern = (await run(stack, `mutation ($input: SubmitConcernInput!) { submitConcern(input: $input) { id version } }`, {
        input: concernInput({ urgency: 'NORMAL', newChildren: [{ firstNames: 'Nina', lastName: 'Bébé', birthDate: baby, sex: 'F' }] }),
      })).submitConcern;
      const ack = (await run(stack, `mutation ($id: ID!, $v: Int!) { acknowledgeConcern(id: $id, version: $v) { version } }`, { id: concern.id, v: concern.version })).acknowledgeConcern;
      const evaluation = (await run(stack, `mutation ($input: StartEvaluationInput!) { startEvaluation(input: $input) { dueOn } }`, { input: { concernId: concern.id, concernVersion: ack.version, evaluators: BINOME } })).startEvaluation;
      expect(evaluation.dueOn).toBe(addDays(todayInFrance(), 15));
    });

    it('refuses a binôme of one person and a due date beyond the legal delay', async () => {
      const concern = (await run(stack, `mutation ($input: SubmitConcernInput!) { submitConcern(input: $input) { id version } }`, { input: concernInput({ childIds: [childId], urgency: 'NORMAL' }) })).submitConcern;
      const ack = (await run(stack, `mutation ($id: ID!, $v: Int!) { acknowledgeConcern(id: $id, version: $v) { version } }`, { id: concern.id, v: concern.version })).acknowledgeConcern;
      const start = (input: Record<string, unknown>) => stack.query(`mutation ($input: StartEvaluationInput!) { startEvaluation(input: $input) { id } }`, { input: { concernId: concern.id, concernVersion: ack.version, ...input } });
      expect(error(await start({ evaluators: [BINOME[0], BINOME[0]!.toUpperCase()] })).extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'input.evaluators' });
      expect(error(await start({ evaluators: [BINOME[0]] })).extensions?.code).toBe('BAD_USER_INPUT');
      expect(error(await start({ evaluators: BINOME, dueOn: '2099-01-01' })).extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'input.dueOn' });
      expect((await run(stack, CONCERN_STATE, { id: concern.id })).concern).toMatchObject({ status: 'ACKNOWLEDGED', evaluations: [] });
    });

    it('parents not informed need a reason (L226-2-1); the sender learns the outcome only once there is one (L226-5)', async () => {
      const noReason = error(await submit(concernInput({ childIds: [childId], parentsInformed: false })));
      expect(noReason.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'input.parentsNotInformedReason' });
      const concern = (await submit(concernInput({ childIds: [childId] }))).data.submitConcern;
      const outcome = error(await stack.query(`mutation ($input: RecordSenderFeedbackInput!) { recordSenderFeedback(input: $input) { id } }`, { input: { id: concern.id, version: concern.version, feedback: 'OUTCOME_SENT' } }));
      expect(outcome.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'input.feedback' });
      const parents = (await run(stack, `mutation ($input: RecordParentsInformationInput!) { recordParentsInformation(input: $input) { parentsInformed parentsNotInformedReason } }`, { input: { id: concern.id, version: concern.version, informed: false, reason: 'Suspicion de violences du père.' } })).recordParentsInformation;
      expect(parents).toEqual({ parentsInformed: false, parentsNotInformedReason: 'Suspicion de violences du père.' });
    });
  });

  describe('idempotent submission', () => {
    it('the same idempotency key returns the concern already created, children included, and creates nothing more', async () => {
      const input = concernInput({
        idempotencyKey: '119-appel-2026-11-26-0007',
        childIds: [childId],
        newChildren: [{ firstNames: 'Noé', lastName: 'Idempotent', birthDate: '2014-05-06', sex: 'M' }],
      });
      const first = (await submit(input)).data.submitConcern;
      const retries = await Promise.all([submit(input), submit(input), submit(input)]);
      for (const retry of retries) expect(retry.data.submitConcern).toEqual(first);
      const listed = await run(stack, `query ($p: ID!) { concerns(first: 100, filter: { sourcePartnerId: $p }) { nodes { id idempotencyKey } } }`, { p: partnerId('SNATED', 0) });
      expect(listed.concerns.nodes.filter((c: any) => c.idempotencyKey === '119-appel-2026-11-26-0007')).toHaveLength(1);
      const found = await run(stack, `{ searchChildren(name: "noe idempotent") { nodes { id } } }`);
      expect(found.searchChildren.nodes).toHaveLength(1);
    });

    it('simultaneous first submissions with one key make one concern', async () => {
      const input = concernInput({ idempotencyKey: '119-appel-2026-11-26-0009', childIds: [otherChildId] });
      const results = await Promise.all(Array.from({ length: 4 }, () => submit(input)));
      const ids = new Set(results.map((r) => r.data.submitConcern.id));
      expect(ids.size).toBe(1);
      // Straight at the service, several transactions pass the "not there yet" check together:
      // the unique index stops all but one, and the others answer with the one that won.
      const db = stack.subgraphs.cases!.db;
      const systemScope = createScopeResolver({ self: 'cases', local: async () => [], peers: () => ({}), signingKey: stack.signingKey });
      const racing = Object.assign(new SubmitConcernInput(), concernInput({ idempotencyKey: '119-appel-2026-11-26-0010', childIds: [otherChildId], newChildren: [] }));
      const raced = await Promise.all(Array.from({ length: 6 }, async () => concernService.submit(await createContext(db, {} as never, SYSTEM, systemScope), racing)));
      expect(new Set(raced.map((c) => c.id)).size).toBe(1);
    });

    it('the same key for a different concern is CONFLICT, and nothing is created', async () => {
      const input = concernInput({ idempotencyKey: '119-appel-2026-11-26-0008', childIds: [childId] });
      const concernsOf = async (id: string) =>
        (await run(stack, `query ($id: ID!) { child(id: $id) { concerns(first: 100) { nodes { id } } } }`, { id })).child.concerns.nodes;
      const before = await concernsOf(otherChildId);
      const first = (await submit(input)).data.submitConcern;
      const other = await submit({ ...input, content: 'Un tout autre signalement, sur un autre enfant.', childIds: [otherChildId] });
      const conflict = error(other);
      expect(conflict.extensions).toMatchObject({ code: 'CONFLICT', argument: 'input.idempotencyKey' });
      expect(JSON.stringify(conflict)).not.toContain(first.id);
      expect(await concernsOf(otherChildId)).toEqual(before);
    });

    it('a key is the sender’s own: another institution using the same key submits its own concern', async () => {
      const input = concernInput({ idempotencyKey: 'ip-0001-ecole', childIds: [childId] });
      const fromSnated = (await submit(input)).data.submitConcern;
      const fromSchool = (await submit({ ...input, sourceKind: 'SCHOOL', channel: 'FORM', sourcePartnerId: partnerId('SCHOOL', 1) })).data.submitConcern;
      expect(fromSchool.id).not.toBe(fromSnated.id);
    });
  });

  describe('nothing half-written', () => {
    it('a concern naming an unknown child fails whole: the new sibling recorded with it is not left behind', async () => {
      const result = await submit(concernInput({
        childIds: ['00000000-0000-4000-8000-000000000000'],
        newChildren: [{ firstNames: 'Orphée', lastName: 'Fantôme', birthDate: '2019-01-01', sex: 'F' }],
      }));
      expect(error(result).extensions?.code).toBe('NOT_FOUND');
      expect((await run(stack, `{ searchChildren(name: "Orphee Fantome") { nodes { id } } }`)).searchChildren.nodes).toEqual([]);
    });

    it('a concern naming no child, or a child born in the future, is BAD_USER_INPUT naming the field', async () => {
      expect(error(await submit(concernInput())).extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'input.childIds' });
      const future = await submit(concernInput({ newChildren: [{ firstNames: 'Futur', lastName: 'Enfant', birthDate: '2099-01-01', sex: 'X' }] }));
      expect(error(future).extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'input.newChildren.0.birthDate' });
    });
  });

  describe('optimistic locking', () => {
    it('a stale update of a child is CONFLICT and overwrites nothing', async () => {
      const child = (await run(stack, `query ($id: ID!) { child(id: $id) { version birthplace } }`, { id: childId })).child;
      const first = await run(stack, `mutation ($input: UpdateChildInput!) { updateChild(input: $input) { version birthplace communeCode } }`, {
        input: { id: childId, version: child.version, birthplace: 'Rezé', communeCode: '44143' },
      });
      expect(first.updateChild).toEqual({ version: child.version + 1, birthplace: 'Rezé', communeCode: '44143' });
      const stale = await stack.query(`mutation ($input: UpdateChildInput!) { updateChild(input: $input) { version } }`, {
        input: { id: childId, version: child.version, birthplace: 'Ailleurs' },
      });
      expect(error(stale).extensions).toMatchObject({ code: 'CONFLICT', currentVersion: child.version + 1 });
      expect((await run(stack, `query ($id: ID!) { child(id: $id) { birthplace } }`, { id: childId })).child.birthplace).toBe('Rezé');
    });

    it('two caseworkers acting on the same concern version: one wins, the other gets CONFLICT', async () => {
      const concern = (await submit(concernInput({ childIds: [childId] }))).data.submitConcern;
      const results = await Promise.all([
        stack.query(`mutation ($id: ID!, $v: Int!) { acknowledgeConcern(id: $id, version: $v) { status } }`, { id: concern.id, v: concern.version }),
        stack.query(`mutation ($input: RecordParentsInformationInput!) { recordParentsInformation(input: $input) { parentsInformed } }`, { input: { id: concern.id, version: concern.version, informed: true } }),
      ]);
      const codes = results.map((r) => r.errors?.[0]?.extensions?.code ?? 'OK').sort();
      expect(codes).toEqual(['CONFLICT', 'OK']);
    });

    it('a stale measure renewal is CONFLICT; an illegal one is BAD_USER_INPUT naming both states', async () => {
      const today = todayInFrance();
      const measure = (await run(stack, `mutation ($input: ProposeMeasureInput!) { proposeMeasure(input: $input) { id version plannedEndDate } }`, {
        input: { childId, kind: 'AEMO', judicial: true, courtId: partnerId('COURT', 0), decisionDate: today, startDate: today },
      })).proposeMeasure;
      const renew = (version: number) => stack.query(`mutation ($input: RenewMeasureInput!) { renewMeasure(input: $input) { status } }`, {
        input: { id: measure.id, version, decisionDate: today, newEndDate: '2099-12-31', reason: 'Renouvellement' },
      });
      expect(error(await renew(measure.version)).extensions).toMatchObject({ code: 'BAD_USER_INPUT', currentStatus: 'PROPOSED', requestedStatus: 'RENEWED' });
      const active = (await run(stack, `mutation ($input: ActivateMeasureInput!) { activateMeasure(input: $input) { version } }`, { input: { id: measure.id, version: measure.version } })).activateMeasure;
      expect(error(await renew(measure.version)).extensions).toMatchObject({ code: 'CONFLICT', currentVersion: active.version });
      expect((await run(stack, `query ($id: ID!) { measure(id: $id) { status renewals { id } } }`, { id: measure.id })).measure).toEqual({ status: 'ACTIVE', renewals: [] });
    });

    it('measure rules: a judicial kind needs a court, an administrative measure is not lifted', async () => {
      const today = todayInFrance();
      const noCourt = await stack.query(`mutation ($input: ProposeMeasureInput!) { proposeMeasure(input: $input) { id } }`, { input: { childId, kind: 'COURT_PLACEMENT', judicial: true, startDate: today } });
      expect(error(noCourt).extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'input.courtId' });
      const wrong = await stack.query(`mutation ($input: ProposeMeasureInput!) { proposeMeasure(input: $input) { id } }`, { input: { childId, kind: 'AEMO', judicial: false, startDate: today } });
      expect(error(wrong).extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'input.judicial' });
      // An AED rests on the parents' written agreement (CASF L223-2): recorded first.
      const agreement = await recordAgreement(stack, childId, 'AED', today);
      const aed = (await run(stack, `mutation ($input: ProposeMeasureInput!) { proposeMeasure(input: $input) { id version } }`, { input: { childId, kind: 'AED', judicial: false, startDate: today, familyAgreementId: agreement.id } })).proposeMeasure;
      const active = (await run(stack, `mutation ($input: ActivateMeasureInput!) { activateMeasure(input: $input) { version } }`, { input: { id: aed.id, version: aed.version } })).activateMeasure;
      const lift = await stack.query(`mutation ($input: CloseMeasureInput!) { liftMeasure(input: $input) { id } }`, { input: { id: aed.id, version: active.version, on: today, reason: 'x' } });
      expect(error(lift).extensions?.code).toBe('BAD_USER_INPUT');
      const ended = (await run(stack, `mutation ($input: CloseMeasureInput!) { endMeasure(input: $input) { status endedOn closedOn } }`, { input: { id: aed.id, version: active.version, on: today } })).endMeasure;
      expect(ended).toEqual({ status: 'ENDED', endedOn: today, closedOn: today });
    });
  });

  describe('people around the child', () => {
    it('records guardians, authorised pick-up persons, and barred persons only with their decision', async () => {
      const barredWithout = await stack.query(`mutation ($input: AddChildContactPersonInput!) { addChildContactPerson(input: $input) { id } }`, {
        input: { childId: otherChildId, role: 'BARRED_FROM_CONTACT', firstNames: 'Kevin', lastName: 'Interdit', relationship: 'beau-père' },
      });
      expect(error(barredWithout).extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'input.decisionKind' });
      await run(stack, `mutation ($input: AddChildContactPersonInput!) { addChildContactPerson(input: $input) { id } }`, {
        input: { childId: otherChildId, role: 'BARRED_FROM_CONTACT', firstNames: 'Kevin', lastName: 'Interdit', relationship: 'beau-père', decisionKind: 'COURT_ORDER', decisionReference: 'JE 26/0042', decisionDate: '2026-10-01' },
      });
      await run(stack, `mutation ($input: AddChildContactPersonInput!) { addChildContactPerson(input: $input) { id } }`, {
        input: { childId: otherChildId, role: 'AUTHORISED_PICKUP', firstNames: 'Josiane', lastName: 'Mamie', relationship: 'grand-mère', phone: '06 12 34 56 78' },
      });
      const guardian = (await run(stack, `mutation ($input: AddGuardianInput!) { addGuardian(input: $input) { id version child { id } } }`, {
        input: { childId: otherChildId, firstNames: 'Awa', lastName: 'Tuteur', relationship: 'LEGAL_GUARDIAN', phone: '06 00 00 00 01', email: 'awa@example.org' },
      })).addGuardian;
      expect(guardian.child.id).toBe(otherChildId);
      const badEmail = await stack.query(`mutation ($input: UpdateGuardianInput!) { updateGuardian(input: $input) { id } }`, { input: { id: guardian.id, version: guardian.version, email: 'pas-un-courriel' } });
      expect(error(badEmail).extensions?.code).toBe('BAD_USER_INPUT');
      const file = (await run(stack, `query ($id: ID!) { child(id: $id) { guardians { id lastName email } authorisedPickups { lastName phone } barredContacts { lastName decisionKind decisionReference decisionDate } } }`, { id: otherChildId })).child;
      expect(file.guardians).toEqual(expect.arrayContaining([{ id: guardian.id, lastName: 'Tuteur', email: 'awa@example.org' }]));
      expect(file.authorisedPickups).toEqual(expect.arrayContaining([{ lastName: 'Mamie', phone: '06 12 34 56 78' }]));
      expect(file.barredContacts).toEqual(expect.arrayContaining([{ lastName: 'Interdit', decisionKind: 'COURT_ORDER', decisionReference: 'JE 26/0042', decisionDate: '2026-10-01' }]));
      // Parental authority delegated: the guardian leaves the list but stays on record.
      const ended = (await run(stack, `mutation ($input: EndParentalAuthorityInput!) { endParentalAuthority(input: $input) { authorityEndedOn authorityEndReason } }`, {
        input: { id: guardian.id, version: guardian.version, endedOn: todayInFrance(), reason: 'Délégation d’autorité parentale au département.' },
      })).endParentalAuthority;
      expect(ended).toEqual({ authorityEndedOn: todayInFrance(), authorityEndReason: 'Délégation d’autorité parentale au département.' });
      const after = (await run(stack, `query ($id: ID!) { child(id: $id) { guardians { id } } }`, { id: otherChildId })).child;
      expect(after.guardians.map((g: any) => g.id)).not.toContain(guardian.id);
    });
  });
});
