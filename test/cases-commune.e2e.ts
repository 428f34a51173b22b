import { childId, childProfile, type SeedPlan } from '@passerelle/common';
import { data, error, run } from './cases-support';
import { seeded, startTestStack, type TestStack } from './support/stack';
import { SETUP_TIMEOUT_MS } from './support/timeouts';

/** The child's commune of residence (INSEE code): seeded, written, validated, read per audience. */

const PLAN: SeedPlan = { children: 20, today: '2026-11-01' };

describe('the child’s commune of residence (Child.communeCode)', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack(PLAN);
  }, SETUP_TIMEOUT_MS);
  afterAll(() => stack?.stop());

  it('is seeded from childProfile(plan, i).commune', async () => {
    for (let i = 0; i < PLAN.children; i++) {
      const child = (await run(stack, `query ($id: ID!) { child(id: $id) { communeCode } }`, { id: childId(i) })).child;
      expect(child.communeCode).toBe(childProfile(PLAN, i).commune.code);
    }
  });

  it('is set by createChild, changed and cleared by updateChild', async () => {
    const created = (await run(stack, `mutation ($input: CreateChildInput!) { createChild(input: $input) { id version communeCode } }`, {
      input: { firstNames: 'Inès', lastName: 'Commune', birthDate: '2015-04-02', sex: 'F', communeCode: '44184' },
    })).createChild;
    expect(created.communeCode).toBe('44184');
    const update = (input: Record<string, unknown>) =>
      stack.query<any>(`mutation ($input: UpdateChildInput!) { updateChild(input: $input) { version communeCode lastName } }`, { input });
    const moved = data(await update({ id: created.id, version: created.version, communeCode: '2A004' })).updateChild;
    expect(moved.communeCode).toBe('2A004');
    const kept = data(await update({ id: created.id, version: moved.version, lastName: 'Commune-Autre' })).updateChild;
    expect(kept.communeCode).toBe('2A004');
    const cleared = data(await update({ id: created.id, version: kept.version, communeCode: null })).updateChild;
    expect(cleared.communeCode).toBeNull();
  });

  it('refuses what is not an INSEE commune code, naming the argument, and writes nothing', async () => {
    const count = async () => Number((await stack.subgraphs.cases!.db.dataSource.query(`SELECT count(*) AS n FROM cases.child`))[0].n);
    const before = await count();
    for (const code of ['4410', '441090', '44 109', 'Nantes', '2C004', '']) {
      const result = await stack.query(`mutation ($input: CreateChildInput!) { createChild(input: $input) { id } }`, {
        input: { firstNames: 'Noé', lastName: 'Refus', birthDate: '2014-01-01', sex: 'M', communeCode: code },
      });
      expect({ code, extensions: error(result).extensions }).toMatchObject({ code, extensions: { code: 'BAD_USER_INPUT', argument: 'input.communeCode' } });
    }
    expect(await count()).toBe(before);
    const child = (await run(stack, `query ($id: ID!) { child(id: $id) { version communeCode } }`, { id: childId(0) })).child;
    const result = await stack.query(`mutation ($input: UpdateChildInput!) { updateChild(input: $input) { id } }`, {
      input: { id: childId(0), version: child.version, communeCode: '441' },
    });
    expect(error(result).extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'input.communeCode' });
    expect((await run(stack, `query ($id: ID!) { child(id: $id) { version communeCode } }`, { id: childId(0) })).child).toEqual(child);
  });

  it('is child identity: in the school’s and judge’s contracts, not in the analyst’s', async () => {
    const field = async (audience: Parameters<typeof seeded>) => {
      const result = await stack.query<any>(`{ __type(name: "Child") { fields { name } } }`, {}, seeded(...audience));
      return (result.data?.__type?.fields ?? []).map((f: { name: string }) => f.name);
    };
    expect(await field(['school', 'SCHOOL', 0])).toContain('communeCode');
    expect(await field(['judge', 'COURT', 0])).toContain('communeCode');
    expect(await field(['analyst', 'OBSERVATORY', 0])).not.toContain('communeCode');
  });
});
