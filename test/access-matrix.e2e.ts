import { AUDIENCES, canRead, canWrite, CATEGORIES, requiredScopes, ROW_SCOPES, type Audience, type DataCategory } from '@passerelle/common';
import { seededAs, startTestStack, type GraphQLResponse, type TestStack } from './support/stack';
import { SETUP_TIMEOUT_MS } from './support/timeouts';

/**
 * The access matrix of DOMAIN.md, cell by cell, through the gateway: for every audience and
 * every data category, a read and (where the platform has one) a write are allowed or refused
 * exactly as `subgraphs/common/src/access/matrix.ts` says — the table is generated from it —
 * and where the audience has a slice, a child inside it is readable and a child outside it is
 * FORBIDDEN.
 */

const principalOf = seededAs;

/** A read of one category: about one child (`$id`) or a list of the audience's own. */
const READS: Partial<Record<DataCategory, { query: string; aboutChild: boolean; scopes?: string[]; ownPartner?: true }>> = {
  CHILD_IDENTITY: { query: `query ($id: ID!) { child(id: $id) { lastName birthDate } }`, aboutChild: true },
  PROTECTED_STATUS: { query: `query ($id: ID!) { child(id: $id) { referentName underProtection } }`, aboutChild: true },
  PARENTAL_AUTHORITY: { query: `query ($id: ID!) { child(id: $id) { guardians { lastName } } }`, aboutChild: true },
  CONCERN_CONTENT: { query: `{ concerns(first: 2) { nodes { content } } }`, aboutChild: false },
  OWN_CONCERN_STATUS: { query: `{ concerns(first: 2) { nodes { status senderOutcome } } }`, aboutChild: false },
  EVALUATION_REPORTS: { query: `{ evaluationsDue(withinDays: 366, first: 2) { nodes { findings dueOn } } }`, aboutChild: false },
  MEASURES: { query: `query ($id: ID!) { child(id: $id) { measures(first: 2) { nodes { kind status } } } }`, aboutChild: true },
  CHILD_PLAN_OBJECTIVES: { query: `query ($id: ID!) { child(id: $id) { plans(first: 2) { nodes { status drawnUpOn } } } }`, aboutChild: true },
  SITUATION_REPORTS: { query: `query ($id: ID!) { child(id: $id) { situationReports(first: 2) { nodes { dueOn } } } }`, aboutChild: true },
  PLACEMENTS: { query: `query ($id: ID!) { child(id: $id) { placements(first: 2) { nodes { startDate } } } }`, aboutChild: true },
  VISIT_RIGHTS: { query: `query ($id: ID!) { child(id: $id) { visitRights(first: 2) { nodes { kind } } } }`, aboutChild: true },
  RETURN_HOME_PLAN: { query: `query ($id: ID!) { child(id: $id) { returnHomePlans(first: 2) { nodes { phase } } } }`, aboutChild: true },
  HEALTH_FOLLOW_UP: { query: `query ($id: ID!) { child(id: $id) { healthFollowUps(first: 2) { nodes { startDate } } } }`, aboutChild: true },
  SCHOOLING: { query: `query ($id: ID!) { child(id: $id) { enrollments(first: 2) { nodes { classLevel } } } }`, aboutChild: true },
  SCHOOLING_CONFIRMATION: { query: `{ enrollmentDeclarations(first: 2) { nodes { status declaredAt } } }`, aboutChild: false },
  HEALTH_FOLLOW_UP_CONFIRMATION: { query: `{ healthFollowUpDeclarations(first: 2) { nodes { status declaredAt } } }`, aboutChild: false },
  AUDIT_LOG: { query: `query ($id: ID!) { child(id: $id) { accessLog(first: 2) { nodes { audience } } } }`, aboutChild: true },
  // The data-protection officer: a département member with the audit:dpo scope too.
  AUDIT_SEARCH: { query: `{ auditLog(first: 2) { nodes { audience outcome } } }`, aboutChild: false, scopes: ['audit:dpo'] },
  // The archivist: a département member with the archive:read scope (issue 15).
  PERSONAL_FILE: { query: `query ($id: ID!) { personalFile(childId: $id) { archived cases { table } placements { table } partners { table } } }`, aboutChild: true, scopes: ['archive:read'] },
  CASE_FILE: { query: `query ($id: ID!) { child(id: $id) { timeline(first: 2) { nodes { kind } } } }`, aboutChild: true },
  FAMILY_AGREEMENTS: { query: `query ($id: ID!) { child(id: $id) { familyAgreements(first: 2) { nodes { terms validUntil signatures { role signedOn } } } } }`, aboutChild: true },
  // The département's adoption team: a member with the adoption scope too.
  ADOPTION: { query: `{ wardFiles(first: 2) { nodes { ground status } } adopterApprovals(first: 2) { nodes { applicantNames } } }`, aboutChild: false, scopes: ['adoption:team'] },
  DIRECTORY: { query: `{ partners(first: 2) { nodes { name kind } } }`, aboutChild: false },
  PARTNER_ADMINISTRATION: { query: `query ($p: ID!) { partnerMember(id: $p) { email } }`, aboutChild: false },
  FACILITIES: { query: `{ facilities(first: 2) { nodes { name capacity } } }`, aboutChild: false },
  ACTIVITY_REPORT: { query: `{ activityReport(year: 2025) { year exact measures { started { total { value } } } placements { started { total { value } } } } }`, aboutChild: false },
  CASELOAD: { query: `{ myCaseload(withinDays: 7) { childCount counts { kind total } } }`, aboutChild: false },
  NOTIFICATIONS: { query: `{ caseNotifications(first: 2) { nodes { kind dueOn } } placementNotifications(first: 2) { nodes { kind } } }`, aboutChild: false },
  // Its own institution's webhook (`$p`: its partner id), by a member with the webhook:admin scope.
  WEBHOOK_SETTINGS: { query: `query ($p: ID!) { webhook(partnerId: $p) { url } }`, aboutChild: false, scopes: ['webhook:admin'], ownPartner: true },
};

