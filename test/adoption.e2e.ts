import { addMonths, departmentCaseworker, type Principal } from '@passerelle/common';
import { addDays, data, error, todayInFrance } from './cases-support';
import { bornYearsAgo, createChild, LAW_TABLES, openMeasure, writtenState } from './law-support';
import { sql } from './scope-cases-support';
import { seeded, startTestStack, type As, type GraphQLResponse, type TestStack } from './support/stack';
import { SETUP_TIMEOUT_MS } from './support/timeouts';

/**
 * Wards of the State and adoption (issue 15), through the gateway: admission on a ground of CASF
 * L224-4 and its provisional period, the family council (members, meetings, reviews, life project,
 * matching), the approval of adopters (assessments, commission, decision within 9 months, 5 years,
 * yearly confirmation, reasoned refusal), the placement with a view to adoption and its follow-up
 * until the judgment. Every refusal of the law names its rule and writes nothing. The category
 * ADOPTION is the département's adoption team's alone (scope `adoption:team`): a manager or a caseworker
 * without it, the CRIP and every partner see none of it.
 */

/** A manager of the département in the adoption team; a manager and a caseworker outside it. */
const TEAM: As = seeded('department', 'DEPARTMENT', 0, 0, ['audit:read', 'adoption:team']);
const MANAGER: As = seeded('department', 'DEPARTMENT', 0, 1, ['audit:read']);
const CASEWORKER: As = seeded('department', 'DEPARTMENT', 0, departmentCaseworker(0));
const TEAM_CASEWORKER: As = seeded('department', 'DEPARTMENT', 0, departmentCaseworker(2), ['adoption:team']);

/** Every table a refused write could touch: the adoption tables among the law's. */
const ADOPTION_TABLES = LAW_TABLES;

const ADMIT = `mutation ($input: AdmitWardInput!) { admitWard(input: $input) { id version status ground admittedOn definitiveOn recourseUntil nextReviewDueOn child { id } } }`;
const END = `mutation ($input: EndWardshipInput!) { endWardship(input: $input) { id version status endedOn endReason } }`;
const APPOINT = `mutation ($input: AppointFamilyCouncilMemberInput!) { appointFamilyCouncilMember(input: $input) { id mandateUntil } }`;
const MEETING = `mutation ($input: RecordFamilyCouncilMeetingInput!) { recordFamilyCouncilMeeting(input: $input) { id heldOn presentMembers { id } decisions { id kind } } }`;
const REQUEST = `mutation ($input: RequestAdopterApprovalInput!) { requestAdopterApproval(input: $input) { id version status decisionDueOn } }`;
const ASSESS = `mutation ($input: RecordApprovalAssessmentInput!) { recordApprovalAssessment(input: $input) { id version socialAssessmentOn psychologicalAssessmentOn } }`;
const DECIDE = `mutation ($input: DecideAdopterApprovalInput!) { decideAdopterApproval(input: $input) { id version status decision validUntil confirmationDueOn reasons } }`;
const CONFIRM = `mutation ($input: ConfirmAdopterApprovalInput!) { confirmAdopterApproval(input: $input) { id version lastConfirmedOn confirmationDueOn } }`;
const PLACE = `mutation ($input: PlaceForAdoptionInput!) { placeForAdoption(input: $input) { id version placedOn earliestJudgmentOn matchingDecision { kind } } }`;
const FOLLOW_UP = `mutation ($input: RecordAdoptionFollowUpInput!) { recordAdoptionFollowUp(input: $input) { id followUps(first: 5) { nodes { visitedOn note } } } }`;
const JUDGMENT = `mutation ($input: RecordAdoptionJudgmentInput!) { recordAdoptionJudgment(input: $input) { id version outcome judgmentOn wardFile { status endReason endedOn } } }`;

const codes = (r: GraphQLResponse) => (r.errors ?? []).map((e) => e.extensions?.code);

