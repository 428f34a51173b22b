import { addMonths, partnerId } from '@passerelle/common';
import { addDays, data, run, todayInFrance } from './cases-support';
import { addGuardian, bornYearsAgo, createChild, recordAgreement, refusedWithoutWrite } from './law-support';
import { seeded, startTestStack, type TestStack } from './support/stack';
import { SETUP_TIMEOUT_MS } from './support/timeouts';

/**
 * Family contracts (issue 13): the parents' written agreement to an accueil provisoire or an AED
 * (CASF L223-2) and the contrat jeune majeur (CASF L222-5) — terms, signatures, renewals, end. A
 * measure that rests on one does not come into force, nor is renewed, without one signed and in
 * force over its dates (BAD_USER_INPUT, rule WRITTEN_AGREEMENT); every refusal writes nothing. The
 * agreements are the département's alone (matrix FAMILY_AGREEMENTS).
 */
const RECORD = `mutation ($input: RecordFamilyAgreementInput!) { recordFamilyAgreement(input: $input) { id version party validFrom validUntil } }`;
const PROPOSE = `mutation ($input: ProposeMeasureInput!) { proposeMeasure(input: $input) { id version plannedEndDate } }`;
const ACTIVATE = `mutation ($input: ActivateMeasureInput!) { activateMeasure(input: $input) { id version status } }`;
const RENEW_MEASURE = `mutation ($input: RenewMeasureInput!) { renewMeasure(input: $input) { version plannedEndDate } }`;
const RENEW = `mutation ($input: RenewFamilyAgreementInput!) { renewFamilyAgreement(input: $input) { id version validUntil terms renewals { previousValidUntil newValidUntil signedOn } } }`;
const END = `mutation ($input: EndFamilyAgreementInput!) { endFamilyAgreement(input: $input) { id version endedOn endReason } }`;

