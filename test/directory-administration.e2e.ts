import { categoryOf, partnerId, partnerMemberId, readAccessRules, repoPath } from '@passerelle/common';
import { buildSchema } from 'graphql';
import { readFileSync } from 'node:fs';
import { Client } from 'pg';
import { DIRECTORY_ADMIN, seeded, startTestStack, type As, type TestStack } from './support/stack';
import { SETUP_TIMEOUT_MS } from './support/timeouts';

/**
 * The directory's writes decide who acts for which institution with which rights: an
 * institution's kind and codes, a member's e-mail — with OpenID Connect sign-in, the e-mail and
 * the institution's SIRET/UAI/FINESS name the member — and activation, the agreements in force.
 * Every member of the département could run them, caseworkers included: one could give a
 * manager's record their own e-mail and sign in as that manager. They need directory:admin
 * (matrix DIRECTORY_ADMINISTRATION), are refused before anything runs, and nobody changes their
 * own member record. The list of writes is read from the supergraph, so that a directory write
 * added later is tested here too.
 */
const supergraph = readFileSync(repoPath('schema/supergraph.graphql'), 'utf8');
const rules = readAccessRules(supergraph);
const mutations = Object.keys(buildSchema(supergraph).getMutationType()!.getFields());
const DIRECTORY_WRITES = mutations.filter((m) => categoryOf(rules, 'Mutation', m) === 'DIRECTORY_ADMINISTRATION').sort();

const school = partnerId('SCHOOL', 0);
const schoolMember = partnerMemberId('SCHOOL', 0, 0);
/** Each directory write with arguments that pass every check but the rights' (versions read first). */
function operation(name: string, v: { partner: number; member: number; agreement: number; agreementId: string }) {
  const ops: Record<string, { query: string; variables: Record<string, unknown> }> = {
    createPartner: {
      query: `mutation ($input: CreatePartnerInput!) { createPartner(input: $input) { id } }`,
      variables: { input: { kind: 'ASSOCIATION', name: 'Association créée par un intrus', siret: '81234513000015', commune: 'Nantes', communeCode: '44109' } },
    },
    updatePartner: {
      query: `mutation ($v: Int!) { updatePartner(id: "${school}", version: $v, input: { name: "Renommée" }) { id } }`,
      variables: { v: v.partner },
    },
    closePartner: {
      query: `mutation ($v: Int!) { closePartner(id: "${school}", version: $v, closedOn: "2026-10-01") { id } }`,
      variables: { v: v.partner },
    },
    createPartnerMember: {
      query: `mutation ($input: CreatePartnerMemberInput!) { createPartnerMember(input: $input) { id } }`,
      variables: { input: { partnerId: partnerId('DEPARTMENT', 0), firstName: 'Intrus', lastName: 'Intrus', role: 'Cadre', email: 'intrus@example.org' } },
    },
    updatePartnerMember: {
      query: `mutation ($v: Int!) { updatePartnerMember(id: "${schoolMember}", version: $v, input: { email: "intrus@example.org" }) { id } }`,
      variables: { v: v.member },
    },
    createPartnerAgreement: {
      query: `mutation ($input: CreateAgreementInput!) { createPartnerAgreement(input: $input) { id } }`,
      variables: {
        input: {
          partnerId: school,
          reference: 'CONV-INTRUS',
          title: 'Convention',
          purposes: ['Élargir'],
          dataCategories: ['CHILD_IDENTITY', 'MEASURES'],
          signedOn: '2026-01-01',
          validFrom: '2026-01-01',
          validUntil: '2099-12-31',
          signatories: [{ name: 'X', role: 'Y', organisation: 'Z' }],
        },
      },
    },
    updatePartnerAgreement: {
      query: `mutation ($v: Int!) { updatePartnerAgreement(id: "${v.agreementId}", version: $v, input: { validUntil: "2099-12-31" }) { id } }`,
      variables: { v: v.agreement },
    },
    setMemberAccess: {
      query: `mutation ($v: Int!) { setMemberAccess(id: "${schoolMember}", version: $v, input: { scopes: ["webhook:admin"] }) { id } }`,
      variables: { v: v.member },
    },
  };
  return ops[name];
}

