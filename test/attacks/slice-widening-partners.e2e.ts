import { childId, childPmi, childSchool, partnerId, worldSize, type Principal, type SeedPlan } from '@passerelle/common';
import { randomUUID } from 'node:crypto';
import { parisToday, plusDays } from '../../subgraphs/partners/src/dates';
import { inForce, sql } from '../scope-cases-support';
import { seeded, startTestStack, type GraphQLResponse, type TestStack } from '../support/stack';
import { SETUP_TIMEOUT_MS } from '../support/timeouts';

/**
 * Issue 10, class 3 — writes that widen the writer's own slice, partners subgraph. A school
 * enrolled a child it did not have (`enrollChild` with its own schoolId and any childId), read the
 * child's file once its slice cache expired, and silently ended the other school's enrolment; a
 * PMI centre did the same with `startHealthFollowUp`. Now a school's (PMI centre's) write is a
 * declaration: its slice is unchanged — at once, and as a slice computed afresh (what every
 * subgraph sees once its cache expires) — the other school's enrolment is untouched, and the answer
 * is the same receipt for a real child outside the slice and for a random id. The département
 * confirms: then, and only then, the child enters the slice and the old enrolment ends.
 */

const PLAN: SeedPlan = { children: 400, today: '2026-11-01' };
const SIZE = worldSize(PLAN);
const TODAY = parisToday();
const YESTERDAY = plusDays(TODAY, -1);
const CHILDREN = Array.from({ length: PLAN.children }, (_, i) => i);

/** In-force institutions of a kind: no token of one whose agreement lapsed is accepted at all. */
const schools = Array.from({ length: SIZE.schools }, (_, s) => s).filter(inForce);
const centres = Array.from({ length: SIZE.pmiCentres }, (_, p) => p).filter(inForce);

// Each attacker is used by one test only and sends nothing before its attack: the slice the cases
// subgraph computes for its first read is computed afresh, as after any cache expiry.
const [VICTIM_SCHOOL, ATTACKER_SCHOOL, NEW_SCHOOL] = [schools[0]!, schools[1]!, schools[2]!];
const [VICTIM_CENTRE, ATTACKER_CENTRE] = [centres[0]!, centres[1]!];
const pupil = (school: number, nth = 0) => CHILDREN.filter((i) => childSchool(PLAN, SIZE, i) === school)[nth]!;
const toddler = (centre: number, nth = 0) => CHILDREN.filter((i) => childPmi(PLAN, SIZE, i) === centre)[nth]!;

const ENROLL = /* GraphQL */ `
  mutation ($input: EnrollChildInput!) {
    enrollChild(input: $input) { status startDate endDate schoolYear classLevel version declaredAt decidedAt school { id } }
  }
`;
const FOLLOW = /* GraphQL */ `
  mutation ($input: StartHealthFollowUpInput!) {
    startHealthFollowUp(input: $input) { status startDate endDate reason version declaredAt decidedAt pmiCentre { id } }
  }
`;
const FILE = `query ($id: ID!) { child(id: $id) { lastName guardians { phone address } } }`;

/** An answer with what differs by nature between two writes (a fresh id, the time) taken out. */
function receipt(result: unknown): unknown {
  return JSON.parse(JSON.stringify(result), (key, value) => (key === 'declaredAt' && typeof value === 'string' ? 'a time' : value));
}

/** The error of a refused request, with the id it names replaced: identical for two ids means it tells nothing. */
function refusal(result: GraphQLResponse<any>, id: string): unknown {
  return JSON.parse(JSON.stringify(receipt({ status: result.status, data: result.data ?? null, errors: result.errors })).split(id).join('<id>'));
}

const principal = (as: ReturnType<typeof seeded>): Principal => ({ sub: as.sub, partnerId: as.partnerId, audience: as.audience, scopes: [] });

