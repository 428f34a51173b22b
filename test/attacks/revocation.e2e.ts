import {
  childId,
  childSchool,
  partnerMemberId,
  worldSize,
  type SeedPlan,
} from '@passerelle/common';
import { AUDIENCES, createLog, SCOPE_CHANNEL, type Database } from '@passerelle/common';
import { startStack, type Stack } from '../../tools/src/stack';
import { SUBGRAPHS } from '../../tools/src/subgraphs';
import { postGraphQL, seeded, startTestStack, tokenFor, type As, type GraphQLResponse, type TestStack, asDirectoryAdmin } from '../support/stack';
import { SETUP_TIMEOUT_MS } from '../support/timeouts';

/**
 * Issue 10, class 11: revocation (and a new grant) takes effect at the next request, on every
 * replica. The gateway's directory answers and every subgraph's slices are cached; each test
 * first warms the caches (and proves they serve), then changes a right through the API as the
 * département would, and sends the very next request. No sleep, no polling: the next request is
 * the test.
 */
const PARIS = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' });
const TODAY = PARIS.format(new Date());
const YESTERDAY = PARIS.format(new Date(Date.now() - 86_400_000));
// Seeded relative to the real day, so that "in force today" means what the seed meant.
const PLAN: SeedPlan = { children: 60, today: TODAY };
const SIZE = worldSize(PLAN);
const pupilsOf = (s: number) => Array.from({ length: PLAN.children }, (_, i) => i).filter((i) => childSchool(PLAN, SIZE, i) === s);

const CHILD = `query ($id: ID!) { child(id: $id) { id lastName } }`;
const GUARDIANS = `query ($id: ID!) { child(id: $id) { id guardians { lastName } } }`;
const NOBODY = '00000000-0000-4000-8000-00000000beef';

/** What an answer says, the id it was asked about taken out (out-of-slice vs nonexistent). */
const shape = (r: GraphQLResponse<unknown>, id: string) => JSON.parse(JSON.stringify({ status: r.status, data: r.data, errors: r.errors }).split(id).join('<id>'));

async function version(stack: TestStack, query: string): Promise<number> {
  const r = await stack.query<any>(query);
  expect(r.errors).toBeUndefined();
  return Object.values(r.data as Record<string, { version: number }>)[0]!.version;
}

