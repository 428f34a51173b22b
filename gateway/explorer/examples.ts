/**
 * Example operations the explorer offers, per audience. Each one must stay valid against its
 * audience's contract (schema/contracts/<audience>.graphql): examples.test.ts validates them, so
 * an example that drifts out of a contract fails the build instead of failing in front of a user.
 * Plain data, no imports: bundled into the browser and read by the test alike.
 */

export interface Example {
  /** Shown in the list; says what the operation answers. */
  title: string;
  query: string;
  /** JSON text for the variables editor, when the operation declares variables. */
  variables?: string;
}

const partnersOfKind = (kind: string): Example => ({
  title: `Institutions of kind ${kind}`,
  query: `# Institutions taking part in Passerelle (partenaires), a page at a time.
query Partners($kind: PartnerKind, $after: String) {
  partners(kind: $kind, first: 10, after: $after) {
    nodes { id name kind code commune communeCode active }
    pageInfo { hasNextPage endCursor }
  }
}`,
  variables: JSON.stringify({ kind }, null, 2),
});

const oneInstitution: Example = {
  title: 'One institution by id',
  query: `# Paste an id from the list of institutions.
query Partner($id: ID!) {
  partner(id: $id) { id name kind code commune active }
}`,
  variables: JSON.stringify({ id: '' }, null, 2),
};

const childrenPage: Example = {
  title: 'Children, a page at a time',
  query: `# The children this institution may see, by family name.
query Children($after: String) {
  children(first: 10, after: $after) {
    nodes { id lastName firstNames sex birthDate age }
    pageInfo { hasNextPage endCursor }
  }
}`,
};

/** Audiences that see placements (the whole record: ASE, CRIP, judge, association). */
const caseFile: Example[] = [
  childrenPage,
  {
    title: 'Children with their current placement',
    query: `# Each child's latest placement and where it is.
{
  children(first: 10) {
    nodes {
      lastName
      firstNames
      age
      placements(first: 1) {
        nodes { startDate endDate facility { name kind commune } }
      }
    }
  }
}`,
  },
  {
    title: 'One child, with placements and schooling',
    query: `# Paste an id from "Children, a page at a time".
query Child($id: ID!) {
  child(id: $id) {
    lastName
    firstNames
    birthDate
    birthplace
    placements(first: 20) { nodes { startDate endDate facility { name kind } } }
    enrollments(first: 5) { nodes { schoolYear classLevel startDate endDate school { name code } } }
  }
}`,
    variables: JSON.stringify({ id: '' }, null, 2),
  },
  {
    title: 'Placement settings (lieux d’accueil)',
    query: `{
  facilities(first: 20) {
    nodes { name kind commune capacity }
    pageInfo { hasNextPage endCursor }
  }
}`,
  },
];

