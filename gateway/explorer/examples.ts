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

export const EXAMPLES = {
  department: [...caseFile, activityReport, acknowledgeConcern, breakGlass],
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
