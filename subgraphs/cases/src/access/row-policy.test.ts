import { AUDIENCES, canRead, canWrite, caseworkerOf, type DataCategory, type Principal, type ScopeResolver } from '@passerelle/common';
import { SignerRole } from '../plan/plan.enums';
import { ARCHIVE_CONDITIONS, casesRowPolicy, caseworkerSlice, type CasesReadRows, type CasesWriteRows } from './row-policy';

/** The matrix row each set of rows belongs to. */
const READ: Record<keyof CasesReadRows, DataCategory> = {
  children: 'CHILD_IDENTITY',
  people: 'PARENTAL_AUTHORITY',
  concerns: 'OWN_CONCERN_STATUS',
  concernLinksOfChild: 'CONCERN_CONTENT',
  childLinksOfConcern: 'CONCERN_CONTENT',
  evaluations: 'EVALUATION_REPORTS',
  referrals: 'EVALUATION_REPORTS',
  measures: 'MEASURES',
  hearings: 'MEASURES',
  plans: 'CHILD_PLAN_OBJECTIVES',
  planNeeds: 'CHILD_PLAN_OBJECTIVES',
  planObjectives: 'CHILD_PLAN_OBJECTIVES',
  planActions: 'CHILD_PLAN_OBJECTIVES',
  planReviews: 'CHILD_PLAN_OBJECTIVES',
  reports: 'SITUATION_REPORTS',
  timeline: 'CASE_FILE',
  familyAgreements: 'FAMILY_AGREEMENTS',
  breakGlass: 'BREAK_GLASS',
};
const WRITE: Record<keyof CasesWriteRows, DataCategory> = {
  child: 'CHILD_IDENTITY',
  guardians: 'PARENTAL_AUTHORITY',
  contactPersons: 'PARENTAL_AUTHORITY',
  concerns: 'CONCERN_CONTENT',
  evaluations: 'EVALUATION_REPORTS',
  referrals: 'REFERRAL_DECISION',
  measures: 'MEASURES',
  hearings: 'MEASURES',
  plans: 'CHILD_PLAN_OBJECTIVES',
  planFor: 'CHILD_PLAN_OBJECTIVES',
  reports: 'SITUATION_REPORTS',
  familyAgreements: 'FAMILY_AGREEMENTS',
};
/** Rows that follow a record already in scope (a plan's parts). */
const FOLLOWING = new Set(['planNeeds', 'planObjectives', 'planActions', 'planReviews']);

const ME = '11111111-1111-4111-8111-111111111111';
const SLICE = ['22222222-2222-4222-8222-222222222222'];
const asked: unknown[] = [];
const scope = {
  childScope: async () => ({ kind: 'children', ids: SLICE }),
  local: async () => [],
  askPeer: async (subgraph: string, _query: string, variables: unknown) => {
    asked.push([subgraph, variables]);
    return { _partnersCourtJurisdiction: ['44109', '44047'] };
  },
} as unknown as ScopeResolver;
/** A département principal is one of its managers here (its caseworkers: below). */
const principal = (audience: Principal['audience']): Principal => ({
  sub: 'm',
  partnerId: ME,
  audience,
  scopes: [],
  ...(audience === 'department' ? { department: { role: 'MANAGER' as const, teamId: null, communes: [] } } : {}),
});
const MEMBER = '44444444-4444-4444-8444-444444444444';
const caseworker = (department?: Principal['department']): Principal => ({ sub: MEMBER, partnerId: ME, audience: 'department', scopes: [], department });
const caseworkerScope = {
  ...scope,
  childScope: async (p: Principal) => caseworkerSlice(caseworkerOf(p)!),
} as unknown as ScopeResolver;