/** The analyst audience (ODPE/ONPE): aggregates only, small cells suppressed (secret statistique). */
const statistics: Example[] = [
  {
    title: 'Concerns by source and outcome, per quarter',
    query: `# Informations préoccupantes received, by source kind and by outcome, per quarter.
# Periods are whole quarters (from 1 January/April/July/October to the end of a quarter).
# A cell under the threshold comes back as { value: null, suppressed: true }, and so do the
# cells that would let it be recomputed from the totals.
query Concerns($period: CasesStatisticsPeriod!) {
  concernStatistics(period: $period) {
    bySourceKind {
      columns
      rows { label cells { value suppressed } total { value suppressed } }
      columnTotals { value suppressed }
      total { value suppressed }
      threshold
    }
    byOutcome {
      columns
      rows { label cells { value suppressed } total { value suppressed } }
    }
  }
}`,
    variables: JSON.stringify({ period: { from: '2026-01-01', to: '2026-12-31', granularity: 'QUARTER' } }, null, 2),
  },
  {
    title: 'Evaluation delays and measures in force',
    query: `# Median and 90th percentile of days to conclude an evaluation, share overdue;
# measures in force on a day by kind and sex.
query Delays($period: CasesStatisticsPeriod!, $at: LocalDate!) {
  evaluationDelayStatistics(period: $period) {
    delays { label medianDays { value suppressed } p90Days { value suppressed } overdueShare { value suppressed } }
  }
  activeMeasureStatistics(at: $at) {
    columns
    rows { label cells { value suppressed } total { value suppressed } }
  }
}`,
    variables: JSON.stringify({ period: { from: '2026-01-01', to: '2026-06-30' }, at: '2026-06-30' }, null, 2),
  },
  {
    title: 'Placements by setting, and time to mainlevée',
    query: `# Placements by facility kind in one arrondissement (territory code ARR_NANTES,
# ARR_SAINT_NAZAIRE, ARR_CHATEAUBRIANT_ANCENIS; omit territory for the whole département),
# median placement durations, return-home plans and median days to the lifting of the placement.
query Placements($period: PlacementsStatisticsPeriod!, $territory: PlacementsStatisticsTerritory) {
  placementStatistics(period: $period, territory: $territory) {
    entries { columns rows { label cells { value suppressed } } columnTotals { value suppressed } }
    durations { label medianDays { value suppressed } }
  }
  returnHomeStatistics(period: $period, territory: $territory) {
    outcomes { columns columnTotals { value suppressed } total { value suppressed } }
    timeToLifting { label medianDays { value suppressed } }
  }
}`,
    variables: JSON.stringify({ period: { from: '2025-01-01', to: '2026-09-30', granularity: 'QUARTER' }, territory: { code: 'ARR_NANTES' } }, null, 2),
  },
  {
    title: 'Concerns by source, per territory side by side',
    query: `# The same table for each arrondissement and the whole département, one alias each: the
# explorer's "Tables and charts" tab adds a table (and a chart) of their totals per territory.
# Suppression is joint across territories: no territory's withheld cell comes back by subtraction.
query ConcernsPerTerritory($period: CasesStatisticsPeriod!) {
  ARR_NANTES: concernStatistics(period: $period, territory: { code: ARR_NANTES }) {
    bySourceKind { columns columnTotals { value suppressed } total { value suppressed } }
  }
  ARR_SAINT_NAZAIRE: concernStatistics(period: $period, territory: { code: ARR_SAINT_NAZAIRE }) {
    bySourceKind { columns columnTotals { value suppressed } total { value suppressed } }
  }
  ARR_CHATEAUBRIANT_ANCENIS: concernStatistics(period: $period, territory: { code: ARR_CHATEAUBRIANT_ANCENIS }) {
    bySourceKind { columns columnTotals { value suppressed } total { value suppressed } }
  }
  DEPARTMENT: concernStatistics(period: $period) {
    bySourceKind { columns columnTotals { value suppressed } total { value suppressed } }
  }
}`,
    variables: JSON.stringify({ period: { from: '2026-01-01', to: '2026-06-30', granularity: 'QUARTER' } }, null, 2),
  },
];

/** The manager's annual activity report (département: exact; observatory: small cells suppressed). */
const activityReport: Example = {
  title: 'Annual activity report (rapport d’activité)',
  query: `# A year's activity in one query: concerns, evaluations, measures, PPE and situation report
# timeliness (cases subgraph), placements and return homes (placements subgraph).
# Exact for the département; for the observatory, small cells are suppressed.
# caseFigures and placementFigures give every figure as flat lines (what npm run report:activity writes as CSV).
query Activity($year: Int!) {
  activityReport(year: $year) {
    exact
    threshold
    concerns { bySourceKind { columns columnTotals { value suppressed } total { value suppressed } } }
    evaluations { delays { label medianDays { value suppressed } } concludedOnTimeShare { value suppressed } }
    measures {
      inForceAtStart { rows { label total { value suppressed } } }
      inForceAtEnd { rows { label total { value suppressed } } }
      endedByReason { columns rows { label cells { value suppressed } } }
    }
    childPlans { onTimeShare { value suppressed } }
    situationReports { onTimeShare { value suppressed } }
    placements { started { columns columnTotals { value suppressed } } }
    returnHomes { outcomes { columns columnTotals { value suppressed } } }
  }
}`,
  variables: JSON.stringify({ year: 2025 }, null, 2),
};

/**
 * Writes. Each example is a whole mutation with its variables as a template: fill in the ids
 * (from a query above) and the version the record has now (optimistic concurrency: a stale one
 * is CONFLICT). Every write is recorded in the audit log, with the institution and the member.
 */