describe('class 3, partners: a school’s or a PMI centre’s write does not widen its own slice', () => {
  let stack: TestStack;
  let db: string;
  const rows = (table: string, child: string) =>
    sql(db, `SELECT id, school_id, pmi_id, status, start_date::text, end_date::text, version FROM partners.${table} WHERE child_id = $1 ORDER BY id`.replace(table === 'enrollment' ? ', pmi_id' : ', school_id', ''), [child]);
  const count = async (table: string) => Number((await sql<{ n: string }>(db, `SELECT count(*) AS n FROM partners.${table}`))[0]!.n);
  /** The slice as the partners subgraph's facts give it now, without any cache: what the next computation sees. */
  const freshSlice = async (audience: 'school' | 'pmi', partner: string): Promise<string[]> => {
    const result = await stack.querySubgraph<any>('partners', `query ($a: String!, $p: ID!) { _partnersChildrenInScope(audience: $a, partnerId: $p) }`, {
      a: audience,
      p: partner,
    });
    expect(result.errors).toBeUndefined();
    return result.data._partnersChildrenInScope;
  };

  beforeAll(async () => {
    stack = await startTestStack(PLAN);
    db = stack.databaseUrl;
  }, SETUP_TIMEOUT_MS);
  afterAll(() => stack?.stop());

  it('a school that declares another school’s pupil: same receipt as for a random id, its slice unchanged, the other enrolment untouched', async () => {
    const victim = childId(pupil(VICTIM_SCHOOL));
    const attacker = seeded('school', 'SCHOOL', ATTACKER_SCHOOL);
    const before = await rows('enrollment', victim);
    expect(before).toHaveLength(1);
    expect(before[0]).toMatchObject({ school_id: partnerId('SCHOOL', VICTIM_SCHOOL), status: 'CONFIRMED', end_date: null });
    const total = await count('enrollment');

    const input = (child: string) => ({ input: { childId: child, schoolId: attacker.partnerId, schoolYear: '2026-2027', classLevel: 'CM1', startDate: TODAY } });
    const real = await stack.query<any>(ENROLL, input(victim), attacker);
    const random = await stack.query<any>(ENROLL, input(randomUUID()), attacker);
    expect(real.errors).toBeUndefined();
    expect(real.data.enrollChild).toMatchObject({ status: 'DECLARED', endDate: null, decidedAt: null, school: { id: attacker.partnerId } });
    expect(receipt(real)).toEqual(receipt(random));
    // Asking the receipt for the child's name: refused alike for both.
    const nosyReal = await stack.query<any>(ENROLL.replace('school { id }', 'school { id } child { id lastName }'), input(victim), attacker);
    const nobody = randomUUID();
    const nosyRandom = await stack.query<any>(ENROLL.replace('school { id }', 'school { id } child { id lastName }'), input(nobody), attacker);
    expect(refusal(nosyReal, victim)).toEqual(refusal(nosyRandom, nobody));
    // The only trace of the child is the id the school sent itself (ids are references, PUBLIC):
    // the whole answer, the declaration's own timestamps apart, is the same for a random id.
    const shape = (response: unknown, child: string) =>
      JSON.stringify(response).replaceAll(child, '<child>').replace(/"declaredAt":"[^"]+"/g, '"declaredAt":"<t>"');
    expect(shape(nosyReal, victim)).toEqual(shape(nosyRandom, nobody));

    // Its slice: the child is not in it, at once nor when computed afresh.
    const read = await stack.query<any>(FILE, { id: victim }, attacker);
    const readNobody = await stack.query<any>(FILE, { id: nobody }, attacker);
    expect(read.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
    expect(refusal(read, victim)).toEqual(refusal(readNobody, nobody));
    expect(await freshSlice('school', attacker.partnerId)).not.toContain(victim);
    const listed = await stack.query<any>(`query ($p: ID!) { partner(id: $p) { enrollments(first: 100) { nodes { child { id } } } } }`, { p: attacker.partnerId }, attacker);
    expect(JSON.stringify(listed.data)).not.toContain(victim);

    // The other school's enrolment: untouched, and the child still in its slice.
    expect((await rows('enrollment', victim)).filter((r: any) => r.status === 'CONFIRMED')).toEqual(before);
    expect(await count('enrollment')).toBe(total + 4); // four declarations, nothing else
    expect(await freshSlice('school', partnerId('SCHOOL', VICTIM_SCHOOL))).toContain(victim);
  });

  it('a school declares for itself only, and ends only its own enrolments: another school’s answers as a random id, and nothing changes', async () => {
    const victim = childId(pupil(VICTIM_SCHOOL, 1));
    const attacker = seeded('school', 'SCHOOL', ATTACKER_SCHOOL);
    const before = await rows('enrollment', victim);
    const total = await count('enrollment');
    const forOther = await stack.query<any>(
      ENROLL,
      { input: { childId: victim, schoolId: partnerId('SCHOOL', VICTIM_SCHOOL), schoolYear: '2026-2027', classLevel: 'CM1', startDate: TODAY } },
      attacker,
    );
    expect(forOther.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const { id, version } = before[0] as { id: string; version: number };
    const end = (target: string) =>
      stack.query<any>(`mutation ($id: ID!, $v: Int!, $d: LocalDate!) { endEnrollment(id: $id, version: $v, endDate: $d) { endDate } }`, { id: target, v: version, d: TODAY }, attacker);
    const nobody = randomUUID();
    const [other, random] = [await end(id), await end(nobody)];
    // The slice's refusal (as everywhere: "not in your institution's slice, or does not exist").
    expect(other.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(refusal(other, id)).toEqual(refusal(random, nobody));
    // A stale version on another school's row is refused alike, not CONFLICT with its version.
    const stale = await stack.query<any>(`mutation ($id: ID!) { endEnrollment(id: $id, version: 999, endDate: "${TODAY}") { endDate } }`, { id }, attacker);
    expect(refusal(stale, id)).toEqual(refusal(random, nobody));
    expect(await rows('enrollment', victim)).toEqual(before);
    expect(await count('enrollment')).toBe(total);
  });

  it('a PMI centre that declares another centre’s child: same receipt as for a random id, its slice unchanged, the other follow-up untouched', async () => {
    const victim = childId(toddler(VICTIM_CENTRE));
    const attacker = seeded('pmi', 'PMI', ATTACKER_CENTRE);
    const before = await rows('health_follow_up', victim);
    expect(before).toHaveLength(1);
    expect(before[0]).toMatchObject({ pmi_id: partnerId('PMI', VICTIM_CENTRE), status: 'CONFIRMED', end_date: null });
    const total = await count('health_follow_up');

    const input = (child: string) => ({ input: { childId: child, pmiId: attacker.partnerId, startDate: TODAY, reason: 'Suivi post-natal' } });
    const nobody = randomUUID();
    const real = await stack.query<any>(FOLLOW, input(victim), attacker);
    const random = await stack.query<any>(FOLLOW, input(nobody), attacker);
    expect(real.errors).toBeUndefined();
    expect(real.data.startHealthFollowUp).toMatchObject({ status: 'DECLARED', endDate: null, pmiCentre: { id: attacker.partnerId } });
    expect(receipt(real)).toEqual(receipt(random));

    const read = await stack.query<any>(FILE, { id: victim }, attacker);
    const readNobody = await stack.query<any>(FILE, { id: nobody }, attacker);
    expect(read.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
    expect(refusal(read, victim)).toEqual(refusal(readNobody, nobody));
    expect(await freshSlice('pmi', attacker.partnerId)).not.toContain(victim);

    expect((await rows('health_follow_up', victim)).filter((r: any) => r.status === 'CONFIRMED')).toEqual(before);
    expect(await count('health_follow_up')).toBe(total + 2);
    expect(await freshSlice('pmi', partnerId('PMI', VICTIM_CENTRE))).toContain(victim);

    // Ending the other centre's follow-up: as for a random id, and nothing changes.
    const { id, version } = before[0] as { id: string; version: number };
    const end = (target: string) =>
      stack.query<any>(`mutation ($id: ID!, $v: Int!) { endHealthFollowUp(id: $id, version: $v, endDate: "${TODAY}") { endDate } }`, { id: target, v: version }, attacker);
    const [other, unknown] = [await end(id), await end(nobody)];
    expect(other.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(refusal(other, id)).toEqual(refusal(unknown, nobody));
    expect((await rows('health_follow_up', victim)).filter((r: any) => r.status === 'CONFIRMED')).toEqual(before);
  });

  it('only the département lists, confirms and rejects declarations: a school’s signed principal is refused by the subgraph itself, and nothing changes', async () => {
    const school = principal(seeded('school', 'SCHOOL', ATTACKER_SCHOOL));
    const pending = await sql<{ id: string; version: number }>(db, `SELECT id, version FROM partners.enrollment WHERE status = 'DECLARED' ORDER BY id`);
    expect(pending.length).toBeGreaterThan(0);
    const list = await stack.querySubgraph<any>('partners', `{ enrollmentDeclarations(first: 10) { nodes { id } } }`, {}, school);
    expect(list.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const confirm = await stack.querySubgraph<any>('partners', `mutation ($id: ID!, $v: Int!) { confirmEnrollment(id: $id, version: $v) { status } }`, { id: pending[0]!.id, v: pending[0]!.version }, school);
    expect(confirm.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    // Through the gateway the school's contract has no such field at all.
    const viaGateway = await stack.query<any>(`mutation ($id: ID!, $v: Int!) { confirmEnrollment(id: $id, version: $v) { status } }`, { id: pending[0]!.id, v: pending[0]!.version }, seeded('school', 'SCHOOL', ATTACKER_SCHOOL));
    expect(viaGateway.status).toBe(400);
    expect(await sql(db, `SELECT id, version FROM partners.enrollment WHERE status = 'DECLARED' ORDER BY id`)).toEqual(pending);
  });

  it('the département lists pending declarations page by page, rejects one naming no child, and confirms one: the child enters the school’s slice, the old enrolment ends the day before', async () => {
    const first = await stack.query<any>(`{ enrollmentDeclarations(first: 2) { nodes { id version status child { id } school { id } } pageInfo { hasNextPage endCursor } } }`);
    expect(first.errors).toBeUndefined();
    const rest = await stack.query<any>(`query ($after: String!) { enrollmentDeclarations(first: 100, after: $after) { nodes { id version status } } }`, {
      after: first.data.enrollmentDeclarations.pageInfo.endCursor,
    });
    const declared = [...first.data.enrollmentDeclarations.nodes, ...rest.data.enrollmentDeclarations.nodes];
    expect(first.data.enrollmentDeclarations.pageInfo.hasNextPage).toBe(true);
    expect(new Set(declared.map((d: any) => d.id)).size).toBe(4);
    expect(declared.every((d: any) => d.status === 'DECLARED')).toBe(true);

    // A declaration naming no child: the département cannot confirm it; it rejects it.
    const all = await sql<{ id: string; version: number; child_id: string }>(db, `SELECT id, version, child_id FROM partners.enrollment WHERE status = 'DECLARED'`);
    const children = new Set((await sql<{ id: string }>(db, `SELECT id FROM cases.child`)).map((c) => c.id));
    const ghost = all.find((d) => !children.has(d.child_id))!;
    const confirmGhost = await stack.query<any>(`mutation ($id: ID!, $v: Int!) { confirmEnrollment(id: $id, version: $v) { status } }`, { id: ghost.id, v: ghost.version });
    expect(confirmGhost.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'id' });
    const rejected = await stack.query<any>(`mutation ($id: ID!, $v: Int!) { rejectEnrollment(id: $id, version: $v, reason: "Enfant inconnu") { status rejectionReason decidedAt } }`, {
      id: ghost.id,
      v: ghost.version,
    });
    expect(rejected.data.rejectEnrollment).toMatchObject({ status: 'REJECTED', rejectionReason: 'Enfant inconnu' });

    // A new school (no request before: its slice is computed afresh) declares a pupil of another school.
    const index = pupil(VICTIM_SCHOOL, 2);
    const child = childId(index);
    const newSchool = seeded('school', 'SCHOOL', NEW_SCHOOL);
    const declaration = await stack.query<any>(`mutation ($input: EnrollChildInput!) { enrollChild(input: $input) { id version status } }`, {
      input: { childId: child, schoolId: newSchool.partnerId, schoolYear: '2026-2027', classLevel: 'CE2', startDate: TODAY },
    }, newSchool);
    expect(declaration.data.enrollChild.status).toBe('DECLARED');
    const confirmed = await stack.query<any>(`mutation ($id: ID!, $v: Int!) { confirmEnrollment(id: $id, version: $v) { status decidedAt school { id } child { id } } }`, {
      id: declaration.data.enrollChild.id,
      v: declaration.data.enrollChild.version,
    });
    expect(confirmed.errors).toBeUndefined();
    expect(confirmed.data.confirmEnrollment).toMatchObject({ status: 'CONFIRMED', school: { id: newSchool.partnerId }, child: { id: child } });
    const history = await rows('enrollment', child);
    expect(history.map((r: any) => [r.school_id, r.status, r.end_date]).sort()).toEqual(
      [
        [partnerId('SCHOOL', VICTIM_SCHOOL), 'CONFIRMED', YESTERDAY],
        [newSchool.partnerId, 'CONFIRMED', null],
      ].sort(),
    );
    expect(await freshSlice('school', newSchool.partnerId)).toContain(child);
    expect(await freshSlice('school', partnerId('SCHOOL', VICTIM_SCHOOL))).not.toContain(child);
    const read = await stack.query<any>(`query ($id: ID!) { child(id: $id) { id lastName } }`, { id: child }, newSchool);
    expect(read.errors).toBeUndefined();
    expect(read.data.child.id).toBe(child);
    // Decided once: a second confirmation is refused.
    const again = await stack.query<any>(`mutation ($id: ID!, $v: Int!) { confirmEnrollment(id: $id, version: $v) { status } }`, {
      id: declaration.data.enrollChild.id,
      v: declaration.data.enrollChild.version + 1,
    });
    expect(again.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'id' });
  });

  it('the département confirms a PMI centre’s declaration: the child enters its slice, the other centre’s follow-up ends the day before', async () => {
    const child = childId(toddler(VICTIM_CENTRE));
    const attacker = seeded('pmi', 'PMI', ATTACKER_CENTRE);
    const pending = await stack.query<any>(`{ healthFollowUpDeclarations(first: 100) { nodes { id version child { id } pmiCentre { id } } } }`);
    const mine = pending.data.healthFollowUpDeclarations.nodes.find((d: any) => d.child.id === child);
    expect(mine.pmiCentre.id).toBe(attacker.partnerId);
    const confirmed = await stack.query<any>(`mutation ($id: ID!, $v: Int!) { confirmHealthFollowUp(id: $id, version: $v) { status } }`, { id: mine.id, v: mine.version });
    expect(confirmed.data.confirmHealthFollowUp.status).toBe('CONFIRMED');
    const history = await rows('health_follow_up', child);
    expect(history.map((r: any) => [r.pmi_id, r.status, r.end_date]).sort()).toEqual(
      [
        [partnerId('PMI', VICTIM_CENTRE), 'CONFIRMED', YESTERDAY],
        [attacker.partnerId, 'CONFIRMED', null],
      ].sort(),
    );
    expect(await freshSlice('pmi', attacker.partnerId)).toContain(child);
    expect(await freshSlice('pmi', partnerId('PMI', VICTIM_CENTRE))).not.toContain(child);
  });
});