describe('wards of the State and adoption', () => {
  let stack: TestStack;
  const today = todayInFrance();
  const team = async (query: string, variables: Record<string, unknown> = {}) => data(await stack.query<any>(query, variables, TEAM));
  /** The refusal of a write by the adoption team: its one error, once checked that no adoption table changed. */
  const refused = async (query: string, variables: Record<string, unknown>, as: As = TEAM) => {
    const before = await writtenState(stack, ADOPTION_TABLES);
    const result = await stack.query(query, variables, as);
    expect(await writtenState(stack, ADOPTION_TABLES)).toEqual(before);
    return error(result);
  };
  const inOfficeToday = async () =>
    (await team(`query ($on: LocalDate) { familyCouncilMembers(inOfficeOn: $on, first: 100) { nodes { id } } }`, { on: today })).familyCouncilMembers.nodes.map((n: { id: string }) => n.id) as string[];
  const approved = async (requestedOn: string, decidedOn: string) => {
    let a = (await team(REQUEST, { input: { applicantNames: 'Anne et Paul Durand', communeCode: '44109', project: 'Un enfant de moins de 3 ans.', requestedOn } })).requestAdopterApproval;
    a = (await team(ASSESS, { input: { id: a.id, version: a.version, kind: 'SOCIAL', on: addDays(requestedOn, 30), conclusions: 'Projet construit.' } })).recordApprovalAssessment;
    a = (await team(ASSESS, { input: { id: a.id, version: a.version, kind: 'PSYCHOLOGICAL', on: addDays(requestedOn, 40), conclusions: 'Disponibilité psychique.' } })).recordApprovalAssessment;
    return (await team(DECIDE, { input: { id: a.id, version: a.version, commissionOn: addDays(decidedOn, -5), decision: 'APPROVED', decidedOn } })).decideAdopterApproval as { id: string; version: number };
  };

  beforeAll(async () => {
    stack = await startTestStack({ children: 300 });
  }, SETUP_TIMEOUT_MS);
  afterAll(() => stack?.stop());

  describe('who sees it', () => {
    it('the seeded wards are read by the adoption team alone: a manager or a caseworker without the scope gets FORBIDDEN and nothing', async () => {
      const LIST = `{ wardFiles(first: 50) { nodes { id status nextReviewDueOn child { id } } } adopterApprovals(first: 5) { nodes { applicantNames } } }`;
      const mine = data(await stack.query<any>(LIST, {}, TEAM));
      expect(mine.wardFiles.nodes.length).toBeGreaterThan(0);
      expect(mine.adopterApprovals.nodes.length).toBeGreaterThan(0);
      // A caseworker of the team reads every ward of the département, whatever their territorial team.
      const caseworker = data(await stack.query<any>(LIST, {}, TEAM_CASEWORKER));
      expect(caseworker.wardFiles.nodes.map((n: { id: string }) => n.id)).toEqual(mine.wardFiles.nodes.map((n: { id: string }) => n.id));
      for (const as of [MANAGER, CASEWORKER]) {
        const result = await stack.query<any>(LIST, {}, as);
        expect(result.data?.wardFiles ?? null).toBeNull();
        expect(result.data?.adopterApprovals ?? null).toBeNull();
        expect(codes(result)).toEqual(['FORBIDDEN', 'FORBIDDEN']);
      }
      const ward = mine.wardFiles.nodes[0];
      const child = await stack.query<any>(`query ($id: ID!) { child(id: $id) { id wardFile { id } } }`, { id: ward.child.id }, MANAGER);
      expect(child.data.child.id).toBe(ward.child.id);
      expect(child.data.child.wardFile).toBeNull();
      expect(codes(child)).toEqual(['FORBIDDEN']);
      expect((await stack.query<any>(`query ($id: ID!) { child(id: $id) { wardFile { id } } }`, { id: ward.child.id }, TEAM)).data.child.wardFile.id).toBe(ward.id);
      // A ward by id: refused without the scope exactly as a nonexistent one.
      const BY_ID = `query ($id: ID!) { wardFile(id: $id) { id } }`;
      const theirs = await stack.query<any>(BY_ID, { id: ward.id }, MANAGER);
      const nobody = await stack.query<any>(BY_ID, { id: '00000000-0000-4000-8000-000000000000' }, MANAGER);
      expect(codes(theirs)).toEqual(['FORBIDDEN']);
      expect(theirs.errors![0]!.message.split(ward.id).join('<id>')).toBe(nobody.errors![0]!.message.split('00000000-0000-4000-8000-000000000000').join('<id>'));
    });

    it('the directory can make a member one of the adoption team (partner_member.scopes, what OIDC sign-in reads)', async () => {
      const member = (TEAM_CASEWORKER as { sub: string }).sub;
      await sql(stack.databaseUrl, `UPDATE partners.partner_member SET scopes = ARRAY['adoption:team'] WHERE id = $1`, [member]);
      expect(await sql(stack.databaseUrl, `SELECT scopes FROM partners.partner_member WHERE id = $1`, [member])).toEqual([{ scopes: ['adoption:team'] }]);
      await sql(stack.databaseUrl, `UPDATE partners.partner_member SET scopes = '{}' WHERE id = $1`, [member]);
    });

    it('no partner’s contract holds it, nor the CRIP’s: an operation asking for it fails validation', async () => {
      for (const [audience, kind] of [['crip', 'CRIP'], ['judge', 'COURT'], ['association', 'ASSOCIATION'], ['school', 'SCHOOL'], ['analyst', 'OBSERVATORY']] as const) {
        const result = await stack.query(`{ wardFiles(first: 1) { nodes { id } } }`, {}, seeded(audience, kind, 0, 0, ['adoption:team']));
        expect({ audience, status: result.status, codes: codes(result) }).toEqual({ audience, status: 400, codes: ['GRAPHQL_VALIDATION_FAILED'] });
      }
    });

    it('a write without the scope is refused before any subgraph runs, and the subgraph refuses it too when called directly', async () => {
      const childId = await createChild(stack, bornYearsAgo(1));
      const input = { childId, ground: 'UNKNOWN_PARENTAGE', admittedOn: today };
      expect((await refused(ADMIT, { input }, MANAGER)).extensions?.code).toBe('FORBIDDEN');
      const principal: Principal = { sub: String((MANAGER as { sub: string }).sub), partnerId: String((MANAGER as { partnerId: string }).partnerId), audience: 'department', scopes: ['audit:read'], grants: ['MEASURES'] };
      const before = await writtenState(stack, ADOPTION_TABLES);
      const direct = await stack.querySubgraph<any>('cases', ADMIT.replace(' child { id }', ''), { input }, principal);
      expect(codes(direct)).toEqual(['FORBIDDEN']);
      const read = await stack.querySubgraph<any>('cases', `{ wardFiles(first: 1) { nodes { id } } }`, {}, principal);
      expect(codes(read)).toEqual(['FORBIDDEN']);
      expect(await writtenState(stack, ADOPTION_TABLES)).toEqual(before);
    });
  });

  describe('admission', () => {
    it('a provisional ward for 2 months (6 for ground 3°), with the 30-day recourse and the first review within 2 months', async () => {
      const childId = await createChild(stack, bornYearsAgo(0, 20));
      const ward = (await team(ADMIT, { input: { childId, ground: 'UNKNOWN_PARENTAGE', admittedOn: today, admissionOrderOn: today } })).admitWard;
      expect(ward).toMatchObject({ status: 'PROVISIONAL', ground: 'UNKNOWN_PARENTAGE', definitiveOn: addMonths(today, 2), recourseUntil: addDays(today, 30), nextReviewDueOn: addMonths(today, 2), child: { id: childId } });
      const other = await createChild(stack, bornYearsAgo(2));
      expect((await team(ADMIT, { input: { childId: other, ground: 'SURRENDERED_BY_ONE_PARENT', admittedOn: today } })).admitWard.definitiveOn).toBe(addMonths(today, 6));
      const listed = async (status: string) =>
        (await team(`query ($status: WardStatus) { wardFiles(status: $status, first: 100) { nodes { id status } } }`, { status })).wardFiles.nodes as { id: string; status: string }[];
      const provisional = await listed('PROVISIONAL');
      expect(provisional.map((n) => n.id)).toContain(ward.id);
      expect(new Set(provisional.map((n) => n.status))).toEqual(new Set(['PROVISIONAL']));
      expect((await listed('WARD')).map((n) => n.id)).not.toContain(ward.id);
      // One open ward file per child.
      expect((await refused(ADMIT, { input: { childId, ground: 'ORPHAN', admittedOn: today } })).extensions?.code).toBe('CONFLICT');
      // The parents take the child back during the provisional period.
      const ended = (await team(END, { input: { id: ward.id, version: ward.version, on: today, reason: 'RETURNED_TO_PARENT', note: 'Reprise par la mère.' } })).endWardship;
      expect(ended).toMatchObject({ status: 'ENDED', endedOn: today, endReason: 'RETURNED_TO_PARENT' });
      expect((await listed('ENDED')).map((n) => n.id)).toContain(ward.id);
      expect(new Set((await listed('WARD')).map((n) => n.status))).toEqual(new Set(['WARD']));
    });

    it('refuses, writing nothing, an admission the law does not allow (rule named)', async () => {
      const childId = await createChild(stack, bornYearsAgo(4));
      const cases: [Record<string, unknown>, Record<string, unknown>][] = [
        [{ ground: 'JUDICIAL_DECLARATION_OF_ABANDONMENT' }, { rule: 'WARD_GROUND', argument: 'input.judgmentOn' }],
        [{ ground: 'ORPHAN', judgmentOn: today }, { rule: 'WARD_GROUND', argument: 'input.judgmentOn' }],
        [{ admittedOn: addDays(today, 1) }, { rule: 'FACT_IN_FUTURE', argument: 'input.admittedOn' }],
        [{ admissionOrderOn: addDays(today, -1) }, { rule: 'WARD_GROUND', argument: 'input.admissionOrderOn' }],
      ];
      for (const [change, expected] of cases) {
        const e = await refused(ADMIT, { input: { childId, ground: 'SURRENDERED_BY_PARENTS', admittedOn: today, ...change } });
        expect(e.extensions).toMatchObject({ code: 'BAD_USER_INPUT', ...expected });
      }
      const adult = await createChild(stack, bornYearsAgo(19));
      expect((await refused(ADMIT, { input: { childId: adult, ground: 'ORPHAN', admittedOn: today } })).extensions).toMatchObject({ code: 'BAD_USER_INPUT', rule: 'MEASURE_AGE', argument: 'input.admittedOn' });
      // Past the provisional period, a parent no longer takes the child back without formality.
      const ward = (await team(ADMIT, { input: { childId, ground: 'SURRENDERED_BY_PARENTS', admittedOn: addMonths(today, -3) } })).admitWard;
      expect(ward.status).toBe('WARD');
      const e = await refused(END, { input: { id: ward.id, version: ward.version, on: today, reason: 'RETURNED_TO_PARENT' } });
      expect(e.extensions).toMatchObject({ code: 'BAD_USER_INPUT', rule: 'WARD_PROVISIONAL', argument: 'input.reason' });
    });
  });

  describe('the family council', () => {
    it('deliberates with a majority of its members in office; a review moves the next one a year on; the life project becomes the ward’s', async () => {
      const appointed = (await team(APPOINT, { input: { fullName: 'Claire Martin', capacity: 'ADOPTIVE_FAMILIES_ASSOCIATION', appointedOn: addDays(today, -10) } })).appointFamilyCouncilMember;
      expect(appointed.mandateUntil).toBe(addDays(addMonths(addDays(today, -10), 72), -1));
      const members = await inOfficeToday();
      expect(members).toContain(appointed.id);
      const childId = await createChild(stack, bornYearsAgo(3));
      const ward = (await team(ADMIT, { input: { childId, ground: 'ORPHAN', admittedOn: addDays(today, -20) } })).admitWard;
      const decisions = [
        { wardFileId: ward.id, kind: 'SITUATION_REVIEW', text: 'Situation revue : santé et scolarité suivies.' },
        { wardFileId: ward.id, kind: 'LIFE_PROJECT', text: 'Projet d’adoption plénière.' },
      ];
      const minority = members.slice(0, Math.floor(members.length / 2));
      const e = await refused(MEETING, { input: { heldOn: today, presentMemberIds: minority, decisions } });
      expect(e.extensions).toMatchObject({ code: 'BAD_USER_INPUT', rule: 'FAMILY_COUNCIL_QUORUM', argument: 'input.presentMemberIds' });
      const stranger = await refused(MEETING, { input: { heldOn: today, presentMemberIds: [...members, '00000000-0000-4000-8000-000000000001'], decisions } });
      expect(stranger.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: `input.presentMemberIds.${members.length}` });
      const meeting = (await team(MEETING, { input: { heldOn: today, presentMemberIds: members, decisions } })).recordFamilyCouncilMeeting;
      expect(meeting.presentMembers).toHaveLength(members.length);
      expect(meeting.decisions.map((d: { kind: string }) => d.kind).sort()).toEqual(['LIFE_PROJECT', 'SITUATION_REVIEW']);
      const read = (await team(`query ($id: ID!) { wardFile(id: $id) { lastReviewOn nextReviewDueOn lifeProject lifeProjectOn decisions(first: 5) { nodes { kind meeting { id } } } } }`, { id: ward.id })).wardFile;
      expect(read).toMatchObject({ lastReviewOn: today, nextReviewDueOn: addMonths(today, 12), lifeProject: 'Projet d’adoption plénière.', lifeProjectOn: today });
      expect(read.decisions.nodes.every((d: { meeting: { id: string } }) => d.meeting.id === meeting.id)).toBe(true);
      // The reviews due: the ward's next is a year on, no longer within the next 2 months.
      const dueSoon = async () => (await team(`query ($by: LocalDate) { wardFiles(reviewDueBy: $by, first: 100) { nodes { id nextReviewDueOn } } }`, { by: addMonths(today, 2) })).wardFiles.nodes as { id: string; nextReviewDueOn: string }[];
      const soon = await dueSoon();
      expect(soon.map((n) => n.id)).not.toContain(ward.id);
      expect(soon.every((n) => n.nextReviewDueOn <= addMonths(today, 2))).toBe(true);
      expect(soon.length).toBeGreaterThan(0);
      // A provisional ward is matched with no adopters.
      const adopters = await approved(addMonths(today, -10), addMonths(today, -2));
      const matching = await refused(MEETING, { input: { heldOn: today, presentMemberIds: members, decisions: [{ wardFileId: ward.id, kind: 'MATCHING', text: 'Apparentement.', approvalId: adopters.id }] } });
      expect(matching.extensions).toMatchObject({ code: 'BAD_USER_INPUT', rule: 'WARD_PROVISIONAL', argument: 'input.decisions.0.wardFileId' });
    });
  });

  describe('the caseload', () => {
    it('the deadline FAMILY_COUNCIL_REVIEW follows the reviews the council held for the adoption team (first within 2 months, then a year after the last); others keep the measure’s', async () => {
      const childId = await createChild(stack, bornYearsAgo(5));
      const admittedOn = addMonths(today, -1);
      await openMeasure(stack, childId, 'WARD_OF_THE_STATE', { startDate: admittedOn }, TEAM);
      const referent = (TEAM as { sub: string }).sub;
      for (const memberId of [referent, (MANAGER as { sub: string }).sub]) {
        data(await stack.query<any>(`mutation ($input: AssignReferentInput!) { assignReferent(input: $input) { id } }`, { input: { childId, memberId } }, TEAM));
      }
      const due = async (as: As = TEAM) =>
        data(await stack.query<any>(`{ myCaseload(withinDays: 366) { deadlines(first: 100) { nodes { kind dueOn child { id } } } } }`, {}, as)).myCaseload.deadlines.nodes
          .filter((d: { kind: string; child: { id: string } }) => d.kind === 'FAMILY_COUNCIL_REVIEW' && d.child.id === childId)
          .map((d: { dueOn: string }) => d.dueOn);
      expect(await due()).toEqual([addMonths(admittedOn, 2)]);
      const ward = (await team(ADMIT, { input: { childId, ground: 'ORPHAN', admittedOn } })).admitWard;
      expect(await due()).toEqual([addMonths(admittedOn, 2)]);
      await team(MEETING, { input: { heldOn: today, presentMemberIds: await inOfficeToday(), decisions: [{ wardFileId: ward.id, kind: 'SITUATION_REVIEW', text: 'Première revue de la situation.' }] } });
      expect(await due()).toEqual([addMonths(today, 12)]);
      // A référent outside the adoption team: the measure's date, nothing of the ward file.
      expect(await due(MANAGER)).toEqual([addMonths(admittedOn, 2)]);
    });
  });

  describe('the approval of adopters', () => {
    it('is decided within 9 months of the request, after both assessments and the commission; approved for 5 years, confirmed yearly; refused with reasons', async () => {
      const requestedOn = addMonths(today, -8);
      let a = (await team(REQUEST, { input: { applicantNames: 'Nadia Haddad', project: 'Un enfant jusqu’à 6 ans.', requestedOn } })).requestAdopterApproval;
      expect(a).toMatchObject({ status: 'REQUESTED', decisionDueOn: addMonths(requestedOn, 9) });
      const early = await refused(DECIDE, { input: { id: a.id, version: a.version, commissionOn: addDays(today, -3), decision: 'APPROVED', decidedOn: today } });
      expect(early.extensions).toMatchObject({ code: 'BAD_USER_INPUT', rule: 'APPROVAL_ASSESSMENTS', argument: 'input.id' });
      a = (await team(ASSESS, { input: { id: a.id, version: a.version, kind: 'SOCIAL', on: addMonths(requestedOn, 2), conclusions: 'Conditions d’accueil favorables.' } })).recordApprovalAssessment;
      a = (await team(ASSESS, { input: { id: a.id, version: a.version, kind: 'PSYCHOLOGICAL', on: addMonths(requestedOn, 3), conclusions: 'Projet mûri.' } })).recordApprovalAssessment;
      expect(a).toMatchObject({ socialAssessmentOn: addMonths(requestedOn, 2), psychologicalAssessmentOn: addMonths(requestedOn, 3) });
      const noCommission = await refused(DECIDE, { input: { id: a.id, version: a.version, decision: 'APPROVED', decidedOn: today } });
      expect(noCommission.extensions).toMatchObject({ rule: 'APPROVAL_ASSESSMENTS', argument: 'input.commissionOn' });
      const noReasons = await refused(DECIDE, { input: { id: a.id, version: a.version, commissionOn: addDays(today, -3), decision: 'REFUSED', decidedOn: today, reasons: '  ' } });
      expect(noReasons.extensions).toMatchObject({ rule: 'APPROVAL_REASONS', argument: 'input.reasons' });
      const decided = (await team(DECIDE, { input: { id: a.id, version: a.version, commissionOn: addDays(today, -3), decision: 'APPROVED', decidedOn: today } })).decideAdopterApproval;
      expect(decided).toMatchObject({ status: 'APPROVED', validUntil: addDays(addMonths(today, 60), -1), confirmationDueOn: addMonths(today, 12) });
      const confirmed = (await team(CONFIRM, { input: { id: a.id, version: decided.version, on: today } })).confirmAdopterApproval;
      expect(confirmed).toMatchObject({ lastConfirmedOn: today, confirmationDueOn: addMonths(today, 12) });

      let r = (await team(REQUEST, { input: { applicantNames: 'Émilie Caron', project: 'Une fratrie.', requestedOn } })).requestAdopterApproval;
      r = (await team(ASSESS, { input: { id: r.id, version: r.version, kind: 'SOCIAL', on: addMonths(requestedOn, 1), conclusions: 'Réserves.' } })).recordApprovalAssessment;
      r = (await team(ASSESS, { input: { id: r.id, version: r.version, kind: 'PSYCHOLOGICAL', on: addMonths(requestedOn, 1), conclusions: 'Réserves.' } })).recordApprovalAssessment;
      const refusal = (await team(DECIDE, { input: { id: r.id, version: r.version, commissionOn: today, decision: 'REFUSED', decidedOn: today, reasons: 'Projet incompatible avec les besoins des enfants adoptables.' } })).decideAdopterApproval;
      expect(refusal).toMatchObject({ status: 'REFUSED', validUntil: null, confirmationDueOn: null, reasons: 'Projet incompatible avec les besoins des enfants adoptables.' });
      const listed = (await team(`{ adopterApprovals(status: REFUSED, first: 100) { nodes { id } } }`)).adopterApprovals.nodes.map((n: { id: string }) => n.id);
      expect(listed).toContain(r.id);
      expect(listed).not.toContain(a.id);
    });
  });

  describe('the placement with a view to adoption', () => {
    it('places a ward with adopters approved and matched by the council, follows it, and the judgment after 6 months ends the wardship', async () => {
      const members = await inOfficeToday();
      const childId = await createChild(stack, bornYearsAgo(2));
      const admittedOn = addMonths(today, -14);
      const ward = (await team(ADMIT, { input: { childId, ground: 'JUDICIAL_DECLARATION_OF_ABANDONMENT', admittedOn, judgmentOn: admittedOn } })).admitWard;
      expect(ward.status).toBe('WARD');
      const adopters = await approved(addMonths(today, -20), addMonths(today, -12));
      const placedOn = addMonths(today, -7);
      const input = { wardFileId: ward.id, approvalId: adopters.id, placedOn };
      // No match by the council yet.
      expect((await refused(PLACE, { input })).extensions).toMatchObject({ code: 'BAD_USER_INPUT', rule: 'FAMILY_COUNCIL_MATCHING', argument: 'input.approvalId' });
      const heldOn = addMonths(today, -8);
      const inOffice = (await team(`query ($on: LocalDate) { familyCouncilMembers(inOfficeOn: $on, first: 100) { nodes { id } } }`, { on: heldOn })).familyCouncilMembers.nodes.map((n: { id: string }) => n.id);
      await team(MEETING, { input: { heldOn, presentMemberIds: inOffice, decisions: [{ wardFileId: ward.id, kind: 'MATCHING', text: 'Apparentement avec la famille Durand.', approvalId: adopters.id }] } });
      // Adopters refused, or whose approval is not in force, are placed with no child.
      const provisional = (await team(ADMIT, { input: { childId: await createChild(stack, bornYearsAgo(1)), ground: 'SURRENDERED_BY_PARENTS', admittedOn: addDays(today, -10) } })).admitWard;
      expect((await refused(PLACE, { input: { ...input, wardFileId: provisional.id, placedOn: today } })).extensions).toMatchObject({ rule: 'WARD_PROVISIONAL', argument: 'input.placedOn' });
      expect((await refused(PLACE, { input: { ...input, placedOn: addMonths(today, -13) } })).extensions).toMatchObject({ rule: 'APPROVAL_IN_FORCE' });
      const placement = (await team(PLACE, { input })).placeForAdoption;
      expect(placement).toMatchObject({ placedOn, earliestJudgmentOn: addMonths(placedOn, 6), matchingDecision: { kind: 'MATCHING' } });
      expect((await refused(PLACE, { input })).extensions?.code).toBe('CONFLICT');
      const followed = (await team(FOLLOW_UP, { input: { placementId: placement.id, visitedOn: addDays(placedOn, 30), note: 'Enfant bien intégré.' } })).recordAdoptionFollowUp;
      expect(followed.followUps.nodes).toEqual([{ visitedOn: addDays(placedOn, 30), note: 'Enfant bien intégré.' }]);
      // The family council consents to the adoption (CC 349) before any judgment.
      const noConsent = await refused(JUDGMENT, { input: { id: placement.id, version: placement.version, on: today, outcome: 'PLENARY_ADOPTION' } });
      expect(noConsent.extensions).toMatchObject({ code: 'BAD_USER_INPUT', rule: 'FAMILY_COUNCIL_CONSENT', argument: 'input.outcome' });
      const consentOn = addMonths(placedOn, 1);
      const inOfficeThen = (await team(`query ($on: LocalDate) { familyCouncilMembers(inOfficeOn: $on, first: 100) { nodes { id } } }`, { on: consentOn })).familyCouncilMembers.nodes.map((n: { id: string }) => n.id);
      await team(MEETING, { input: { heldOn: consentOn, presentMemberIds: inOfficeThen, decisions: [{ wardFileId: ward.id, kind: 'CONSENT_TO_ADOPTION', text: 'Le conseil consent à l’adoption plénière.' }] } });
      // A plenary adoption after 6 months in the adopters' home, not before.
      const early = await refused(JUDGMENT, { input: { id: placement.id, version: placement.version, on: addMonths(placedOn, 5), outcome: 'PLENARY_ADOPTION' } });
      expect(early.extensions).toMatchObject({ code: 'BAD_USER_INPUT', rule: 'ADOPTION_PLACEMENT_DURATION', argument: 'input.on' });
      const judged = (await team(JUDGMENT, { input: { id: placement.id, version: placement.version, on: today, outcome: 'PLENARY_ADOPTION' } })).recordAdoptionJudgment;
      expect(judged).toMatchObject({ outcome: 'PLENARY_ADOPTION', judgmentOn: today, wardFile: { status: 'ENDED', endReason: 'ADOPTED', endedOn: today } });
      const read = (await team(`query ($id: ID!) { adopterApproval(id: $id) { adoptionPlacements { id outcome wardFile { child { id } } } } }`, { id: adopters.id })).adopterApproval;
      expect(read.adoptionPlacements).toEqual([{ id: placement.id, outcome: 'PLENARY_ADOPTION', wardFile: { child: { id: childId } } }]);
    });

    it('reads the seeded wards with their decisions, placements, adopters and follow-ups in one statement per level, however many', async () => {
      const QUERY = `query ($first: Int!) { wardFiles(first: $first) { nodes { id child { lastName } decisions(first: 3) { nodes { kind approval { applicantNames } } } adoptionPlacements { approval { applicantNames } followUps(first: 3) { nodes { visitedOn } } } } } }`;
      for (let n = 0; n < 6; n++) {
        await team(ADMIT, { input: { childId: await createChild(stack, bornYearsAgo(n + 1)), ground: 'ORPHAN', admittedOn: addDays(today, -n) } });
      }
      stack.resetStatements();
      const result = data(await stack.query<any>(QUERY, { first: 100 }, TEAM));
      const statements = stack.statements().cases ?? 0;
      const wards = result.wardFiles.nodes;
      expect(wards.length).toBeGreaterThan(5);
      expect(wards.flatMap((w: any) => w.adoptionPlacements).length).toBeGreaterThan(0);
      // The list, the children, the decisions, the placements, the approvals (of decisions and of
      // placements: one batch or two), the follow-ups: never one per ward.
      expect(statements).toBeLessThanOrEqual(7);
      expect(statements).toBeLessThan(wards.length);
    });
  });
});