const submitConcern = (sourceKind: string): Example => ({
  title: 'Submit a concern (information préoccupante)',
  query: `# Tells the CRIP about a child who may be in danger. Idempotent: the same idempotencyKey
# from the same institution returns the concern already created. The answer is a receipt: what
# becomes of it is followed with the concern's status (senderOutcome), no more.
mutation SubmitConcern($input: SubmitConcernInput!) {
  submitConcern(input: $input) { id status senderOutcome receivedAt }
}`,
  variables: JSON.stringify(
    {
      input: {
        idempotencyKey: 'my-app-2026-0001',
        channel: 'FORM',
        sourceKind,
        urgency: 'NORMAL',
        content: 'What was seen or heard, when, by whom; the child’s own words between quotation marks.',
        childIds: [],
        newChildren: [{ firstNames: 'Prénom', lastName: 'NOM', birthDate: '2016-01-31', sex: 'F' }],
        parentsInformed: true,
      },
    },
    null,
    2,
  ),
});

const acknowledgeConcern: Example = {
  title: 'Acknowledge a concern received (CRIP)',
  query: `# The CRIP records that it received the concern: its sender is told it is being processed.
mutation AcknowledgeConcern($id: ID!, $version: Int!) {
  acknowledgeConcern(id: $id, version: $version) { id version status senderOutcome acknowledgedAt }
}`,
  variables: JSON.stringify({ id: '', version: 1 }, null, 2),
};

const breakGlass: Example = {
  title: 'Open a child’s file outside my team, for an emergency (break-glass)',
  query: `# A caseworker's access to one child outside their team and caseload, for BREAK_GLASS_HOURS:
# the reason is required, the access audited and listed to the managers.
mutation BreakGlass($input: BreakGlassInput!) {
  breakGlass(input: $input) { id expiresAt child { id firstNames lastName } }
}`,
  variables: JSON.stringify({ input: { childId: '', reason: 'Appel de la gendarmerie cette nuit : enfant mis à l’abri, référent absent.' } }, null, 2),
};

const memberAccess: Example = {
  title: 'Set a member’s rights (directory administrators)',
  query: `# Scopes, role and team of a member of the département, and the identity provider's subject
# they sign in as. Needs the scope directory:admin; nobody changes their own record.
mutation SetMemberAccess($id: ID!, $version: Int!, $input: MemberAccessInput!) {
  setMemberAccess(id: $id, version: $version, input: $input) { id version accessRole scopes team { name } }
}`,
  variables: JSON.stringify({ id: '', version: 1, input: { accessRole: 'CASEWORKER', scopes: ['webhook:admin'] } }, null, 2),
};

const hearingOutcome: Example = {
  title: 'Record a hearing’s outcome',
  query: `# What was decided at a hearing of this court (the decision itself is a measure).
mutation RecordHearingOutcome($input: RecordHearingOutcomeInput!) {
  recordHearingOutcome(input: $input) { id version outcome scheduledAt }
}`,
  variables: JSON.stringify({ input: { id: '', version: 1, outcome: 'Renouvellement du placement pour un an.' } }, null, 2),
};

const referralDecision: Example = {
  title: 'Record the parquet’s decision on a referral',
  query: `# The parquet's decision on a signalement sent to it.
mutation RecordReferralDecision($input: RecordReferralDecisionInput!) {
  recordReferralDecision(input: $input) { id version decision decidedOn }
}`,
  variables: JSON.stringify({ input: { id: '', version: 1, decision: 'SEIZE_JUDGE', decidedOn: '2026-12-01' } }, null, 2),
};

const situationReportContribution: Example = {
  title: 'Contribute to a situation report (progress of a placed child)',
  query: `# The association's contribution to the situation report of a child it looks after.
mutation UpdateSituationReport($input: UpdateSituationReportInput!) {
  updateSituationReport(input: $input) { id version }
}`,
  variables: JSON.stringify({ input: { id: '', version: 1, content: 'Scolarité reprise, liens avec la fratrie maintenus, visites médiatisées régulières.' } }, null, 2),
};