describe('family agreements: the parents’ written agreement and the contrat jeune majeur', () => {
  let stack: TestStack;
  const today = todayInFrance();
  const yearFrom = (day: string) => addDays(addMonths(day, 12), -1);

  beforeAll(async () => {
    stack = await startTestStack({ children: 6 });
  }, SETUP_TIMEOUT_MS);
  afterAll(() => stack?.stop());

  it('an accueil provisoire does not come into force without the parents’ agreement (WRITTEN_AGREEMENT), then does on one', async () => {
    const childId = await createChild(stack, bornYearsAgo(7));
    const proposed = data(await stack.query<any>(PROPOSE, { input: { childId, kind: 'VOLUNTARY_CARE', judicial: false, startDate: today } })).proposeMeasure;
    const refused = await refusedWithoutWrite(stack, () => stack.query(ACTIVATE, { input: { id: proposed.id, version: proposed.version } }));
    expect(refused.extensions).toMatchObject({ code: 'BAD_USER_INPUT', rule: 'WRITTEN_AGREEMENT', argument: 'input.familyAgreementId' });
    expect(refused.message).toContain('CASF L223-2');

    const agreement = await recordAgreement(stack, childId, 'VOLUNTARY_CARE', today);
    const active = data(await stack.query<any>(ACTIVATE, { input: { id: proposed.id, version: proposed.version, familyAgreementId: agreement.id } })).activateMeasure;
    expect(active.status).toBe('ACTIVE');
    const read = (await run(stack, `query ($id: ID!) { measure(id: $id) { familyAgreement { id party measureKind terms validFrom validUntil endedOn signatures { signerName role guardianId signedOn } } } }`, { id: proposed.id })).measure;
    expect(read.familyAgreement).toMatchObject({ id: agreement.id, party: 'PARENTS', measureKind: 'VOLUNTARY_CARE', validFrom: today, validUntil: yearFrom(today), endedOn: null });
    expect(read.familyAgreement.signatures).toEqual([{ signerName: 'Sophie Loi', role: 'PARENT', guardianId: expect.any(String), signedOn: today }]);
    const listed = (await run(stack, `query ($id: ID!) { child(id: $id) { familyAgreements(first: 5) { nodes { id } } } }`, { id: childId })).child.familyAgreements.nodes;
    expect(listed).toEqual([{ id: agreement.id }]);
  });

  it('an agreement is signed by the party, in the past, names a guardian of this child, lasts a year at most, for a kind that needs one; nothing is written otherwise', async () => {
    const childId = await createChild(stack, bornYearsAgo(5));
    const guardianId = await addGuardian(stack, childId);
    const otherGuardian = await addGuardian(stack, await createChild(stack, bornYearsAgo(5)), 'Autre');
    const parent = { signerName: 'Sophie Loi', role: 'PARENT', guardianId, signedOn: today };
    const base = { childId, measureKind: 'AED', terms: 'Soutien éducatif à domicile.', validFrom: today, validUntil: yearFrom(today), signatures: [parent] };
    const cases: [Record<string, unknown>, Record<string, unknown>][] = [
      [{ signatures: [{ ...parent, signedOn: addDays(today, 1) }] }, { rule: 'FACT_IN_FUTURE', argument: 'input.signatures.0.signedOn' }],
      [{ signatures: [{ signerName: 'ASE', role: 'DEPARTMENT', signedOn: today }] }, { rule: 'WRITTEN_AGREEMENT', argument: 'input.signatures' }],
      [{ signatures: [{ ...parent, guardianId: otherGuardian }] }, { argument: 'input.signatures.0.guardianId' }],
      [{ signatures: [{ ...parent, role: 'YOUNG_ADULT', guardianId: null }] }, { argument: 'input.signatures.0.role' }],
      [{ validUntil: addMonths(today, 12) }, { rule: 'MEASURE_MAX_DURATION', argument: 'input.validUntil' }],
      [{ measureKind: 'AEMO' }, { argument: 'input.measureKind' }],
    ];
    for (const [change, expected] of cases) {
      const e = await refusedWithoutWrite(stack, () => stack.query(RECORD, { input: { ...base, ...change } }));
      expect([change, e.extensions]).toEqual([change, expect.objectContaining({ code: 'BAD_USER_INPUT', ...expected })]);
    }
    const recorded = data(await stack.query<any>(RECORD, { input: base })).recordFamilyAgreement;
    expect(recorded).toMatchObject({ party: 'PARENTS', validUntil: yearFrom(today) });
    // The other parent signs later.
    const second = await addGuardian(stack, childId, 'Père');
    const signed = data(await stack.query<any>(`mutation ($input: SignFamilyAgreementInput!) { signFamilyAgreement(input: $input) { version signatures { role guardianId } } }`, {
      input: { id: recorded.id, version: recorded.version, signature: { signerName: 'Marc Père', role: 'PARENT', guardianId: second, signedOn: today } },
    })).signFamilyAgreement;
    expect(signed.signatures.map((s: { guardianId: string }) => s.guardianId).sort()).toEqual([guardianId, second].sort());
  });

  it('the agreement must be this child’s, for this kind, cover the measure’s dates and not have ended', async () => {
    const childId = await createChild(stack, bornYearsAgo(9));
    const other = await createChild(stack, bornYearsAgo(9));
    const aed = await recordAgreement(stack, childId, 'AED', today);
    const othersCare = await recordAgreement(stack, other, 'VOLUNTARY_CARE', today);
    const propose = (extra: Record<string, unknown>) => stack.query(PROPOSE, { input: { childId, kind: 'VOLUNTARY_CARE', judicial: false, startDate: today, ...extra } });
    for (const familyAgreementId of [aed.id, othersCare.id]) {
      const e = await refusedWithoutWrite(stack, () => propose({ familyAgreementId }));
      expect(e.extensions).toMatchObject({ code: 'BAD_USER_INPUT', rule: 'WRITTEN_AGREEMENT', argument: 'input.familyAgreementId' });
    }
    // Agreed for six months: a measure planned for eight is not covered.
    const care = await recordAgreement(stack, childId, 'VOLUNTARY_CARE', today, { validUntil: addDays(addMonths(today, 6), -1) });
    const late = await refusedWithoutWrite(stack, () => propose({ familyAgreementId: care.id, plannedEndDate: addMonths(today, 8) }));
    expect(late.extensions).toMatchObject({ rule: 'WRITTEN_AGREEMENT', argument: 'input.familyAgreementId' });
    // By default the measure ends with the agreement.
    const proposed = data(await stack.query<any>(PROPOSE, { input: { childId, kind: 'VOLUNTARY_CARE', judicial: false, startDate: today, familyAgreementId: care.id } })).proposeMeasure;
    expect(proposed.plannedEndDate).toBe(care.validUntil);

    // The parents withdraw their agreement: not dated tomorrow; once ended, the measure does not start on it.
    const future = await refusedWithoutWrite(stack, () => stack.query(END, { input: { id: care.id, version: care.version, on: addDays(today, 1), reason: 'Retrait de l’accord.' } }));
    expect(future.extensions).toMatchObject({ code: 'BAD_USER_INPUT', rule: 'FACT_IN_FUTURE', argument: 'input.on' });
    const ended = data(await stack.query<any>(END, { input: { id: care.id, version: care.version, on: today, reason: 'Retrait de l’accord.' } })).endFamilyAgreement;
    expect(ended).toMatchObject({ endedOn: today, endReason: 'Retrait de l’accord.' });
    const withdrawn = await refusedWithoutWrite(stack, () => stack.query(ACTIVATE, { input: { id: proposed.id, version: proposed.version } }));
    expect(withdrawn.extensions).toMatchObject({ rule: 'WRITTEN_AGREEMENT', argument: 'input.familyAgreementId' });
  });

  it('a contrat jeune majeur bears the young adult’s signature; the measure is renewed only once the contract is', async () => {
    const adult = await createChild(stack, bornYearsAgo(19));
    const noSelf = await refusedWithoutWrite(stack, () => stack.query(RECORD, {
      input: { childId: adult, measureKind: 'YOUNG_ADULT', terms: 'Logement, formation.', validFrom: today, validUntil: yearFrom(today), signatures: [{ signerName: 'ASE', role: 'DEPARTMENT', signedOn: today }] },
    }));
    expect(noSelf.extensions).toMatchObject({ code: 'BAD_USER_INPUT', rule: 'WRITTEN_AGREEMENT', argument: 'input.signatures' });
    const start = addDays(today, -100);
    const contract = await recordAgreement(stack, adult, 'YOUNG_ADULT', start);
    const measure = data(await stack.query<any>(PROPOSE, { input: { childId: adult, kind: 'YOUNG_ADULT', judicial: false, startDate: start, familyAgreementId: contract.id } })).proposeMeasure;
    const active = data(await stack.query<any>(ACTIVATE, { input: { id: measure.id, version: measure.version } })).activateMeasure;
    const next = addDays(addMonths(measure.plannedEndDate, 6), 0);
    const renewMeasure = () => stack.query<any>(RENEW_MEASURE, { input: { id: measure.id, version: active.version, decisionDate: today, newEndDate: next, reason: 'Formation en cours.' } });
    const early = await refusedWithoutWrite(stack, renewMeasure);
    expect(early.extensions).toMatchObject({ code: 'BAD_USER_INPUT', rule: 'WRITTEN_AGREEMENT', argument: 'input.newEndDate' });

    const renewed = data(await stack.query<any>(RENEW, {
      input: { id: contract.id, version: contract.version, newValidUntil: next, terms: 'Logement, formation, permis.', signatures: [{ signerName: 'Léa Loi', role: 'YOUNG_ADULT', signedOn: today }] },
    })).renewFamilyAgreement;
    expect(renewed).toMatchObject({ validUntil: next, terms: 'Logement, formation, permis.', renewals: [{ previousValidUntil: contract.validUntil, newValidUntil: next, signedOn: today }] });
    expect(data(await renewMeasure()).renewMeasure.plannedEndDate).toBe(next);
  });

  it('only the département reads or writes them: the other audiences’ contracts do not have them, and a subgraph refuses them', async () => {
    const childId = await createChild(stack, bornYearsAgo(6));
    const agreement = await recordAgreement(stack, childId, 'AED', today);
    const READ = `query ($id: ID!) { familyAgreement(id: $id) { terms } }`;
    for (const as of [seeded('crip', 'CRIP', 0), seeded('judge', 'COURT', 0), seeded('association', 'ASSOCIATION', 0), seeded('prosecutor', 'PROSECUTOR', 0)]) {
      const r = await stack.query<any>(READ, { id: agreement.id }, as);
      expect([as.audience, r.status, r.errors?.map((e) => e.extensions?.code)]).toEqual([as.audience, 400, ['GRAPHQL_VALIDATION_FAILED']]);
      const viaMeasure = await stack.query<any>(`query ($id: ID!) { measure(id: $id) { familyAgreement { id } } }`, { id: agreement.id }, as);
      expect([as.audience, viaMeasure.errors?.map((e) => e.extensions?.code)]).toEqual([as.audience, ['GRAPHQL_VALIDATION_FAILED']]);
    }
    const judge = seeded('judge', 'COURT', 0);
    const write = await refusedWithoutWrite(stack, () => stack.query(END, { input: { id: agreement.id, version: agreement.version, on: today, reason: 'x' } }, judge));
    expect(write.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    // Around the gateway: the CRIP (whole département otherwise) gets no row and no field.
    const crip = { sub: 'crip-member', partnerId: partnerId('CRIP', 0), audience: 'crip' as const, scopes: [], grants: ['MEASURES'] };
    const direct = await stack.querySubgraph<any>('cases', READ, { id: agreement.id }, crip);
    expect(direct.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
    expect(direct.data?.familyAgreement ?? null).toBeNull();
  });
});
