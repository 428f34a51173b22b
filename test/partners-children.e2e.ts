import { childId, childPmi, childSchool, partnerId, worldSize, type SeedPlan } from '@passerelle/common';
import { parisToday, plusDays } from '../subgraphs/partners/src/dates';
import { seeded, startTestStack, type TestStack } from './support/stack';
import { SETUP_TIMEOUT_MS } from './support/timeouts';

const PLAN: SeedPlan = { children: 400, today: '2026-11-01' };
const SIZE = worldSize(PLAN);
const TODAY = parisToday();
const YESTERDAY = plusDays(TODAY, -1);

/** The first seeded children enrolled in a school, and followed by a PMI centre. */
const pupils = Array.from({ length: PLAN.children }, (_, i) => i).filter((i) => childSchool(PLAN, SIZE, i) !== null);
const toddlers = Array.from({ length: PLAN.children }, (_, i) => i).filter((i) => childPmi(PLAN, SIZE, i) !== null);

const CHILDREN_WITH_SCHOOL_AND_PMI = /* GraphQL */ `
  query ($first: Int!) {
    children(first: $first) {
      nodes {
        id
        currentSchool { id name uai }
        currentEnrollment { classLevel schoolYear }
        enrollments(first: 3) { nodes { startDate endDate school { name } } }
        healthFollowUps(first: 3) { nodes { reason startDate pmiCentre { name kind } } }
        currentHealthFollowUp { reason }
      }
    }
  }
`;