describe('revocation takes effect at the next request', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack({ children: PLAN.children, today: PLAN.today });
  }, SETUP_TIMEOUT_MS);
  afterAll(() => stack?.stop());

  /** A warm request: the directory answer and the slice both come from the caches. */
  async function expectServedFromCaches(query: string, variables: Record<string, unknown>, as: As) {
    await stack.query(query, variables, as);
    stack.resetStatements();
    const again = await stack.query(query, variables, as);
    expect(again.errors).toBeUndefined();
    // Neither `_accessCheck` nor the school's enrolments were read again: the caches served.
    expect(stack.statements().partners).toBe(0);
    return again;
  }

  it('every table a slice is computed from notifies the slice caches when it changes', async () => {
    // Run each subgraph's own slice facts with a recording database, and name the tables read.
    const read = new Set<string>();
    for (const { definition } of SUBGRAPHS) {
      const recording = {
        dataSource: {
          query: async (sql: string) => {
            for (const m of sql.matchAll(/\b(cases|partners|placements)\.([a-z_]+)\b/g)) read.add(`${m[1]}.${m[2]}`);
            return [];
          },
        },
      } as unknown as Database;
      const local = definition.localScope?.(recording);
      for (const audience of AUDIENCES) await local?.(audience, NOBODY);
    }
    expect(read.size).toBeGreaterThan(0);
    const triggers: { tbl: string }[] = await stack.subgraphs.cases!.db.dataSource.query(
      // Insert, update, delete and truncate each notify.
      `SELECT c.relnamespace::regnamespace || '.' || c.relname AS tbl
         FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
        WHERE NOT t.tgisinternal AND position('_notifies_' || $1 IN t.tgname) > 0
        GROUP BY 1 HAVING count(*) = 4`,
      [SCOPE_CHANNEL],
    );
    const notifying = new Set(triggers.map((t) => t.tbl));
    expect([...read].filter((table) => !notifying.has(table))).toEqual([]);
  });

  it('the caches do serve a warm request (else the tests below could not fail)', async () => {
    const pupil = childId(pupilsOf(0)[0]!);
    await expectServedFromCaches(CHILD, { id: pupil }, seeded('school', 'SCHOOL', 0));
  });

  it('a partner closed by the département: its next request is refused', async () => {
    const school = seeded('school', 'SCHOOL', 1);
    await expectServedFromCaches(CHILD, { id: childId(pupilsOf(1)[0]!) }, school);
    const v = await version(stack, `{ partner(id: "${school.partnerId}") { version } }`);
    const closed = await asDirectoryAdmin(stack).query<any>(`mutation { closePartner(id: "${school.partnerId}", version: ${v}, closedOn: "${TODAY}") { active } }`);
    expect(closed.data?.closePartner).toEqual({ active: false });
    const next = await stack.query(CHILD, { id: childId(pupilsOf(1)[0]!) }, school);
    expect(next.status).toBe(403);
    expect(next.errors?.[0]).toMatchObject({ extensions: { code: 'FORBIDDEN' }, message: expect.stringMatching(/is closed/) });
    expect(next.data ?? null).toBeNull();
  });

  it('an agreement ended early: the next request is refused', async () => {
    const school = seeded('school', 'SCHOOL', 2);
    await expectServedFromCaches(CHILD, { id: childId(pupilsOf(2)[0]!) }, school);
    const inForce = await stack.query<any>(`{ agreementsInForce(partnerId: "${school.partnerId}", first: 10) { nodes { id version } } }`);
    expect(inForce.errors).toBeUndefined();
    const agreements = inForce.data.agreementsInForce.nodes as { id: string; version: number }[];
    expect(agreements.length).toBe(1);
    const ended = await asDirectoryAdmin(stack).query<any>(
      `mutation { updatePartnerAgreement(id: "${agreements[0]!.id}", version: ${agreements[0]!.version}, input: { validUntil: "${YESTERDAY}" }) { validUntil } }`,
    );
    expect(ended.data?.updatePartnerAgreement).toEqual({ validUntil: YESTERDAY });
    const next = await stack.query(CHILD, { id: childId(pupilsOf(2)[0]!) }, school);
    expect(next.status).toBe(403);
    expect(next.errors?.[0]?.message).toMatch(/no data-sharing agreement in force today/);
  });

  it('an agreement’s categories reduced: the category is FORBIDDEN at the next request', async () => {
    const school = seeded('school', 'SCHOOL', 4);
    const pupil = childId(pupilsOf(4)[0]!);
    const before = await expectServedFromCaches(GUARDIANS, { id: pupil }, school);
    expect((before.data as any).child.guardians.length).toBeGreaterThan(0);
    const inForce = await stack.query<any>(
      `{ agreementsInForce(partnerId: "${school.partnerId}", first: 10) { nodes { id version dataCategories } } }`,
    );
    const [agreement] = inForce.data.agreementsInForce.nodes as { id: string; version: number; dataCategories: string[] }[];
    const reduced = agreement!.dataCategories.filter((c) => c !== 'PARENTAL_AUTHORITY');
    const amended = await asDirectoryAdmin(stack).query<any>(
      `mutation ($c: [DataCategory!]!) { updatePartnerAgreement(id: "${agreement!.id}", version: ${agreement!.version}, input: { dataCategories: $c }) { version } }`,
      { c: reduced },
    );
    expect(amended.errors).toBeUndefined();
    const next = await stack.query<any>(GUARDIANS, { id: pupil }, school);
    expect(next.errors?.some((e) => e.extensions?.code === 'FORBIDDEN')).toBe(true);
    expect(next.data?.child?.guardians ?? null).toBeNull();
    // What the agreement still grants is still served.
    const identity = await stack.query<any>(CHILD, { id: pupil }, school);
    expect(identity.errors).toBeUndefined();
    expect(identity.data.child.id).toBe(pupil);
  });

  it('a member deactivated: refused at once', async () => {
    const school = seeded('school', 'SCHOOL', 6);
    await expectServedFromCaches(CHILD, { id: childId(pupilsOf(6)[0]!) }, school);
    const member = partnerMemberId('SCHOOL', 6, 0);
    const v = await version(stack, `{ partnerMember(id: "${member}") { version } }`);
    const off = await asDirectoryAdmin(stack).query<any>(`mutation { updatePartnerMember(id: "${member}", version: ${v}, input: { active: false }) { active } }`);
    expect(off.data?.updatePartnerMember).toEqual({ active: false });
    const next = await stack.query(CHILD, { id: childId(pupilsOf(6)[0]!) }, school);
    expect(next.status).toBe(403);
    expect(next.errors?.[0]?.message).toMatch(/no longer acts for/);
  });

  it('a new agreement: access at the next request', async () => {
    // The demo world gives the institutions at index 5 (mod 11) no agreement in force.
    const school = seeded('school', 'SCHOOL', 5);
    const pupil = childId(pupilsOf(5)[0]!);
    for (let i = 0; i < 2; i++) {
      const refused = await stack.query(CHILD, { id: pupil }, school);
      expect(refused.status).toBe(403);
    }
    const created = await asDirectoryAdmin(stack).query<any>(`mutation ($input: CreateAgreementInput!) { createPartnerAgreement(input: $input) { id } }`, {
      input: {
        partnerId: school.partnerId,
        reference: 'CONV-REVOCATION-5',
        title: 'Convention de partage d’informations',
        purposes: ['Repérer les enfants en danger'],
        dataCategories: ['CHILD_IDENTITY', 'SCHOOLING', 'CONCERN_SUBMISSION', 'OWN_CONCERN_STATUS'],
        signedOn: YESTERDAY,
        validFrom: YESTERDAY,
        validUntil: '2099-12-31',
        signatories: [{ name: 'Jeanne Martin', role: 'Présidente du Conseil départemental', organisation: 'Département' }],
      },
    });
    expect(created.errors).toBeUndefined();
    const next = await stack.query<any>(CHILD, { id: pupil }, school);
    expect(next.errors).toBeUndefined();
    expect(next.data.child.id).toBe(pupil);
  });

  it('an enrolment ended: the pupil leaves the school’s slice at the next request, as if it did not exist', async () => {
    const school = seeded('school', 'SCHOOL', 7);
    const [leaver, stayer] = pupilsOf(7).map(childId);
    await expectServedFromCaches(CHILD, { id: leaver }, school);
    // Schools record their pupils' departures (endEnrollment is in the school's contract only).
    const current = await stack.query<any>(`{ child(id: "${leaver}") { currentEnrollment { id version } } }`, {}, school);
    const { id, version: v } = current.data.child.currentEnrollment;
    const ended = await stack.query<any>(`mutation { endEnrollment(id: "${id}", version: ${v}, endDate: "${YESTERDAY}") { endDate } }`, {}, school);
    expect(ended.data?.endEnrollment).toEqual({ endDate: YESTERDAY });
    const next = await stack.query(CHILD, { id: leaver }, school);
    const nobody = await stack.query(CHILD, { id: NOBODY }, school);
    expect(next.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(shape(next, leaver!)).toEqual(shape(nobody, NOBODY));
    // The rest of the slice is untouched.
    if (stayer) expect((await stack.query(CHILD, { id: stayer }, school)).errors).toBeUndefined();
  });
});