describe('the directory’s writes need directory:admin', () => {
  let stack: TestStack;
  let client: Client;
  const versions = { partner: 0, member: 0, agreement: 0, agreementId: '' };

  beforeAll(async () => {
    stack = await startTestStack({ children: 40 });
    client = new Client({ connectionString: stack.databaseUrl });
    await client.connect();
    const read = await stack.query<any>(
      `{ partner(id: "${school}") { version agreements(first: 1) { nodes { id version } } } partnerMember(id: "${schoolMember}") { version } }`,
    );
    expect(read.errors).toBeUndefined();
    versions.partner = read.data.partner.version;
    versions.member = read.data.partnerMember.version;
    versions.agreementId = read.data.partner.agreements.nodes[0].id;
    versions.agreement = read.data.partner.agreements.nodes[0].version;
  }, SETUP_TIMEOUT_MS);
  afterAll(async () => {
    await client?.end();
    await stack?.stop();
  });

  /** Everything the directory holds, as one digest: a refused write must leave it as it was. */
  const digest = async () =>
    (
      await client.query<{ d: string }>(
        `SELECT md5(string_agg(t, '|' ORDER BY t)) AS d FROM (
           SELECT p::text AS t FROM partners.partner p UNION ALL
           SELECT m::text FROM partners.partner_member m UNION ALL
           SELECT a::text FROM partners.agreement a) x`,
      )
    ).rows[0]!.d;

  it('finds the eight directory writes in the supergraph', () => {
    expect(DIRECTORY_WRITES).toEqual([
      'closePartner',
      'createPartner',
      'createPartnerAgreement',
      'createPartnerMember',
      'setMemberAccess',
      'updatePartner',
      'updatePartnerAgreement',
      'updatePartnerMember',
    ]);
  });

  const without: [string, As][] = [
    ['a caseworker', seeded('department', 'DEPARTMENT', 0, 3)],
    ['a manager', seeded('department', 'DEPARTMENT', 0, 1)],
    ['a manager with every other scope', seeded('department', 'DEPARTMENT', 0, 1, ['audit:read', 'audit:dpo', 'webhook:admin'])],
  ];
  const cells = DIRECTORY_WRITES.flatMap((name) => without.map(([who, as]) => ({ name, who, as })));

  it.each(cells)('$name by $who without directory:admin: FORBIDDEN, nothing written', async ({ name, as }) => {
    const before = await digest();
    const op = operation(name, versions)!;
    const result = await stack.query(op.query, op.variables, as);
    expect(result.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(result.errors?.[0]?.message).toMatch(/directory:admin/);
    expect(result.data?.[name as keyof typeof result.data] ?? null).toBeNull();
    expect(await digest()).toBe(before);
  });

  it.each([
    ['updatePartnerMember', `input: { email: "moi@example.org" }`],
    ['setMemberAccess', `input: { scopes: ["audit:dpo"] }`],
  ])('nobody changes their own member record, even with directory:admin: %s', async (name, input) => {
    const self = DIRECTORY_ADMIN;
    const { data } = await stack.query<any>(`{ partnerMember(id: "${self.sub}") { version email } }`);
    const before = await digest();
    const result = await stack.query(`mutation ($v: Int!) { ${name}(id: "${self.sub}", version: $v, ${input}) { id } }`, { v: data.partnerMember.version }, self);
    expect(result.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(result.errors?.[0]?.message).toBe('a member’s own record is changed by another administrator');
    expect(await digest()).toBe(before);
  });

  it('with directory:admin, another member’s record changes', async () => {
    const op = operation('updatePartnerMember', versions)!;
    const result = await stack.query<any>(op.query, op.variables, DIRECTORY_ADMIN);
    expect(result.errors).toBeUndefined();
    expect(result.data.updatePartnerMember.id).toBe(schoolMember);
  });

  describe('setMemberAccess', () => {
    const caseworker = seeded('department', 'DEPARTMENT', 0, 3);
    const MEMBER = `query ($id: ID!) { partnerMember(id: $id) { version accessRole scopes oidcSubject team { id } partner { id } } }`;
    const SET = `mutation ($id: ID!, $v: Int!, $input: MemberAccessInput!) { setMemberAccess(id: $id, version: $v, input: $input) { version accessRole scopes oidcSubject team { id } } }`;
    const read = async (id: string) => (await stack.query<any>(MEMBER, { id })).data.partnerMember;
    const set = (id: string, v: number, input: Record<string, unknown>) => stack.query<any>(SET, { id, v, input }, DIRECTORY_ADMIN);
    const childCount = async (as: As) => {
      const r = await stack.query<any>(`{ children(first: 100) { nodes { id } } }`, {}, as);
      expect(r.errors).toBeUndefined();
      return r.data.children.nodes.length as number;
    };

    it('sets a caseworker’s scopes and role; the role decides their slice at their next request', async () => {
      const before = await read(caseworker.sub!);
      expect(before.accessRole).toBe('CASEWORKER');
      const own = await childCount(caseworker);
      const whole = await childCount(DIRECTORY_ADMIN);
      expect(own).toBeLessThan(whole);
      const promoted = await set(caseworker.sub!, before.version, { accessRole: 'MANAGER', scopes: ['audit:read', 'audit:read', 'webhook:admin'] });
      expect(promoted.errors).toBeUndefined();
      expect(promoted.data.setMemberAccess).toMatchObject({ accessRole: 'MANAGER', scopes: ['audit:read', 'webhook:admin'] });
      expect(await childCount(caseworker)).toBe(whole);
      const back = await set(caseworker.sub!, promoted.data.setMemberAccess.version, { accessRole: 'CASEWORKER', scopes: [] });
      expect(back.data.setMemberAccess).toMatchObject({ accessRole: 'CASEWORKER', scopes: [] });
      expect(await childCount(caseworker)).toBe(own);
    });

    it('moves a caseworker to another team of the département, or to none', async () => {
      const member = await read(caseworker.sub!);
      const { data } = await stack.query<any>(`{ partner(id: "${member.partner.id}") { members(first: 100) { nodes { id team { id } } } } }`);
      const other = data.partner.members.nodes.find((m: any) => m.team && m.team.id !== member.team?.id).team.id as string;
      const ids = async () =>
        ((await stack.query<any>(`{ children(first: 100) { nodes { id } } }`, {}, caseworker)).data.children.nodes as { id: string }[]).map((c) => c.id).sort();
      const inOwnTeam = await ids();
      const moved = await set(caseworker.sub!, member.version, { teamId: other });
      expect(moved.data.setMemberAccess.team).toEqual({ id: other });
      const inOtherTeam = await ids();
      expect(inOtherTeam).not.toEqual(inOwnTeam);
      const none = await set(caseworker.sub!, moved.data.setMemberAccess.version, { teamId: null });
      expect(none.data.setMemberAccess.team).toBeNull();
      // A caseworker of no team keeps only their caseload: children both teams' lists had.
      const inNoTeam = await ids();
      for (const id of inNoTeam) expect(inOwnTeam.includes(id) && inOtherTeam.includes(id)).toBe(true);
      const restored = await set(caseworker.sub!, none.data.setMemberAccess.version, { teamId: member.team.id });
      expect(restored.data.setMemberAccess.team).toEqual({ id: member.team.id });
    });

    it('refuses, naming the input, what the member’s institution cannot hold; nothing written', async () => {
      const pupilsTeacher = await read(schoolMember);
      const deptMember = await read(caseworker.sub!);
      const cases: [string, number, Record<string, unknown>, string, RegExp][] = [
        [schoolMember, pupilsTeacher.version, { scopes: ['audit:dpo'] }, 'input.scopes', /audit:dpo/],
        [caseworker.sub!, deptMember.version, { scopes: ['root:all'] }, 'input.scopes', /root:all/],
        [schoolMember, pupilsTeacher.version, { accessRole: 'MANAGER' }, 'input.accessRole', /département/],
        [caseworker.sub!, deptMember.version, { accessRole: 'OWNER' }, 'input.accessRole', /MANAGER, CASEWORKER/],
        [schoolMember, pupilsTeacher.version, { teamId: deptMember.team.id }, 'input.teamId', /département/],
        [caseworker.sub!, deptMember.version, { teamId: '00000000-0000-4000-8000-000000000000' }, 'input.teamId', /no such team/],
        [caseworker.sub!, deptMember.version, { oidcSubject: '   ' }, 'input.oidcSubject', /blank/],
      ];
      for (const [id, v, input, argument, message] of cases) {
        const before = await digest();
        const result = await set(id, v, input);
        expect([argument, result.errors?.[0]?.extensions?.code, result.errors?.[0]?.extensions?.argument]).toEqual([argument, 'BAD_USER_INPUT', argument]);
        expect(result.errors?.[0]?.message).toMatch(message);
        expect(await digest()).toBe(before);
      }
    });

    it('links a provider subject to one member only', async () => {
      const a = await read(caseworker.sub!);
      const linked = await set(caseworker.sub!, a.version, { oidcSubject: 'sub-123' });
      expect(linked.data.setMemberAccess.oidcSubject).toBe('sub-123');
      const b = await read(schoolMember);
      const taken = await set(schoolMember, b.version, { oidcSubject: 'sub-123' });
      expect(taken.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'input.oidcSubject' });
      const unlinked = await set(caseworker.sub!, linked.data.setMemberAccess.version, { oidcSubject: null });
      expect(unlinked.data.setMemberAccess.oidcSubject).toBeNull();
    });
  });
});