describe('the cases row policy', () => {
  const scoped = AUDIENCES.filter((a) => a !== 'department' && a !== 'crip');

  it('gives the whole département, the CRIP and Passerelle every row, but the CRIP no family agreement', async () => {
    for (const audience of ['department', 'crip', 'system'] as const) {
      const policy = await casesRowPolicy(principal(audience), scope);
      expect(policy.whole).toBe(true);
      // Every row but the archive (issue 15): the archive's own condition, exactly, and nothing else.
      const archive = ARCHIVE_CONDITIONS as Record<string, { sql: string }>;
      const open = (rows: object) =>
        Object.entries(rows).filter(([key, c]) => c !== null && c.sql !== archive[key]?.sql).map(([key, c]) => [key, c.sql]);
      const closed = audience === 'crip' ? [['familyAgreements', 'false']] : [];
      expect([audience, open(policy.read), open(policy.write)]).toEqual([audience, closed, closed]);
      expect(policy.absent('Child', ME).extensions.code).toBe('NOT_FOUND');
    }
  });

  it('opens no row the matrix does not grant, and bounds every row it does grant', async () => {
    for (const audience of scoped) {
      const policy = await casesRowPolicy(principal(audience), scope);
      expect(policy.absent('Child', ME).extensions.code).toBe('FORBIDDEN');
      for (const [rows, categories, granted] of [
        [policy.read, READ, canRead],
        [policy.write, WRITE, canWrite],
      ] as const) {
        for (const [key, condition] of Object.entries(rows)) {
          const category = (categories as Record<string, DataCategory>)[key]!;
          if (!granted(audience, category)) expect([audience, key, condition?.sql]).toEqual([audience, key, 'false']);
          else if (!FOLLOWING.has(key)) expect([audience, key, condition]).not.toEqual([audience, key, null]);
        }
      }
    }
  });

  it('narrows a school’s and a PMI centre’s plans to their domain, and keeps reviews from them', async () => {
    for (const [audience, domain] of [['school', 'SCHOOLING'], ['pmi', 'HEALTH']] as const) {
      const { read } = await casesRowPolicy(principal(audience), scope);
      expect(read.planNeeds?.params).toEqual({ __domain: domain });
      expect(read.planObjectives?.params).toEqual({ __domain: domain });
      expect(read.planActions?.params).toEqual({ __domain: domain });
      expect(read.planReviews?.sql).toBe('false');
    }
  });

  it('records a concern in the sender’s own name, and lets only the département sign as the département', async () => {
    const school = await casesRowPolicy(principal('school'), scope);
    expect(school.concernSource(undefined)).toBe(ME);
    expect(school.concernSource(ME.toUpperCase())).toBe(ME);
    expect(() => school.concernSource('33333333-3333-4333-8333-333333333333')).toThrow(/own name/);
    const department = await casesRowPolicy(principal('department'), scope);
    expect(department.concernSource('33333333-3333-4333-8333-333333333333')).toBe('33333333-3333-4333-8333-333333333333');
    expect(() => school.requireSignerRole(SignerRole.DEPARTMENT)).toThrow(/only the département/);
    expect(() => school.requireSignerRole(SignerRole.CARER)).not.toThrow();
    const judge = await casesRowPolicy(principal('judge'), scope);
    expect(() => judge.requireCourt('33333333-3333-4333-8333-333333333333')).toThrow(/own court/);
    expect(() => judge.requireCourt(ME)).not.toThrow();
  });

  it('lets a judge open a measure or a hearing only for a child before its court or living in its jurisdiction, and nobody else but the département', async () => {
    const judge = await casesRowPolicy(principal('judge'), scope);
    const condition = await judge.newCaseFor();
    expect(condition?.sql).toBe("((w.id = ANY(:__scopeChildren)) OR (w.commune_code = ANY(:__jurisdiction)))");
    expect(condition?.params).toEqual({ __scopeChildren: SLICE, __jurisdiction: ['44109', '44047'] });
    expect(asked).toContainEqual(['partners', { courtId: ME }]);
    for (const audience of scoped.filter((a) => a !== 'judge')) {
      expect([audience, (await (await casesRowPolicy(principal(audience), scope)).newCaseFor())?.sql]).toEqual([audience, 'false']);
    }
    for (const audience of ['department', 'crip', 'system'] as const) {
      expect(await (await casesRowPolicy(principal(audience), scope)).newCaseFor()).toBeNull();
    }
  });

  it('bounds every row of a département caseworker to their slice, as a predicate on the team’s communes, caseload and grants', async () => {
    const policy = await casesRowPolicy(caseworker({ role: 'CASEWORKER', teamId: ME, communes: ['44109', '44020'] }), caseworkerScope);
    expect(policy.whole).toBe(false);
    expect(policy.absent('Child', ME).extensions.code).toBe('FORBIDDEN');
    for (const [key, condition] of [...Object.entries(policy.read), ...Object.entries(policy.write)]) {
      if (FOLLOWING.has(key)) continue;
      expect([key, condition]).not.toEqual([key, null]);
      if (key !== 'breakGlass') expect([key, condition!.sql]).toEqual([key, expect.stringContaining('cases.child_referent')]);
    }
    expect(policy.read.children!.params).toEqual({ __cwCommunes: ['44020', '44109'], __cwMember: MEMBER });
    expect(policy.read.breakGlass!.params).toEqual({ __cwSelf: MEMBER });
    // What the département states and signs stays the département's.
    expect(policy.concernSource('33333333-3333-4333-8333-333333333333')).toBe('33333333-3333-4333-8333-333333333333');
    expect(() => policy.requireSignerRole(SignerRole.DEPARTMENT)).not.toThrow();
    expect((await policy.newCaseFor())?.sql).toContain('cases.child_referent');
  });

  it('lists the children of a slice known by its ids as probes of those ids, archive excluded, and narrows a batch by id to them', async () => {
    for (const audience of ['school', 'pmi', 'association'] as const) {
      const { read, write } = await casesRowPolicy(principal(audience), scope);
      expect([audience, read.children?.sql, read.children?.params]).toEqual([
        audience,
        '(w.id IN (SELECT unnest(CAST(:__scopeChildren AS uuid[])))) AND (NOT EXISTS (SELECT 1 FROM cases.archived_child archive_mark WHERE archive_mark.child_id = w.id))',
        { __scopeChildren: SLICE },
      ]);
      // A batch of children by id keeps the slice's ids only, and sends the archive condition alone.
      expect(read.children?.within?.column).toBe('id');
      expect([...read.children!.within!.ids]).toEqual(SLICE);
      expect(read.children?.within?.rest?.sql).toBe('NOT EXISTS (SELECT 1 FROM cases.archived_child archive_mark WHERE archive_mark.child_id = w.id)');
      if (audience === 'association') expect(write.planFor?.sql).toBe('w.id = ANY(:__scopeChildren)');
    }
  });

  it('takes a département principal with no role for a caseworker of no team, never for a manager', async () => {
    const policy = await casesRowPolicy(caseworker(undefined), caseworkerScope);
    expect(policy.whole).toBe(false);
    expect(policy.read.children!.params).toEqual({ __cwCommunes: [], __cwMember: MEMBER });
  });
});
