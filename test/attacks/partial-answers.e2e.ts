import { Client } from 'pg';
import { seeded, startTestStack, type GraphQLResponse, type TestStack } from '../support/stack';
import { SETUP_TIMEOUT_MS } from '../support/timeouts';

/**
 * A field that the institution's agreements do not grant comes back null with one FORBIDDEN error
 * at its path, and nothing else of the answer goes with it: before, a refused non-null name nulled
 * the pupil, then the list, then the whole answer. The agreements are narrowed in the database
 * before the institution's first request, so the gateway's directory sees them as they are.
 */
async function sql(url: string, text: string, params: unknown[] = []): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(text, params);
  } finally {
    await client.end();
  }
}

const SCHOOL = seeded('school', 'SCHOOL', 0);
const ASSOCIATION = seeded('association', 'ASSOCIATION', 0);

type Pupil = { id: string; firstNames: string | null; lastName: string | null; birthDate: string | null; currentEnrollment: { classLevel: string; schoolYear: string } | null };

/** The errors of an answer, as `path: code`, sorted. */
const refusals = (result: GraphQLResponse) => (result.errors ?? []).map((e) => `${e.path?.join('.')}: ${String(e.extensions?.code)}`).sort();

describe('partial answers: a field a grant refuses is null with FORBIDDEN, its parents stay', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack({ children: 40 });
    await sql(stack.databaseUrl, `UPDATE partners.agreement SET data_categories = array_remove(data_categories, 'CHILD_IDENTITY') WHERE partner_id = $1`, [SCHOOL.partnerId]);
    await sql(stack.databaseUrl, `UPDATE partners.agreement SET data_categories = array_remove(data_categories, 'MEASURES') WHERE partner_id = $1`, [ASSOCIATION.partnerId]);
  }, SETUP_TIMEOUT_MS);
  afterAll(() => stack?.stop());

  const pupilFields = 'id firstNames lastName birthDate currentEnrollment { classLevel schoolYear }';

  it('a school granted SCHOOLING but not CHILD_IDENTITY lists its pupils: identity null, schooling present, one FORBIDDEN per refused path', async () => {
    const result = await stack.query<{ children: { nodes: Pupil[] } }>(`{ children(first: 50) { nodes { ${pupilFields} } } }`, {}, SCHOOL);
    const pupils = result.data!.children.nodes;
    expect(pupils.length).toBeGreaterThan(0);
    for (const pupil of pupils) {
      expect(pupil).toMatchObject({ id: expect.any(String), firstNames: null, lastName: null, birthDate: null });
      expect(pupil.currentEnrollment).toEqual({ classLevel: expect.any(String), schoolYear: expect.any(String) });
    }
    expect(refusals(result)).toEqual(
      pupils.flatMap((_, i) => ['firstNames', 'lastName', 'birthDate'].map((f) => `children.nodes.${i}.${f}: FORBIDDEN`)).sort(),
    );
    expect(result.errors!.every((e) => /\(CHILD_IDENTITY\) is not granted by your institution’s data-sharing agreements/.test(e.message))).toBe(true);
  });

  it('searching children by name needs the identity grant itself: without it, the search is refused alike for a pupil’s name and any other', async () => {
    // A pupil's family name, as the département reads it: a search by it must not tell the
    // school which of its pupils bears it.
    const known = await stack.query<{ partner: { enrollments: { nodes: { child: { lastName: string } }[] } } }>(
      `query ($id: ID!) { partner(id: $id) { enrollments(first: 1) { nodes { child { lastName } } } } }`,
      { id: SCHOOL.partnerId },
    );
    const name = known.data!.partner.enrollments.nodes[0]!.child.lastName;
    const search = (n: string) =>
      stack.query<{ searchChildren: { nodes: Pupil[] } | null }>(
        `query ($name: String) { name: __typename searchChildren(name: $name, first: 50) { nodes { ${pupilFields} } } }`,
        { name: n },
        SCHOOL,
      );
    const [real, other] = await Promise.all([search(name), search('Zzyzx')]);
    expect(real.data).toEqual({ name: 'Query', searchChildren: null });
    expect(refusals(real)).toEqual(['searchChildren: FORBIDDEN']);
    expect({ data: other.data, errors: other.errors }).toEqual({ data: real.data, errors: real.errors });
  });

  it('deep in the answer, only the refused leaf goes: the enrolment and the child’s id stay', async () => {
    const result = await stack.query<{ partner: { enrollments: { nodes: { classLevel: string; child: { id: string; lastName: string | null } }[] } } }>(
      `query ($id: ID!) { partner(id: $id) { name enrollments(first: 50) { nodes { classLevel child { id lastName } } } } }`,
      { id: SCHOOL.partnerId },
      SCHOOL,
    );
    const enrollments = result.data!.partner.enrollments.nodes;
    expect(enrollments.length).toBeGreaterThan(0);
    expect(enrollments.every((e) => e.classLevel && e.child.id && e.child.lastName === null)).toBe(true);
    expect(refusals(result)).toEqual(enrollments.map((_, i) => `partner.enrollments.nodes.${i}.child.lastName: FORBIDDEN`).sort());
  });

  it('an association without MEASURES sees its children’s placements, their measures null, the measure a placement carries out reduced to its id', async () => {
    const result = await stack.query<{
      children: { nodes: { id: string; lastName: string | null; measures: unknown; currentPlacement: { startDate: string; measure: { id: string; kind: string | null } | null } | null }[] };
    }>(`{ children(first: 50) { nodes { id lastName measures { nodes { kind } } currentPlacement { startDate measure { id kind } } } } }`, {}, ASSOCIATION);
    const children = result.data!.children.nodes;
    expect(children.length).toBeGreaterThan(0);
    const expected: string[] = [];
    children.forEach((child, i) => {
      expect(child.lastName).toEqual(expect.any(String));
      expect(child.measures).toBeNull();
      expected.push(`children.nodes.${i}.measures: FORBIDDEN`);
      if (child.currentPlacement?.measure) {
        expect(child.currentPlacement.measure).toEqual({ id: expect.any(String), kind: null });
        expected.push(`children.nodes.${i}.currentPlacement.measure.kind: FORBIDDEN`);
      }
    });
    expect(children.some((c) => c.currentPlacement?.measure)).toBe(true);
    expect(refusals(result)).toEqual(expected.sort());
  });

  it('an institution whose agreements grant the field gets it, with no error', async () => {
    const result = await stack.query<{ children: { nodes: Pupil[] } }>(`{ children(first: 50) { nodes { ${pupilFields} } } }`, {}, seeded('school', 'SCHOOL', 1));
    expect(result.errors).toBeUndefined();
    expect(result.data!.children.nodes.every((p) => typeof p.lastName === 'string')).toBe(true);
  });
});