/** A write of one category, sent with an empty input: refused by the contract, or by the input's own checks. */
const WRITES: Partial<Record<DataCategory, string>> = {
  CHILD_IDENTITY: 'createChild(input: $input: CreateChildInput)',
  PROTECTED_STATUS: 'assignReferent(input: $input: AssignReferentInput)',
  PARENTAL_AUTHORITY: 'addGuardian(input: $input: AddGuardianInput)',
  CONCERN_SUBMISSION: 'submitConcern(input: $input: SubmitConcernInput)',
  EVALUATION_REPORTS: 'startEvaluation(input: $input: StartEvaluationInput)',
  MEASURES: 'proposeMeasure(input: $input: ProposeMeasureInput)',
  CHILD_PLAN_OBJECTIVES: 'createChildPlan(input: $input: CreateChildPlanInput)',
  SITUATION_REPORTS: 'updateSituationReport(input: $input: UpdateSituationReportInput)',
  PLACEMENTS: 'placeChild(input: $input: PlaceChildInput)',
  VISIT_RIGHTS: 'setVisitRight(input: $input: SetVisitRightInput)',
  RETURN_HOME_PLAN: 'startReturnHomePlan(input: $input: StartReturnHomePlanInput)',
  HEALTH_FOLLOW_UP: 'startHealthFollowUp(input: $input: StartHealthFollowUpInput)',
  SCHOOLING: 'enrollChild(input: $input: EnrollChildInput)',
  REFERRAL_DECISION: 'recordReferralDecision(input: $input: RecordReferralDecisionInput)',
  FAMILY_AGREEMENTS: 'recordFamilyAgreement(input: $input: RecordFamilyAgreementInput)',
  DIRECTORY_ADMINISTRATION: 'createPartnerMember(input: $input: CreatePartnerMemberInput)',
  FACILITIES: 'registerFacility(input: $input: RegisterFacilityInput)',
  BREAK_GLASS: 'breakGlass(input: $input: BreakGlassInput)',
};

function writeOperation(spec: string): string {
  const [, field, type] = /^(\w+)\(input: \$input: (\w+)\)$/.exec(spec)!;
  return `mutation ($input: ${type}!) { ${field}(input: $input) { __typename } }`;
}

const codes = (r: GraphQLResponse) => (r.errors ?? []).map((e) => e.extensions?.code);
const refusedByContract = (r: GraphQLResponse) => r.status === 400 && codes(r).includes('GRAPHQL_VALIDATION_FAILED');