/** The département's adoption team (scope adoption:team): wards of the State, the family council, approvals, placements for adoption. */
const adoptionWrite = (title: string, comment: string, field: string, type: string, selection: string, input: Record<string, unknown>): Example => ({
  title,
  query: `# ${comment}\n# The adoption team only (a département member with the scope adoption:team).\nmutation ${field[0]!.toUpperCase()}${field.slice(1)}($input: ${type}!) {\n  ${field}(input: $input) { ${selection} }\n}`,
  variables: JSON.stringify({ input }, null, 2),
});

const adoption: Example[] = [
  {
    title: 'Wards of the State: status, next family council review, life project (adoption team)',
    query: `# The wards of the State, latest admission first (the adoption team only: scope adoption:team).
# reviewDueBy: only the wards whose next family council review is due by that day (overdue included).
query WardFiles($status: WardStatus, $reviewDueBy: LocalDate, $after: String) {
  wardFiles(status: $status, reviewDueBy: $reviewDueBy, first: 10, after: $after) {
    nodes {
      id ground admittedOn status definitiveOn recourseUntil nextReviewDueOn lifeProject
      child { id firstNames lastName birthDate }
      decisions(first: 3) { nodes { kind decidedOn text } }
      adoptionPlacements { id placedOn earliestJudgmentOn outcome approval { applicantNames } }
    }
    pageInfo { hasNextPage endCursor }
  }
}`,
    variables: JSON.stringify({ status: 'WARD', reviewDueBy: '2027-01-31' }, null, 2),
  },
  {
    title: 'Approvals to adopt: decision due, validity, yearly confirmation (adoption team)',
    query: `# Requests for approval (agrément), latest first: decided within 9 months, valid 5 years.
query AdopterApprovals($status: ApprovalStatus, $after: String) {
  adopterApprovals(status: $status, first: 10, after: $after) {
    nodes { id applicantNames requestedOn status decisionDueOn socialAssessmentOn psychologicalAssessmentOn commissionOn decision decidedOn validUntil confirmationDueOn }
    pageInfo { hasNextPage endCursor }
  }
}`,
    variables: JSON.stringify({ status: 'APPROVED' }, null, 2),
  },
  {
    title: 'The family council: members in office and meetings (adoption team)',
    query: `# Who sits on the family council of the wards of the State, and its latest meetings.
query FamilyCouncil($on: LocalDate) {
  familyCouncilMembers(inOfficeOn: $on, first: 20) { nodes { id fullName capacity mandateUntil } }
  familyCouncilMeetings(first: 5) { nodes { id heldOn presentMembers { fullName } decisions { kind text wardFile { id } } } }
}`,
    variables: JSON.stringify({ on: '2026-12-01' }, null, 2),
  },
  adoptionWrite('Admit a child as a ward of the State', 'Admission on a ground of CASF L224-4: provisional for 2 months (6 for ground 3°), or on a judgment.', 'admitWard', 'AdmitWardInput',
    'id status definitiveOn nextReviewDueOn', { childId: '', ground: 'SURRENDERED_BY_PARENTS', admittedOn: '2026-11-02' }),
  adoptionWrite('End a wardship (child taken back during the provisional period)', 'A parent takes the child back without formality during the provisional period (CASF L224-6).', 'endWardship', 'EndWardshipInput',
    'id status endedOn endReason', { id: '', version: 1, on: '2026-12-01', reason: 'RETURNED_TO_PARENT', note: 'Reprise par la mère.' }),
  adoptionWrite('Appoint a member of the family council', 'A member of the family council of the wards of the State, for 6 years (CASF L224-2).', 'appointFamilyCouncilMember', 'AppointFamilyCouncilMemberInput',
    'id fullName capacity mandateUntil', { fullName: 'Claire Martin', capacity: 'ADOPTIVE_FAMILIES_ASSOCIATION', appointedOn: '2026-01-15' }),
  adoptionWrite('Record a family council meeting (review, life project, matching)', 'Its decisions about wards, all or nothing: a majority of the members in office present.', 'recordFamilyCouncilMeeting', 'RecordFamilyCouncilMeetingInput',
    'id heldOn decisions { kind wardFile { id nextReviewDueOn lifeProject } }',
    { heldOn: '2026-12-01', presentMemberIds: [], decisions: [{ wardFileId: '', kind: 'SITUATION_REVIEW', text: 'Situation revue : santé et scolarité satisfaisantes.' }] }),
  adoptionWrite('Record a request for approval to adopt', 'A request for approval (agrément): the decision is due within 9 months (CASF L225-2).', 'requestAdopterApproval', 'RequestAdopterApprovalInput',
    'id status decisionDueOn', { applicantNames: 'Anne et Paul Durand', communeCode: '44109', project: 'Un enfant de moins de 3 ans.', requestedOn: '2026-11-02' }),
  adoptionWrite('Record an assessment of applicants (social or psychological)', 'The assessments an approval rests on (CASF R225-4).', 'recordApprovalAssessment', 'RecordApprovalAssessmentInput',
    'id version socialAssessmentOn psychologicalAssessmentOn', { id: '', version: 1, kind: 'SOCIAL', on: '2026-11-20', conclusions: 'Projet construit, conditions d’accueil favorables.' }),
  adoptionWrite('Decide on a request for approval', 'After both assessments and the commission: approved for 5 years, or refused with reasons.', 'decideAdopterApproval', 'DecideAdopterApprovalInput',
    'id status decision validUntil confirmationDueOn', { id: '', version: 1, commissionOn: '2026-11-25', decision: 'APPROVED', decidedOn: '2026-12-01' }),
  adoptionWrite('Record the yearly confirmation of an approval', 'The approved applicants confirm each year that their project stands.', 'confirmAdopterApproval', 'ConfirmAdopterApprovalInput',
    'id lastConfirmedOn confirmationDueOn', { id: '', version: 1, on: '2026-12-01' }),
  adoptionWrite('Place a ward with a view to adoption', 'With adopters approved and agreed to by the family council (CASF L225-1), after the provisional period.', 'placeForAdoption', 'PlaceForAdoptionInput',
    'id placedOn earliestJudgmentOn', { wardFileId: '', approvalId: '', placedOn: '2026-12-01' }),
  adoptionWrite('Record a follow-up of a placement for adoption', 'A visit to the family until the judgment.', 'recordAdoptionFollowUp', 'RecordAdoptionFollowUpInput',
    'id followUps(first: 3) { nodes { visitedOn note } }', { placementId: '', visitedOn: '2026-12-01', note: 'Enfant bien intégré, liens d’attachement en construction.' }),
  adoptionWrite('Record the adoption judgment', 'With the family council’s consent (CC 349); a plenary adoption after 6 months in the adopters’ home (CC 345). It ends the wardship.', 'recordAdoptionJudgment', 'RecordAdoptionJudgmentInput',
    'id outcome judgmentOn wardFile { status endReason }', { id: '', version: 1, on: '2026-12-01', outcome: 'PLENARY_ADOPTION' }),
];

