import { partnerId } from '@passerelle/common';
import { startTestStack, type TestStack, asDirectoryAdmin } from './support/stack';
import { SETUP_TIMEOUT_MS } from './support/timeouts';

const ON = '2026-11-01';
const SCHOOL = `id version name uai active closedOn`;

describe('the département keeps its partner registry', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack({ children: 30, today: ON });
  }, SETUP_TIMEOUT_MS);
  afterAll(() => stack?.stop());

  const createPartner = (input: Record<string, unknown>) =>
    asDirectoryAdmin(stack).query<any>(`mutation ($input: CreatePartnerInput!) { createPartner(input: $input) { ${SCHOOL} siret finess jurisdiction { code } } }`, {
      input: { kind: 'SCHOOL', name: 'École des Tests', uai: '0442001L', commune: 'Nantes', communeCode: '44109', ...input },
    });
  const count = async (code: string) =>
    (await stack.query<any>(`query ($code: String) { partners(code: $code) { nodes { id } } }`, { code })).data.partners.nodes.length;

  it('records a school, checking its UAI; a taken or mistyped code is BAD_USER_INPUT on that field', async () => {
    const created = await createPartner({ uai: '0442001l' });
    expect(created.errors).toBeUndefined();
    expect(created.data.createPartner).toMatchObject({ uai: '0442001L', version: 1, active: true, closedOn: null });
    const taken = await createPartner({ name: 'Doublon' });
    expect(taken.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'input.uai' });
    const mistyped = await createPartner({ uai: '0442005A' });
    expect(mistyped.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'input.uai' });
    expect(await count('0442005A')).toBe(0);
    const noUai = await createPartner({ uai: null });
    expect(noUai.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'input.uai' });
  });

  it('gives a jurisdiction to courts only, and an association needs a valid SIRET', async () => {
    const school = await createPartner({ uai: '0442002M', jurisdiction: [{ code: '44109', name: 'Nantes' }] });
    expect(school.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'input.jurisdiction' });
    const court = await createPartner({ kind: 'COURT', uai: null, name: 'Tribunal pour enfants (test)', jurisdiction: [{ code: '44109', name: 'Nantes' }] });
    expect(court.data.createPartner.jurisdiction).toEqual([{ code: '44109' }]);
    const association = await createPartner({ kind: 'ASSOCIATION', uai: null, siret: '81234513000016' });
    expect(association.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'input.siret' });
    const ok = await createPartner({ kind: 'ASSOCIATION', uai: null, siret: '812 345 130 00015', finess: '440900025' });
    expect(ok.data.createPartner).toMatchObject({ siret: '81234513000015', finess: '440900025' });
  });

  it('updates with the version read; a stale version is CONFLICT and writes nothing', async () => {
    const id = partnerId('SCHOOL', 1);
    const read = await stack.query<any>(`{ partner(id: "${id}") { version name } }`);
    const { version, name } = read.data.partner;
    const update = (v: number, input: Record<string, unknown>) =>
      asDirectoryAdmin(stack).query<any>(`mutation ($input: UpdatePartnerInput!) { updatePartner(id: "${id}", version: ${v}, input: $input) { version name phone } }`, { input });
    const updated = await update(version, { name: `${name} (rénovée)`, phone: '02 40 00 00 00' });
    expect(updated.data.updatePartner).toEqual({ version: version + 1, name: `${name} (rénovée)`, phone: '02 40 00 00 00' });
    const stale = await update(version, { name: 'Écrasé' });
    expect(stale.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', currentVersion: version + 1 });
    const invalid = await update(version + 1, { communeCode: '441' });
    expect(invalid.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'input.communeCode' });
    const after = await stack.query<any>(`{ partner(id: "${id}") { version name } }`);
    expect(after.data.partner).toEqual({ version: version + 1, name: `${name} (rénovée)` });
  });

  it('closing a partner ends what its agreements cover and refuses it new members', async () => {
    const id = partnerId('SCHOOL', 2);
    const covers = async () =>
      (await stack.query<any>(`{ agreementInForceCovers(partnerId: "${id}", categories: [SCHOOLING], on: "${ON}") }`)).data.agreementInForceCovers;
    expect(await covers()).toBe(true);
    const { version } = (await asDirectoryAdmin(stack).query<any>(`{ partner(id: "${id}") { version } }`)).data.partner;
    const closed = await asDirectoryAdmin(stack).query<any>(`mutation { closePartner(id: "${id}", version: ${version}, closedOn: "${ON}") { active closedOn version } }`);
    expect(closed.data.closePartner).toEqual({ active: false, closedOn: ON, version: version + 1 });
    expect(await covers()).toBe(false);
    const member = await asDirectoryAdmin(stack).query<any>(`mutation ($input: CreatePartnerMemberInput!) { createPartnerMember(input: $input) { id } }`, {
      input: { partnerId: id, firstName: 'Anne', lastName: 'Tardive', role: 'Directrice', email: 'anne.tardive@ac-nantes.fr' },
    });
    expect(member.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'input.partnerId' });
    const listed = await stack.query<any>(`{ partners(active: false) { nodes { id } } }`);
    expect(listed.data.partners.nodes).toEqual([{ id }]);
  });

  it('records members with a unique professional email, and deactivates them with optimistic locking', async () => {
    const create = (email: string) =>
      asDirectoryAdmin(stack).query<any>(`mutation ($input: CreatePartnerMemberInput!) { createPartnerMember(input: $input) { id version email active partner { id } } }`, {
        input: { partnerId: partnerId('PMI', 0), firstName: 'Inès', lastName: 'Morel', role: 'Infirmière puéricultrice', email },
      });
    const created = await create('Ines.Morel@Loire-Atlantique.fr');
    expect(created.data.createPartnerMember).toMatchObject({ email: 'ines.morel@loire-atlantique.fr', active: true, partner: { id: partnerId('PMI', 0) } });
    const again = await create('ines.morel@loire-atlantique.fr');
    expect(again.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'input.email' });
    const notEmail = await create('ines.morel');
    expect(notEmail.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const { id, version } = created.data.createPartnerMember;
    const deactivate = (v: number) =>
      asDirectoryAdmin(stack).query<any>(`mutation { updatePartnerMember(id: "${id}", version: ${v}, input: { active: false }) { active version } }`);
    expect((await deactivate(version)).data.updatePartnerMember).toEqual({ active: false, version: version + 1 });
    expect((await deactivate(version)).errors?.[0]?.extensions?.code).toBe('CONFLICT');
  });

  it('records an agreement, validates it, and ends it early by amendment', async () => {
    // A hospital new to Passerelle: no agreement yet, so nothing is covered until one is signed.
    const hospital = await createPartner({ kind: 'HOSPITAL', uai: null, name: 'Clinique de test', finess: '440900033' });
    const id = hospital.data.createPartner.id;
    const input = {
      partnerId: id,
      reference: 'CONV-2026-TEST-1',
      title: 'Protocole de repérage des enfants en danger',
      purposes: ['Transmettre les informations préoccupantes'],
      dataCategories: ['CONCERN_SUBMISSION', 'OWN_CONCERN_STATUS'],
      signedOn: '2026-10-01',
      validFrom: '2026-10-15',
      validUntil: '2029-10-14',
      signatories: [{ name: 'Jeanne Martin', role: 'Directrice générale', organisation: 'CHU de Nantes' }],
    };
    const create = (extra: Record<string, unknown>) =>
      asDirectoryAdmin(stack).query<any>(`mutation ($input: CreateAgreementInput!) { createPartnerAgreement(input: $input) { id version inForce(on: "${ON}") } }`, {
        input: { ...input, ...extra },
      });
    const backwards = await create({ validUntil: '2026-10-01' });
    expect(backwards.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'input.validUntil' });
    const empty = await create({ dataCategories: [] });
    expect(empty.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const noSignatory = await create({ signatories: [] });
    expect(noSignatory.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const agreements = await stack.query<any>(`{ partner(id: "${id}") { agreements(first: 10) { nodes { reference } } } }`);
    expect(agreements.data.partner.agreements.nodes).toEqual([]);

    const created = await create({});
    expect(created.data.createPartnerAgreement).toMatchObject({ version: 1, inForce: true });
    const duplicate = await create({});
    expect(duplicate.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'input.reference' });
    const covers = async () =>
      (await stack.query<any>(`{ agreementInForceCovers(partnerId: "${id}", categories: [CONCERN_SUBMISSION], on: "2027-06-01") }`)).data.agreementInForceCovers;
    expect(await covers()).toBe(true);
    expect(
      (await stack.query<any>(`{ agreementInForceCovers(partnerId: "${id}", categories: [CONCERN_SUBMISSION], on: "2026-10-14") }`)).data
        .agreementInForceCovers,
    ).toBe(false);
    const amend = (v: number) =>
      asDirectoryAdmin(stack).query<any>(`mutation { updatePartnerAgreement(id: "${created.data.createPartnerAgreement.id}", version: ${v}, input: { validUntil: "2026-12-31" }) { validUntil version } }`);
    expect((await amend(1)).data.updatePartnerAgreement).toEqual({ validUntil: '2026-12-31', version: 2 });
    expect((await amend(1)).errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect(await covers()).toBe(false);
  });
});