describe('the access matrix, cell by cell, through the gateway', () => {
  let stack: TestStack;
  const inScope = new Map<Audience, string | null>();
  const outOfScope = new Map<Audience, string | null>();

  beforeAll(async () => {
    stack = await startTestStack({ children: 400 });
    const everyone = await stack.query<any>(`{ children(first: 100) { nodes { id } } }`);
    const all: string[] = everyone.data.children.nodes.map((c: any) => c.id);
    for (const audience of AUDIENCES) {
      if (!canRead(audience, 'CHILD_IDENTITY')) continue;
      const own = await stack.query<any>(`{ children(first: 100) { nodes { id } } }`, {}, principalOf(audience));
      const ids: string[] = own.data?.children?.nodes?.map((c: any) => c.id) ?? [];
      inScope.set(audience, ids[0] ?? null);
      outOfScope.set(audience, all.find((id) => !ids.includes(id)) ?? null);
    }
  }, SETUP_TIMEOUT_MS);
  afterAll(() => stack?.stop());

  const readCells = AUDIENCES.flatMap((audience) =>
    (Object.keys(READS) as DataCategory[]).map((category) => ({ audience, category, allowed: canRead(audience, category) })),
  );

  it.each(readCells)('$audience reading $category: allowed = $allowed', async ({ audience, category, allowed }) => {
    const probe = READS[category]!;
    const variables: Record<string, unknown> = { p: probe.ownPartner ? principalOf(audience).partnerId : principalOf(audience).sub };
    if (probe.aboutChild) {
      const child = allowed ? inScope.get(audience) : outOfScope.get('department') ?? inScope.get('department');
      if (allowed && !child) throw new Error(`${audience} has no child in its slice in the seeded world`);
      variables.id = child ?? '00000000-0000-4000-8000-000000000000';
    }
    const as = principalOf(audience);
    const result = await stack.query(probe.query, variables, probe.scopes ? { ...as, scopes: [...(as.scopes ?? []), ...probe.scopes] } : as);
    if (!allowed) {
      expect(refusedByContract(result)).toBe(true);
      return;
    }
    expect(result.status).toBe(200);
    expect(result.errors).toBeUndefined();
    expect(result.data).toBeTruthy();
  });

  const writeCells = AUDIENCES.flatMap((audience) =>
    (Object.keys(WRITES) as DataCategory[]).map((category) => ({ audience, category, allowed: canWrite(audience, category) })),
  );

  it.each(writeCells)('$audience writing $category: allowed = $allowed', async ({ audience, category, allowed }) => {
    // With the scopes the category needs (directory:admin): the matrix's cell is what is tested here.
    const as = principalOf(audience);
    const scopes = [...(as.scopes ?? []), ...requiredScopes(category)];
    const result = await stack.query(writeOperation(WRITES[category]!), { input: {} }, { ...as, scopes });
    expect(refusedByContract(result)).toBe(!allowed);
    if (allowed) expect(codes(result)).toContain('BAD_USER_INPUT'); // reached the input's own checks
  });

  const sliced = AUDIENCES.filter((a) => canRead(a, 'CHILD_IDENTITY') && !ROW_SCOPES[a].whole);

  it.each(sliced)('%s gets FORBIDDEN, not the child, for a child outside its slice', async (audience) => {
    const child = outOfScope.get(audience);
    expect(child).toBeTruthy();
    const result = await stack.query(`query ($id: ID!) { child(id: $id) { lastName } }`, { id: child }, principalOf(audience));
    expect(result.data?.child ?? null).toBeNull();
    expect(codes(result)).toEqual(['FORBIDDEN']);
    // Worded as for a child that does not exist: the error reveals nothing.
    const nobody = await stack.query(`query ($id: ID!) { child(id: $id) { lastName } }`, { id: '00000000-0000-4000-8000-000000000000' }, principalOf(audience));
    expect(nobody.errors?.[0]?.message).toBe(result.errors?.[0]?.message);
  });

  it('covers every category of the matrix that the platform can read', () => {
    const unread = (Object.keys(CATEGORIES) as DataCategory[]).filter((c) => !READS[c]);
    // PUBLIC is structure; CONCERN_SUBMISSION and REFERRAL_DECISION are writes; AGGREGATES has its own tests;
    // BREAK_GLASS is read as the answer of its own write (test/department-slice.e2e.ts);
    // DIRECTORY_ADMINISTRATION is the directory's writes (test/directory-administration.e2e.ts).
    expect(unread.sort()).toEqual(['AGGREGATES', 'BREAK_GLASS', 'CONCERN_SUBMISSION', 'DIRECTORY_ADMINISTRATION', 'PUBLIC', 'REFERRAL_DECISION']);
  });
});