export const EXAMPLES = {
  department: [...caseFile, activityReport, acknowledgeConcern, breakGlass, memberAccess, ...adoption],
  crip: [...caseFile, acknowledgeConcern, submitConcern('PERSON')],
  judge: [...caseFile, hearingOutcome],
  association: [...caseFile, situationReportContribution, submitConcern('ASSOCIATION')],
  school: [
    {
      title: 'Pupils and their enrolments',
      query: `# The pupils enrolled in this school, with their class.
{
  children(first: 10) {
    nodes {
      lastName
      firstNames
      age
      enrollments(first: 3) { nodes { schoolYear classLevel startDate endDate } }
    }
  }
}`,
    },
    partnersOfKind('SCHOOL'),
    submitConcern('SCHOOL'),
  ],
  pmi: [childrenPage, partnersOfKind('PMI'), submitConcern('PMI')],
  prosecutor: [childrenPage, partnersOfKind('COURT'), referralDecision],
  analyst: [...statistics, activityReport, partnersOfKind('DEPARTMENT'), oneInstitution],
  snated: [partnersOfKind('CRIP'), oneInstitution, submitConcern('SNATED')],
  concern_sender: [partnersOfKind('CRIP'), oneInstitution, submitConcern('HOSPITAL')],
} satisfies Record<string, Example[]>;

export type ExampleAudience = keyof typeof EXAMPLES;

export function examplesFor(audience: string | undefined): Example[] {
  return audience !== undefined && Object.hasOwn(EXAMPLES, audience) ? EXAMPLES[audience as ExampleAudience] : [];
}