describe('a child’s school and PMI follow-up, through the gateway', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack(PLAN);
  }, SETUP_TIMEOUT_MS);
  afterAll(() => stack?.stop());

  it('shows each child’s current school and PMI centre as the seed world says', async () => {
    const result = await stack.query<any>(CHILDREN_WITH_SCHOOL_AND_PMI, { first: 100 });
    expect(result.errors).toBeUndefined();
    const byId = new Map(result.data.children.nodes.map((c: any) => [c.id, c]));
    let checked = 0;
    for (let i = 0; i < PLAN.children; i++) {
      const child: any = byId.get(childId(i));
      if (!child) continue;
      const school = childSchool(PLAN, SIZE, i);
      expect(child.currentSchool?.id ?? null).toBe(school === null ? null : partnerId('SCHOOL', school));
      expect(child.enrollments.nodes).toHaveLength(school === null ? 0 : 1);
      const pmi = childPmi(PLAN, SIZE, i);
      expect(child.healthFollowUps.nodes).toHaveLength(pmi === null ? 0 : 1);
      if (pmi !== null) {
        expect(child.healthFollowUps.nodes[0].pmiCentre.kind).toBe('PMI');
        expect(child.currentHealthFollowUp.reason).toBe(child.healthFollowUps.nodes[0].reason);
      }
      checked++;
    }
    expect(checked).toBe(100);
  });

  it('costs the same statements for 10 children as for 100', async () => {
    stack.resetStatements();
    const small = await stack.query(CHILDREN_WITH_SCHOOL_AND_PMI, { first: 10 });
    const forTen = stack.statements();
    stack.resetStatements();
    const large = await stack.query(CHILDREN_WITH_SCHOOL_AND_PMI, { first: 100 });
    const forHundred = stack.statements();
    expect(small.errors).toBeUndefined();
    expect(large.errors).toBeUndefined();
    expect(forHundred).toEqual(forTen);
    // partners: enrolments, then their schools by id; current enrolments with their schools;
    // follow-ups with their centres; current follow-ups with their centres.
    expect(forHundred).toEqual({ cases: 1, placements: 0, partners: 5 });
  });

  it('a pupil who changes school leaves the old school’s slice the day they start at the new one', async () => {
    const i = pupils[0]!;
    const oldSchool = partnerId('SCHOOL', childSchool(PLAN, SIZE, i)!);
    const newSchool = partnerId('SCHOOL', (childSchool(PLAN, SIZE, i)! + 1) % SIZE.schools);
    // Schooling is the school's to write (matrix: school RW, département R): the new school
    // declares the enrolment, and it is in force once the département confirms it.
    const enrolled = await stack.query<any>(
      `mutation ($input: EnrollChildInput!) { enrollChild(input: $input) { id version status startDate endDate school { id } } }`,
      { input: { childId: childId(i), schoolId: newSchool, schoolYear: '2026-2027', classLevel: 'CM1', startDate: TODAY } },
      seeded('school', 'SCHOOL', (childSchool(PLAN, SIZE, i)! + 1) % SIZE.schools),
    );
    expect(enrolled.errors).toBeUndefined();
    expect(enrolled.data.enrollChild).toMatchObject({ status: 'DECLARED', startDate: TODAY, endDate: null, school: { id: newSchool } });
    const confirmed = await stack.query<any>(`mutation ($id: ID!, $v: Int!) { confirmEnrollment(id: $id, version: $v) { status } }`, {
      id: enrolled.data.enrollChild.id,
      v: enrolled.data.enrollChild.version,
    });
    expect(confirmed.errors).toBeUndefined();
    expect(confirmed.data.confirmEnrollment).toEqual({ status: 'CONFIRMED' });

    const slice = async (school: string, on: string) =>
      (await stack.query<any>(`{ partner(id: "${school}") { enrollments(on: "${on}", first: 100) { nodes { child { id } } } } }`)).data.partner.enrollments.nodes.map(
        (n: any) => n.child.id,
      );
    expect(await slice(oldSchool, YESTERDAY)).toContain(childId(i));
    expect(await slice(oldSchool, TODAY)).not.toContain(childId(i));
    expect(await slice(newSchool, YESTERDAY)).not.toContain(childId(i));
    expect(await slice(newSchool, TODAY)).toContain(childId(i));
    const child = await stack.query<any>(`{ child(id: "${childId(i)}") { currentSchool { id } enrollments { nodes { endDate school { id } } } } }`);
    expect(child.data.child.currentSchool).toEqual({ id: newSchool });
    expect(child.data.child.enrollments.nodes).toEqual([
      { endDate: null, school: { id: newSchool } },
      { endDate: YESTERDAY, school: { id: oldSchool } },
    ]);
  });

  it('refuses an enrolment that is not in a school, or (at confirmation) that starts before the current one', async () => {
    const i = pupils[1]!;
    const enroll = (input: Record<string, unknown>) =>
      stack.query(
        `mutation ($input: EnrollChildInput!) { enrollChild(input: $input) { id } }`,
        { input: { childId: childId(i), schoolId: partnerId('SCHOOL', 0), schoolYear: '2026-2027', classLevel: 'CP', startDate: TODAY, ...input } },
        seeded('school', 'SCHOOL', 0),
      );
    // A school records enrolments in itself only (row policy): not in another institution.
    const elsewhere = await enroll({ schoolId: partnerId('PMI', 0) });
    expect(elsewhere.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN' });
    const otherSchool = await enroll({ schoolId: partnerId('SCHOOL', 1) });
    expect(otherSchool.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN' });
    const year = await enroll({ schoolYear: '2026-2028' });
    expect(year.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'input.schoolYear' });
    // A school's declaration looks at none of the child's other enrolments (that would tell it
    // about a child outside its slice): the département's confirmation does.
    const early = await stack.query<any>(
      `mutation ($input: EnrollChildInput!) { enrollChild(input: $input) { id version status } }`,
      { input: { childId: childId(i), schoolId: partnerId('SCHOOL', 0), schoolYear: '2026-2027', classLevel: 'CP', startDate: '2026-08-01' } },
      seeded('school', 'SCHOOL', 0),
    );
    expect(early.data.enrollChild.status).toBe('DECLARED');
    const confirm = await stack.query<any>(`mutation ($id: ID!, $v: Int!) { confirmEnrollment(id: $id, version: $v) { status } }`, {
      id: early.data.enrollChild.id,
      v: early.data.enrollChild.version,
    });
    expect(confirm.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'id' });
    const child = await stack.query<any>(`{ child(id: "${childId(i)}") { enrollments { nodes { endDate } } } }`);
    expect(child.data.child.enrollments.nodes).toEqual([{ endDate: null }]);
  });

  it('ends an enrolment with the version read; a stale version is CONFLICT and changes nothing', async () => {
    const i = pupils[2]!;
    const read = await stack.query<any>(`{ child(id: "${childId(i)}") { currentEnrollment { id version startDate } } }`);
    const { id, version } = read.data.child.currentEnrollment;
    const school = seeded('school', 'SCHOOL', childSchool(PLAN, SIZE, i)!);
    const end = (v: number, endDate: string) =>
      stack.query<any>(`mutation { endEnrollment(id: "${id}", version: ${v}, endDate: "${endDate}") { endDate version } }`, {}, school);
    const before = await end(version, '2026-08-31');
    expect(before.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'endDate' });
    const ended = await end(version, TODAY);
    expect(ended.data.endEnrollment).toEqual({ endDate: TODAY, version: version + 1 });
    const stale = await end(version, YESTERDAY);
    expect(stale.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', currentVersion: version + 1 });
    const after = await stack.query<any>(`{ child(id: "${childId(i)}") { enrollments { nodes { endDate } } } }`);
    expect(after.data.child.enrollments.nodes).toEqual([{ endDate: TODAY }]);
  });

  it('moves a toddler’s PMI follow-up to another centre, and ends one with optimistic locking', async () => {
    const i = toddlers[0]!;
    const oldCentre = partnerId('PMI', childPmi(PLAN, SIZE, i)!);
    const newCentre = partnerId('PMI', (childPmi(PLAN, SIZE, i)! + 1) % SIZE.pmiCentres);
    // Health follow-up is the PMI's to write (matrix: pmi RW, département R): the new centre
    // declares it, and it is in force once the département confirms it.
    const centre = seeded('pmi', 'PMI', (childPmi(PLAN, SIZE, i)! + 1) % SIZE.pmiCentres);
    const declared = await stack.query<any>(
      `mutation ($input: StartHealthFollowUpInput!) { startHealthFollowUp(input: $input) { id version status pmiCentre { id } } }`,
      { input: { childId: childId(i), pmiId: newCentre, startDate: TODAY, reason: 'Déménagement de la famille' } },
      centre,
    );
    expect(declared.errors).toBeUndefined();
    expect(declared.data.startHealthFollowUp.status).toBe('DECLARED');
    const started = await stack.query<any>(`mutation ($id: ID!, $v: Int!) { startHealthFollowUp: confirmHealthFollowUp(id: $id, version: $v) { id version status } }`, {
      id: declared.data.startHealthFollowUp.id,
      v: declared.data.startHealthFollowUp.version,
    });
    expect(started.errors).toBeUndefined();
    expect(started.data.startHealthFollowUp.status).toBe('CONFIRMED');
    const slice = async (centre: string, on: string) =>
      (await stack.query<any>(`{ partner(id: "${centre}") { healthFollowUps(on: "${on}", first: 100) { nodes { child { id } } } } }`)).data.partner.healthFollowUps.nodes.map(
        (n: any) => n.child.id,
      );
    expect(await slice(oldCentre, TODAY)).not.toContain(childId(i));
    expect(await slice(oldCentre, YESTERDAY)).toContain(childId(i));
    expect(await slice(newCentre, TODAY)).toContain(childId(i));
    const notPmi = await stack.query<any>(
      `mutation ($input: StartHealthFollowUpInput!) { startHealthFollowUp(input: $input) { id } }`,
      { input: { childId: childId(i), pmiId: partnerId('SCHOOL', 0), startDate: plusDays(TODAY, 1), reason: 'x' } },
      centre,
    );
    expect(notPmi.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN' });
    const { id, version } = started.data.startHealthFollowUp;
    const ended = await stack.query<any>(`mutation { endHealthFollowUp(id: "${id}", version: ${version}, endDate: "${TODAY}") { version endDate } }`, {}, centre);
    expect(ended.data.endHealthFollowUp).toEqual({ version: version + 1, endDate: TODAY });
    const stale = await stack.query<any>(`mutation { endHealthFollowUp(id: "${id}", version: ${version}, endDate: "${TODAY}") { version } }`, {}, centre);
    expect(stale.errors?.[0]?.extensions?.code).toBe('CONFLICT');
  });
});
