import { randomUUID } from 'node:crypto';
import type { Audience, ChildScope, Principal, ScopeResolver } from '@passerelle/common';
import { ARCHIVE_CONDITIONS, placementsRowPolicy } from './row-policy';

/** The decisions of the row policy, without a database: what each audience reads and writes. */

const ME = randomUUID();
const OTHER = randomUUID();
const PLACED = randomUUID();
const STRANGER = randomUUID();

const scope: ScopeResolver = {
  childScope: async (): Promise<ChildScope> => ({ kind: 'children', ids: [PLACED] }),
  local: async () => [],
  askPeer: async () => {
    throw new Error('the placements row policy asks no peer');
  },
};
/** A département principal is one of its managers (its caseworkers: `caseworker`). */
const policyOf = (audience: Audience | 'system') =>
  placementsRowPolicy(
    {
      sub: randomUUID(),
      partnerId: ME,
      audience,
      scopes: [],
      ...(audience === 'department' ? { department: { role: 'MANAGER' as const, teamId: null, communes: [] } } : {}),
    } satisfies Principal,
    scope,
  );
const caseworker = () =>
  placementsRowPolicy(
    { sub: randomUUID(), partnerId: ME, audience: 'department', scopes: [], department: { role: 'CASEWORKER', teamId: OTHER, communes: ['44109'] } },
    scope,
  );

const fosterFamily = (operatorId: string) => ({ confidentialAddress: true, operatorId });
const home = { confidentialAddress: false, operatorId: OTHER };
const code = (fn: () => unknown) => {
  try {
    fn();
    return 'allowed';
  } catch (error) {
    return (error as { extensions?: { code?: string } }).extensions?.code;
  }
};

describe('the placements row policy', () => {
  it('lets only the département, the operating association, and a judge for a family housing a child of its slice, read a foster family’s address', async () => {
    const readers = { department: 'yes', judge: 'if-housing', crip: 'no', association: 'no', school: 'no', pmi: 'no', prosecutor: 'no', analyst: 'no', snated: 'no' };
    for (const [audience, reads] of Object.entries(readers)) {
      expect([audience, (await policyOf(audience as Audience)).readsAddress(fosterFamily(OTHER))]).toEqual([audience, reads]);
    }
    const judge = await policyOf('judge');
    expect(judge.housing).toEqual({ sql: 'w.end_date IS NULL AND w.child_id = ANY(:__scopeChildren)', params: { __scopeChildren: [PLACED] } });
    expect(judge.readsAddress(home)).toBe('yes');
    expect((await policyOf('department')).housing.sql).toBe('false');
    const association = await policyOf('association');
    expect(association.readsAddress(fosterFamily(ME))).toBe('yes');
    expect(association.readsAddress(home)).toBe('yes');
    expect((await policyOf('crip')).readsAddress(home)).toBe('yes');
    expect((await policyOf('school')).readsAddress(home)).toBe('no');
  });

  it('reads every row for the département and the CRIP, nothing for the audiences with no placement data', async () => {
    for (const audience of ['department', 'crip', 'system'] as const) {
      // Every row but the archive (issue 15): facilities are no one's file; the rest, the archive's condition alone.
      const read = (await policyOf(audience)).read;
      expect(read).toEqual({ facilities: null, ...ARCHIVE_CONDITIONS });
    }
    for (const audience of ['school', 'pmi', 'prosecutor', 'analyst', 'snated'] as const) {
      expect(Object.values((await policyOf(audience)).read).map((c) => c?.sql)).toEqual(['false', 'false', 'false', 'false', 'false']);
    }
  });

  it('scopes a judge’s placements and visit rights to its slice, an association’s placements to its facilities', async () => {
    const judge = await policyOf('judge');
    expect(judge.read.facilities).toBeNull();
    expect(judge.read.placements?.params).toEqual({ __scopeChildren: [PLACED] });
    const association = await policyOf('association');
    expect(association.read.facilities).toEqual({ sql: 'w.operator_id = :__operator', params: { __operator: ME } });
    expect(association.read.placements?.params).toEqual({ __operator: ME });
    expect(association.read.visitRights?.params).toEqual({ __scopeChildren: [PLACED] });
    expect(association.read.visits?.sql).toMatch(/visit_right/);
  });

  it('words a record out of scope the same whether it exists or not; NOT_FOUND where every row is visible', async () => {
    const association = await policyOf('association');
    expect(association.unseen('placements', 'Placement', randomUUID()).extensions.code).toBe('FORBIDDEN');
    expect(association.unseen('placements', 'Placement', randomUUID()).message).toBe(association.unseen('placements', 'Placement', randomUUID()).message);
    expect((await policyOf('judge')).unseen('facilities', 'Facility', randomUUID()).extensions.code).toBe('NOT_FOUND');
    expect((await policyOf('department')).unseen('placements', 'Placement', randomUUID()).extensions.code).toBe('NOT_FOUND');
  });

  it('leaves writes to the département, and visit rights of its slice to a judge', async () => {
    const department = await policyOf('department');
    expect(code(() => department.requireNewRowFor('placements', STRANGER))).toBe('allowed');
    expect(department.writable('returnHomePlans')).toBeNull();
    const judge = await policyOf('judge');
    expect(code(() => judge.requireNewRowFor('visitRights', PLACED))).toBe('allowed');
    expect(code(() => judge.requireNewRowFor('visitRights', STRANGER))).toBe('FORBIDDEN');
    expect(judge.writable('visits')?.params).toEqual({ __scopeChildren: [PLACED] });
    expect(code(() => judge.writable('placements'))).toBe('FORBIDDEN');
    expect(code(() => judge.requireNewRowFor('returnHomePlans', PLACED))).toBe('FORBIDDEN');
    for (const audience of ['association', 'crip', 'school'] as const) {
      const policy = await policyOf(audience);
      for (const rows of ['facilities', 'placements', 'visitRights', 'visits', 'returnHomePlans'] as const) {
        expect([audience, rows, code(() => policy.writable(rows))]).toEqual([audience, rows, 'FORBIDDEN']);
      }
    }
  });

  it('bounds a département caseworker’s reads and writes to the children of their slice, and confidential addresses to where they live', async () => {
    const policy = await caseworker();
    for (const rows of ['placements', 'visitRights', 'returnHomePlans'] as const) {
      expect(policy.read[rows]?.params).toEqual({ __scopeChildren: [PLACED] });
      expect(policy.writable(rows)?.params).toEqual({ __scopeChildren: [PLACED] });
    }
    expect(policy.read.visits?.sql).toContain('placements.visit_right');
    expect(policy.read.facilities).toBeNull();
    expect(policy.unseen('placements', 'Placement', randomUUID()).extensions.code).toBe('FORBIDDEN');
    expect(code(() => policy.requireNewRowFor('placements', PLACED))).toBe('allowed');
    expect(code(() => policy.requireNewRowFor('placements', STRANGER))).toBe('FORBIDDEN');
    expect(policy.readsAddress(fosterFamily(OTHER))).toBe('if-housing');
    expect(policy.housing.sql).toContain('w.end_date IS NULL');
  });
});