describe('revocation through one replica bites at the next request through another', () => {
  let a: TestStack;
  let b: Stack;
  const viaB = async (query: string, variables: Record<string, unknown>, as: Exclude<As, { token: string | null }>) =>
    postGraphQL(b.gateway.url, query, variables, { authorization: `Bearer ${await tokenFor(as)}` });
  const partnersStatementsB = () => b.subgraphs.partners!.db.statements.count;

  beforeAll(async () => {
    a = await startTestStack({ children: PLAN.children, today: PLAN.today });
    // A second gateway and a second replica of every subgraph, on the same database and key.
    b = await startStack({ databaseUrl: a.databaseUrl, signingKey: a.signingKey, log: createLog('replica', 'error') });
    await Promise.all([b.gateway.directoryListener!.whenListening(), ...Object.values(b.subgraphs).map((s) => s.scopeListener.whenListening())]);
  }, SETUP_TIMEOUT_MS);
  afterAll(async () => {
    await b?.stop();
    await a?.stop();
  });

  async function warmB(query: string, variables: Record<string, unknown>, as: Exclude<As, { token: string | null }>) {
    await viaB(query, variables, as);
    const before = partnersStatementsB();
    const again = await viaB(query, variables, as);
    expect(again.errors).toBeUndefined();
    expect(partnersStatementsB()).toBe(before); // served from B's caches
  }

  it('a partner closed through replica A is refused by gateway B', async () => {
    const school = seeded('school', 'SCHOOL', 8);
    const pupil = childId(pupilsOf(8)[0]!);
    await warmB(CHILD, { id: pupil }, school);
    const v = await version(a, `{ partner(id: "${school.partnerId}") { version } }`);
    const closed = await asDirectoryAdmin(a).query<any>(`mutation { closePartner(id: "${school.partnerId}", version: ${v}, closedOn: "${TODAY}") { active } }`);
    expect(closed.data?.closePartner).toEqual({ active: false });
    const next = await viaB(CHILD, { id: pupil }, school);
    expect(next.status).toBe(403);
    expect(next.errors?.[0]?.message).toMatch(/is closed/);
  });

  it('an enrolment ended through replica A: the pupil is out of the slice that replica B’s subgraphs cached', async () => {
    const school = seeded('school', 'SCHOOL', 9);
    const pupil = childId(pupilsOf(9)[0]!);
    await warmB(CHILD, { id: pupil }, school);
    const current = await a.query<any>(`{ child(id: "${pupil}") { currentEnrollment { id version } } }`, {}, school);
    const { id, version: v } = current.data.child.currentEnrollment;
    const ended = await a.query<any>(`mutation { endEnrollment(id: "${id}", version: ${v}, endDate: "${YESTERDAY}") { endDate } }`, {}, school);
    expect(ended.errors).toBeUndefined();
    const next = await viaB(CHILD, { id: pupil }, school);
    const nobody = await viaB(CHILD, { id: NOBODY }, school);
    expect(next.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(shape(next, pupil)).toEqual(shape(nobody, NOBODY));
  });
});
