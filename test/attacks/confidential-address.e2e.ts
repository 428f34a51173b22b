import { partnerId, type Audience } from '@passerelle/common';
import { column, inForce, sql } from '../scope-cases-support';
import { DEPARTMENT, seeded, startTestStack, type GraphQLResponse, type TestStack } from '../support/stack';
import { sliceOf as sliceOfInstitution } from './support';

/**
 * Class 8 of issue 10: a foster family's confidential address (`Facility.address` and
 * `postalCode` when `confidentialAddress` is true) is read by the département, the operating
 * association, and a judge only while the family houses a child of its slice — never a family
 * that houses no child before its court, nor one a child of its has left. Anyone else gets null
 * and FORBIDDEN at the field's path, worded like any record outside a slice; the check is one
 * batched statement whatever the number of facilities.
 */
describe('attack: reading foster families’ confidential addresses beyond need', () => {
  let stack: TestStack;
  let db: string;
  beforeAll(async () => {
    stack = await startTestStack({ children: 400 });
    db = stack.databaseUrl;
  }, 180_000);
  afterAll(() => stack?.stop());

  const COURT = partnerId('COURT', 0);
  const judge = seeded('judge', 'COURT', 0);
  const sliceOf = (audience: Audience, id: string) => sliceOfInstitution(stack, audience, id);
  /** Confidential facilities housing now a child of `slice` (the oracle, straight from PostgreSQL). */
  const housing = (slice: string[]) =>
    column(db, `SELECT DISTINCT f.id::text AS v FROM placements.facility f JOIN placements.placement p ON p.facility_id = f.id
                 WHERE f.confidential_address AND p.end_date IS NULL AND p.child_id = ANY($1)`, [slice]);
  const confidential = () => column(db, `SELECT id::text AS v FROM placements.facility WHERE confidential_address`);
  const ADDRESS = `query ($id: ID!) { facility(id: $id) { id confidentialAddress address postalCode } }`;
  const forbiddenAt = (result: GraphQLResponse<any>) =>
    (result.errors ?? []).filter((e) => e.extensions?.code === 'FORBIDDEN').map((e) => e.path?.join('.')).sort();

  it('a judge reads the address of a family housing a child before its court, not of one housing none: null and FORBIDDEN there, in slice words', async () => {
    const slice = await sliceOf('judge', COURT);
    const mine = await housing(slice);
    const others = (await confidential()).filter((f) => !mine.includes(f));
    expect(mine.length).toBeGreaterThan(0);
    expect(others.length).toBeGreaterThan(0);

    const allowed = await stack.query<any>(ADDRESS, { id: mine[0] }, judge);
    expect(allowed.errors).toBeUndefined();
    expect(allowed.data.facility).toMatchObject({ confidentialAddress: true, address: expect.any(String), postalCode: expect.stringMatching(/^\d{5}$/) });

    const refused = await stack.query<any>(ADDRESS, { id: others[0] }, judge);
    expect(refused.data.facility).toEqual({ id: others[0], confidentialAddress: true, address: null, postalCode: null });
    expect(forbiddenAt(refused)).toEqual(['facility.address', 'facility.postalCode']);
    expect(refused.errors![0]!.message).toMatch(/not in your institution’s slice/);
    // The département reads it.
    expect((await stack.query<any>(ADDRESS, { id: others[0] }, DEPARTMENT)).data.facility.address).toEqual(expect.any(String));
  });

  it('a judge lists every facility: exactly the confidential addresses of families housing its children come back, in one batched statement for 5 or 60 facilities', async () => {
    const mine = new Set(await housing(await sliceOf('judge', COURT)));
    const LIST = `query ($first: Int!) { facilities(first: $first) { nodes { id confidentialAddress address } } }`;
    const count = async (first: number) => {
      stack.resetStatements();
      const result = await stack.query<any>(LIST, { first }, judge);
      return { result, statements: stack.statements().placements };
    };
    const few = await count(5);
    const many = await count(60);
    expect(many.statements).toBe(few.statements);
    const nodes: { id: string; confidentialAddress: boolean; address: string | null }[] = many.result.data.facilities.nodes;
    expect(nodes.some((n) => n.confidentialAddress && !mine.has(n.id))).toBe(true);
    for (const node of nodes) {
      const readable = !node.confidentialAddress || mine.has(node.id);
      expect([node.id, node.address !== null]).toEqual([node.id, readable]);
    }
    const refusedPaths = forbiddenAt(many.result);
    expect(refusedPaths.length).toBe(nodes.filter((n) => n.address === null).length);
  });

  it('a child that left a foster family no longer opens its address to the judge; the operating association still reads it', async () => {
    const slice = await sliceOf('judge', COURT);
    const [open] = await sql<{ id: string; facility_id: string; operator_id: string | null }>(
      db,
      `SELECT p.id::text, p.facility_id::text, f.operator_id::text FROM placements.placement p JOIN placements.facility f ON f.id = p.facility_id
        WHERE f.confidential_address AND p.end_date IS NULL AND p.child_id = ANY($1)
          AND NOT EXISTS (SELECT 1 FROM placements.placement q WHERE q.facility_id = p.facility_id AND q.end_date IS NULL AND q.id <> p.id AND q.child_id = ANY($1))
        ORDER BY p.id LIMIT 1`,
      [slice],
    );
    expect(open).toBeDefined();
    expect((await stack.query<any>(ADDRESS, { id: open!.facility_id }, judge)).data.facility.address).toEqual(expect.any(String));
    await sql(db, `UPDATE placements.placement SET end_date = start_date, end_reason = 'TRANSFER' WHERE id = $1`, [open!.id]);
    try {
      const after = await stack.query<any>(ADDRESS, { id: open!.facility_id }, judge);
      expect(after.data.facility.address).toBeNull();
      expect(forbiddenAt(after)).toEqual(['facility.address', 'facility.postalCode']);
      const index = Array.from({ length: 60 }, (_, i) => i).find((i) => partnerId('ASSOCIATION', i) === open!.operator_id);
      if (index !== undefined && inForce(index)) {
        const operator = await stack.query<any>(ADDRESS, { id: open!.facility_id }, seeded('association', 'ASSOCIATION', index));
        expect(operator.data.facility.address).toEqual(expect.any(String));
      }
    } finally {
      await sql(db, `UPDATE placements.placement SET end_date = NULL, end_reason = NULL WHERE id = $1`, [open!.id]);
    }
  });

  it('through its child’s placement, a judge reads the address of the family its child lives with now', async () => {
    const slice = await sliceOf('judge', COURT);
    const [placed] = await column(db, `SELECT p.child_id::text AS v FROM placements.placement p JOIN placements.facility f ON f.id = p.facility_id
                                         WHERE f.confidential_address AND p.end_date IS NULL AND p.child_id = ANY($1) ORDER BY 1 LIMIT 1`, [slice]);
    const result = await stack.query<any>(`query ($id: ID!) { child(id: $id) { currentPlacement { facility { confidentialAddress address } } } }`, { id: placed }, judge);
    expect(result.errors).toBeUndefined();
    expect(result.data.child.currentPlacement.facility).toEqual({ confidentialAddress: true, address: expect.any(String) });
  });
});
