import { COMMUNES, partnerId, partnerMemberId, seedId } from '@passerelle/common';
import { startTestStack, type TestStack } from './support/stack';
import { SETUP_TIMEOUT_MS } from './support/timeouts';

// 12 000 children: 200 schools, 15 PMI centres, 8 associations and the 14 fixed partners.
const CHILDREN = 12_000;
const ON = '2026-11-01';

describe('the département lists and searches its partners through the gateway', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack({ children: CHILDREN, today: ON });
  }, SETUP_TIMEOUT_MS);
  afterAll(() => stack?.stop());

  it('lists institutions of one kind by name, a page at a time, without gaps or repeats', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    do {
      const result: any = await stack.query(
        `query ($after: String) { partners(kind: SCHOOL, first: 70, after: $after) { nodes { id kind name uai code } pageInfo { hasNextPage endCursor } } }`,
        { after },
      );
      expect(result.errors).toBeUndefined();
      for (const node of result.data.partners.nodes) {
        expect(node.kind).toBe('SCHOOL');
        expect(node.code).toBe(node.uai);
        seen.push(node.id);
      }
      after = result.data.partners.pageInfo.hasNextPage ? result.data.partners.pageInfo.endCursor : null;
    } while (after);
    expect(new Set(seen).size).toBe(200);
    expect(seen).toHaveLength(200);
  });

  it('finds an institution by its UAI, SIRET or FINESS code, typed with spaces or in lower case', async () => {
    const school = await stack.query<any>(`{ partner(id: "${partnerId('SCHOOL', 3)}") { uai } }`);
    const association = await stack.query<any>(`{ partner(id: "${partnerId('ASSOCIATION', 2)}") { siret finess } }`);
    const { uai } = school.data.partner;
    const { siret, finess } = association.data.partner;
    expect(uai).toMatch(/^044\d{4}[A-Z]$/);
    expect(siret).toMatch(/^\d{14}$/);
    const find = async (code: string) =>
      (await stack.query<any>(`query ($code: String) { partners(code: $code) { nodes { id } } }`, { code })).data.partners.nodes;
    expect(await find(uai.toLowerCase())).toEqual([{ id: partnerId('SCHOOL', 3) }]);
    expect(await find(siret.replace(/(\d{3})(\d{3})(\d{3})(\d{5})/, '$1 $2 $3 $4'))).toEqual([{ id: partnerId('ASSOCIATION', 2) }]);
    expect(await find(finess)).toEqual([{ id: partnerId('ASSOCIATION', 2) }]);
    expect(await find('0449999Z')).toEqual([]);
  });

  it('filters by commune (INSEE code or name), by name and by status', async () => {
    const byCode = await stack.query<any>(`{ partners(commune: "44184", first: 100) { nodes { commune communeCode } } }`);
    const byName = await stack.query<any>(`{ partners(commune: "saint-nazaire", first: 100) { nodes { commune } } }`);
    expect(byCode.data.partners.nodes.length).toBeGreaterThan(3);
    expect(byCode.data.partners.nodes.every((p: any) => p.communeCode === '44184')).toBe(true);
    expect(byName.data.partners.nodes).toHaveLength(byCode.data.partners.nodes.length);
    const pmi = await stack.query<any>(`{ partners(kind: PMI, search: "pmi de rezé", first: 100) { nodes { name } } }`);
    expect(pmi.data.partners.nodes.map((p: any) => p.name)).toEqual(['Centre de PMI de Rezé']);
    const closed = await stack.query<any>(`{ partners(active: false) { nodes { id } } }`);
    expect(closed.data.partners.nodes).toEqual([]);
  });

  it('gives courts and parquets their jurisdiction, and finds the court covering a commune', async () => {
    const result = await stack.query<any>(`{ partners(kind: COURT) { nodes { id name jurisdiction { code name } } } }`);
    const [nantes, saintNazaire] = [partnerId('COURT', 0), partnerId('COURT', 1)].map((id) =>
      result.data.partners.nodes.find((n: any) => n.id === id),
    );
    expect(nantes.jurisdiction.map((c: any) => c.code)).toEqual(COMMUNES.slice(0, 10).map((c) => c.code));
    expect(saintNazaire.jurisdiction.map((c: any) => c.code)).toEqual(COMMUNES.slice(10).map((c) => c.code));
    const covering = await stack.query<any>(`{ partners(covering: "44069") { nodes { id } } }`); // Guérande
    expect(covering.data.partners.nodes.map((n: any) => n.id).sort()).toEqual([partnerId('COURT', 1), partnerId('PROSECUTOR', 1)].sort());
    const school = await stack.query<any>(`{ partner(id: "${partnerId('SCHOOL', 0)}") { jurisdiction { code } } }`);
    expect(school.data.partner.jurisdiction).toEqual([]);
  });

  it('shows a partner’s members; a member is found by id (a token’s sub) and by email', async () => {
    const result = await stack.query<any>(
      `{ partner(id: "${partnerId('PMI', 1)}") { members { nodes { id firstName lastName role email active partner { id } } } } }`,
    );
    const members = result.data.partner.members.nodes;
    expect(members.length).toBeGreaterThanOrEqual(2);
    expect(members.map((m: any) => m.id)).toContain(partnerMemberId('PMI', 1, 0));
    const first = members.find((m: any) => m.id === partnerMemberId('PMI', 1, 0));
    expect(first).toMatchObject({ active: true, partner: { id: partnerId('PMI', 1) } });
    const byId = await stack.query<any>(`{ partnerMember(id: "${first.id}") { email } }`);
    expect(byId.data.partnerMember.email).toBe(first.email);
    const byEmail = await stack.query<any>(`query ($e: String!) { partnerMemberByEmail(email: $e) { id } }`, { e: first.email.toUpperCase() });
    expect(byEmail.data.partnerMemberByEmail).toEqual({ id: first.id });
    const nobody = await stack.query<any>(`{ partnerMemberByEmail(email: "nobody@example.org") { id } }`);
    expect(nobody.data.partnerMemberByEmail).toBeNull();
  });

  it('pages through a partner’s members with cursors', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 5 && (page === 0 || after); page++) {
      const result: any = await stack.query(
        `query ($after: String) { partner(id: "${partnerId('SCHOOL', 7)}") { members(first: 1, after: $after) { nodes { id } pageInfo { hasNextPage endCursor } } } }`,
        { after },
      );
      const members = result.data.partner.members;
      seen.push(...members.nodes.map((m: any) => m.id));
      after = members.pageInfo.hasNextPage ? members.pageInfo.endCursor : null;
    }
    const all = await stack.query<any>(`{ partner(id: "${partnerId('SCHOOL', 7)}") { members(first: 10) { nodes { id } } } }`);
    expect(seen).toEqual(all.data.partner.members.nodes.map((m: any) => m.id));
    expect(seen.length).toBeGreaterThanOrEqual(2);
  });

  it('shows a partner’s agreements, and those in force on a day', async () => {
    const result = await stack.query<any>(
      `{ partner(id: "${partnerId('SCHOOL', 0)}") {
          agreements { nodes { reference validFrom validUntil inForce(on: "${ON}") dataCategories purposes signatories { name role organisation } } }
          inForceNow: agreements(inForceOn: "${ON}") { nodes { reference } }
          grantedDataCategories(on: "${ON}")
      } }`,
    );
    expect(result.errors).toBeUndefined();
    const { agreements, inForceNow, grantedDataCategories } = result.data.partner;
    expect(agreements.nodes).toHaveLength(2);
    const current = agreements.nodes.filter((a: any) => a.inForce);
    expect(current).toHaveLength(1);
    expect(inForceNow.nodes).toEqual([{ reference: current[0].reference }]);
    expect(current[0].signatories).toHaveLength(2);
    expect(grantedDataCategories).toEqual(expect.arrayContaining(['SCHOOLING', 'PARENTAL_AUTHORITY']));
    expect(grantedDataCategories).not.toContain('CONCERN_CONTENT');
    const query = await stack.query<any>(`{ agreementsInForce(partnerId: "${partnerId('SCHOOL', 0)}", on: "${ON}") { nodes { reference } } }`);
    expect(query.data.agreementsInForce.nodes).toEqual(inForceNow.nodes);
  });

  it('lists agreements expiring within N days, soonest first, all in force and ending in the window', async () => {
    const result = await stack.query<any>(
      `{ agreementsExpiring(withinDays: 60, from: "${ON}", first: 100) { nodes { validFrom validUntil partner { kind } } } }`,
    );
    const nodes = result.data.agreementsExpiring.nodes;
    expect(nodes.length).toBeGreaterThan(5);
    for (const a of nodes) {
      expect(a.validFrom <= ON).toBe(true);
      expect(a.validUntil >= ON && a.validUntil <= '2026-12-31').toBe(true);
    }
    expect(nodes.map((a: any) => a.validUntil)).toEqual([...nodes.map((a: any) => a.validUntil)].sort());
    const none = await stack.query<any>(`{ agreementsExpiring(withinDays: 0, from: "2001-01-01") { nodes { id } } }`);
    expect(none.data.agreementsExpiring.nodes).toEqual([]);
  });

  it('answers whether an agreement in force covers what would be shared', async () => {
    const covers = async (id: string, categories: string[], on = ON) =>
      (await stack.query<any>(`query ($id: ID!, $c: [DataCategory!]!, $on: LocalDate) { agreementInForceCovers(partnerId: $id, categories: $c, on: $on) }`, { id, c: categories, on })).data
        .agreementInForceCovers;
    expect(await covers(partnerId('SCHOOL', 0), ['SCHOOLING', 'CHILD_IDENTITY'])).toBe(true);
    expect(await covers(partnerId('SCHOOL', 0), ['SCHOOLING', 'HEALTH_FOLLOW_UP'])).toBe(false);
    expect(await covers(partnerId('SCHOOL', 0), [])).toBe(false);
    // Index 5 of each kind has only an expired convention; everyone's ended before 2020.
    expect(await covers(partnerId('SCHOOL', 5), ['SCHOOLING'])).toBe(false);
    expect(await covers(partnerId('SCHOOL', 0), ['SCHOOLING'], '2015-01-01')).toBe(false);
    expect(await covers(partnerId('OBSERVATORY', 0), ['AGGREGATES'])).toBe(true);
    expect(await covers(partnerId('OBSERVATORY', 0), ['CHILD_IDENTITY'])).toBe(false);
  });

  it('costs the same statements for 10 partners with members and agreements as for 100', async () => {
    const query = /* GraphQL */ `
      query ($first: Int!) {
        partners(first: $first) {
          nodes {
            name code
            members(first: 3) { nodes { email partner { name } } }
            agreements(first: 3, inForceOn: "${ON}") { nodes { reference partner { id } } }
            grantedDataCategories(on: "${ON}")
            enrollments(on: "${ON}", first: 3) { nodes { classLevel child { id } } }
            healthFollowUps(on: "${ON}", first: 3) { nodes { reason } }
          }
        }
      }`;
    stack.resetStatements();
    const small = await stack.query<any>(query, { first: 10 });
    const forTen = stack.statements();
    stack.resetStatements();
    const large = await stack.query<any>(query, { first: 100 });
    const forHundred = stack.statements();
    expect(small.errors).toBeUndefined();
    expect(large.errors).toBeUndefined();
    expect(large.data.partners.nodes).toHaveLength(100);
    expect(large.data.partners.nodes.filter((p: any) => p.members.nodes.length > 0).length).toBe(100);
    expect(forHundred).toEqual(forTen);
    expect(large.data.partners.nodes.filter((p: any) => p.enrollments.nodes.length > 0).length).toBeGreaterThan(50);
    // the page (which also answers members' and agreements' `partner`), members, agreements in
    // force, granted categories, pupils, follow-ups.
    expect(forHundred).toEqual({ cases: 0, placements: 0, partners: 6 });
  });

  it('resolves a few hundred Partner references from other subgraphs in one statement', async () => {
    const ids = [
      ...Array.from({ length: 200 }, (_, i) => partnerId('SCHOOL', i)),
      ...Array.from({ length: 8 }, (_, i) => partnerId('ASSOCIATION', i)),
      partnerId('COURT', 0),
      partnerId('COURT', 1),
      partnerId('PROSECUTOR', 0),
      partnerId('CRIP', 0),
    ];
    // What the gateway sends when concerns and placements reference partners: one _entities call.
    const representations = [...ids, ...ids.slice(0, 90)].map((id) => ({ __typename: 'Partner', id }));
    stack.resetStatements();
    const result = await stack.querySubgraph<any>(
      'partners',
      `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Partner { id name kind } } }`,
      { r: representations },
    );
    expect(result.errors).toBeUndefined();
    expect(result.data._entities).toHaveLength(representations.length);
    expect(result.data._entities.map((p: any) => p.id)).toEqual(representations.map((r) => r.id));
    expect(stack.statements().partners).toBe(1);
  });

  it('resolves references to members, agreements and enrolments in one statement per type', async () => {
    const members = Array.from({ length: 150 }, (_, i) => ({ __typename: 'PartnerMember', id: partnerMemberId('SCHOOL', i, 0) }));
    const agreements = Array.from({ length: 150 }, (_, i) => ({ __typename: 'Agreement', id: seedId('agreement:SCHOOL:' + i, 0) }));
    const enrollments = Array.from({ length: 150 }, (_, i) => ({ __typename: 'Enrollment', id: seedId('enrollment', i) }));
    const representations = [...members, ...agreements, ...enrollments];
    stack.resetStatements();
    const result = await stack.querySubgraph<any>(
      'partners',
      `query ($r: [_Any!]!) { _entities(representations: $r) {
         ... on PartnerMember { id email } ... on Agreement { id reference } ... on Enrollment { id classLevel } } }`,
      { r: representations },
    );
    expect(result.errors).toBeUndefined();
    const found = result.data._entities.filter((e: any) => e !== null);
    expect(found.length).toBeGreaterThan(150 + 150 + 50);
    expect(stack.statements().partners).toBe(3);
  });

  it('a malformed partner id is BAD_USER_INPUT, an unknown one NOT_FOUND', async () => {
    const bad = await stack.query(`{ partner(id: "nope") { id } }`);
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'id' });
    const unknown = await stack.query(`{ partner(id: "00000000-0000-4000-8000-000000000000") { id } }`);
    expect(unknown.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });
});
