/**
 * The access matrix of DOMAIN.md, as data: who may read (R) or write (W) each category of data.
 * This is the one place the platform decides *which audience may ever see what*: the gateway
 * derives each audience's contract schema from it, the subgraphs' row scopes sit beside it, and
 * docs/ACCESS.md is generated from it. Secret professionnel partagé, CASF L226-2-2: what is
 * strictly necessary for the partner's mission.
 */

export const AUDIENCES = [
  'department',
  'crip',
  'school',
  'pmi',
  'judge',
  'prosecutor',
  'association',
  'analyst',
  'snated',
  'concern_sender',
] as const;
export type Audience = (typeof AUDIENCES)[number];

export function isAudience(value: unknown): value is Audience {
  return typeof value === 'string' && (AUDIENCES as readonly string[]).includes(value);
}

/** The kind of institution (partners subgraph's PartnerKind) each audience acts for. */
export const AUDIENCE_PARTNER_KINDS: Record<Audience, readonly string[]> = {
  department: ['DEPARTMENT'],
  crip: ['CRIP'],
  school: ['SCHOOL'],
  pmi: ['PMI'],
  judge: ['COURT'],
  prosecutor: ['PROSECUTOR'],
  association: ['ASSOCIATION'],
  analyst: ['OBSERVATORY', 'DEPARTMENT'],
  snated: ['SNATED'],
  // Institutions whose only part is to send informations préoccupantes (CASF L226-2-1: whoever
  // takes part in child protection, or comes to know of a child in danger in their work): a
  // hospital, the police or the gendarmerie, a town hall, a professional in private practice.
  concern_sender: ['HOSPITAL', 'POLICE', 'TOWN_HALL', 'PRIVATE_PRACTICE'],
};

export type Grant = 'R' | 'W' | 'RW';

export interface Category {
  /** What the category covers, as DOMAIN.md's matrix words it. */
  label: string;
  grants: Partial<Record<Audience, Grant>>;
  /** Conditions on the grant for an audience (enforced by row scopes or field rules). */
  notes?: Partial<Record<Audience, string>>;
  /** Scopes a principal must hold on top of the audience grant (e.g. managers only). */
  scopes?: readonly string[];
  /**
   * Platform categories (structure, the directory of institutions, its administration, the
   * facility directory) hold no child's data and need no data-sharing agreement; every row of
   * DOMAIN.md's matrix does: an institution sees it only while an agreement in force grants it.
   */
  platform?: true;
  /**
   * A finer cut of a matrix row, for an act the row's R/W does not say (the parquet recording
   * its decision): an agreement grants it through that row.
   */
  coveredBy?: string;
}

export const CATEGORIES = {
  PUBLIC: {
    platform: true,
    label: 'structure with no data of its own (page information, cursors, health)',
    grants: {
      department: 'R',
      crip: 'R',
      school: 'R',
      pmi: 'R',
      judge: 'R',
      prosecutor: 'R',
      association: 'R',
      analyst: 'R',
      snated: 'R',
      concern_sender: 'R',
    },
  },
  CHILD_IDENTITY: {
    label: 'child identity (name, birth date, sex)',
    grants: { department: 'RW', crip: 'RW', school: 'R', pmi: 'R', judge: 'R', prosecutor: 'R', association: 'R' },
    notes: { analyst: 'pseudonym only, through the statistics' },
  },
  PROTECTED_STATUS: {
    label: 'protected status and the ASE referent’s contact',
    grants: { department: 'RW', crip: 'R', school: 'R', pmi: 'R', judge: 'R', prosecutor: 'R', association: 'R' },
  },
  PARENTAL_AUTHORITY: {
    label: 'parental authority holders, authorised pick-up persons, persons barred from contact',
    grants: { department: 'RW', crip: 'R', school: 'R', pmi: 'R', judge: 'R', prosecutor: 'R', association: 'R' },
  },
  CONCERN_CONTENT: {
    label: 'content of an information préoccupante and the identity of its source',
    grants: { department: 'RW', crip: 'RW', prosecutor: 'R' },
    notes: { prosecutor: 'referred concerns only' },
  },
  OWN_CONCERN_STATUS: {
    label: 'status of an information préoccupante the partner itself sent',
    grants: {
      department: 'R',
      crip: 'R',
      school: 'R',
      pmi: 'R',
      judge: 'R',
      prosecutor: 'R',
      association: 'R',
      snated: 'R',
      concern_sender: 'R',
    },
    notes: {
      school: 'own concerns',
      pmi: 'own concerns',
      judge: 'own concerns',
      prosecutor: 'own concerns',
      association: 'own concerns',
      snated: 'own concerns',
      concern_sender: 'own concerns',
    },
  },
  CONCERN_SUBMISSION: {
    label: 'submit an information préoccupante',
    grants: { department: 'W', crip: 'W', school: 'W', pmi: 'W', judge: 'W', prosecutor: 'W', association: 'W', snated: 'W', concern_sender: 'W' },
  },
  EVALUATION_REPORTS: {
    label: 'evaluation reports',
    grants: { department: 'RW', crip: 'RW', judge: 'R', prosecutor: 'R' },
    notes: { prosecutor: 'referred concerns only' },
  },
  MEASURES: {
    label: 'measures and court decisions',
    grants: { department: 'RW', crip: 'R', judge: 'RW', prosecutor: 'R', association: 'R' },
    notes: { association: 'measures it carries out' },
  },
  CHILD_PLAN_OBJECTIVES: {
    label: 'projet pour l’enfant: objectives',
    grants: { department: 'RW', crip: 'R', school: 'R', pmi: 'R', judge: 'R', association: 'RW' },
    notes: { school: 'schooling domain', pmi: 'health domain', association: 'writes progress notes' },
  },
  REFERRAL_DECISION: {
    label: 'the parquet’s decision on a referral (signalement) sent to it',
    grants: { department: 'RW', crip: 'R', judge: 'R', prosecutor: 'RW' },
    notes: { prosecutor: 'referrals sent to its parquet' },
    coveredBy: 'MEASURES',
  },
  CASE_FILE: {
    label: 'the whole case file of a child at a glance (its timeline of events)',
    grants: { department: 'R', crip: 'R', judge: 'R' },
    coveredBy: 'MEASURES',
  },
  // The caseworker's day (issue 13): a member's own caseload (the children they are référent
  // of) and what falls due for them. A finer cut of the protected-status row (who follows the
  // child); each deadline is shown only when its own category is read too (cases'
  // access/deadline-kinds.ts), so the list opens nothing its reader could not read anyway.
  CASELOAD: {
    label: 'a member’s own caseload: the children they are référent of, and what falls due for them',
    grants: { department: 'R', crip: 'R' },
    notes: { department: 'the member’s own', crip: 'the member’s own: evaluations' },
    coveredBy: 'PROTECTED_STATUS',
  },
  // The written agreement an administrative measure rests on (CASF L223-2: the parents' for an
  // accueil provisoire or an AED; L222-5: the contrat jeune majeur): its terms, who signed it and
  // when, its renewals and end. The département's own act with the family: nobody else's mission
  // needs the family's signed terms (the measure itself stays readable under MEASURES). A finer
  // cut of the measures row, granted through it.
  FAMILY_AGREEMENTS: {
    label: 'a family’s written agreement to an administrative measure (parents’ agreement, contrat jeune majeur): terms, signatures, renewals, end',
    grants: { department: 'RW' },
    coveredBy: 'MEASURES',
  },
  // Wards of the State and adoption (issue 15): a ward's file (admission, provisional period,
  // recourse, life project), the family council (members, meetings, decisions), the approval of
  // adopters (agrément: applicants' identity, assessments, decision) and placements with a view
  // to adoption. Among the most confidential files of the service (the secret of a birth, CASF
  // L222-6; the applicants' private lives): the département's adoption team alone — members of the
  // département holding the scope `adoption:team` — whatever their role or territorial team (the
  // adoption service works for the whole département). A manager or a caseworker without the scope
  // reads none of it, not even that a file exists; no partner's contract holds it (the ward's
  // measure stays under MEASURES). A finer cut of the measures row (WARD_OF_THE_STATE is a measure),
  // granted through it.
  ADOPTION: {
    label: 'wards of the State and adoption: a ward’s file, the family council, adopters’ approvals, placements with a view to adoption',
    grants: { department: 'RW' },
    notes: { department: 'the adoption team only (scope adoption:team), for the whole département' },
    scopes: ['adoption:team'],
    coveredBy: 'MEASURES',
  },
  SITUATION_REPORTS: {
    label: 'situation reports',
    grants: { department: 'RW', judge: 'R', association: 'W' },
    notes: { association: 'contributions' },
  },
  PLACEMENTS: {
    label: 'placement and facility address',
    grants: { department: 'RW', crip: 'R', judge: 'R', association: 'R' },
    notes: { association: 'own facilities' },
  },
  VISIT_RIGHTS: {
    label: 'visit rights and schedule',
    grants: { department: 'RW', judge: 'RW', association: 'R' },
  },
  RETURN_HOME_PLAN: {
    label: 'return-home plan',
    grants: { department: 'RW', judge: 'R', association: 'R' },
  },
  HEALTH_FOLLOW_UP: {
    label: 'health follow-up',
    grants: { department: 'R', pmi: 'RW' },
  },
  SCHOOLING: {
    label: 'schooling (enrolment, class)',
    grants: { department: 'R', crip: 'R', school: 'RW', judge: 'R', association: 'R' },
  },
  // A school's enrolment and a PMI centre's follow-up put a child in that partner's slice. So
  // that no partner's write widens its own slice (issue 10, class 3), what a school or a PMI
  // centre records is a declaration, in force only once the département confirms it; these two
  // rows are that confirmation (and the list of declarations waiting for it). The département
  // holds R on SCHOOLING and HEALTH_FOLLOW_UP (DOMAIN.md): it does not keep a school's registers,
  // it only vouches for the link that opens a child's file to a partner. Granted through the
  // row they refine, as REFERRAL_DECISION is through MEASURES.
  SCHOOLING_CONFIRMATION: {
    label: 'confirming or rejecting a school’s enrolment declaration (what puts a pupil in a school’s slice)',
    grants: { department: 'RW' },
    coveredBy: 'SCHOOLING',
  },
  HEALTH_FOLLOW_UP_CONFIRMATION: {
    label: 'confirming or rejecting a PMI centre’s follow-up declaration (what puts a child in a PMI centre’s slice)',
    grants: { department: 'RW' },
    coveredBy: 'HEALTH_FOLLOW_UP',
  },
  AUDIT_LOG: {
    label: 'audit log',
    grants: { department: 'R' },
    notes: { department: 'managers' },
    scopes: ['audit:read'],
  },
  // The data-protection officer's audit: the whole log searched by member, institution, child and
  // period (DOMAIN.md: "the data-protection officer's audit of one child's file over a period"),
  // not only one child's file at a time. A finer cut of the audit-log row, for the DPO alone.
  AUDIT_SEARCH: {
    label: 'audit log, searched across the département (by member, institution, child, period)',
    grants: { department: 'R' },
    notes: { department: 'the data-protection officer' },
    scopes: ['audit:read', 'audit:dpo'],
    coveredBy: 'AUDIT_LOG',
  },
  // A person's access to their own file (issue 15): the RGPD right of access (art. 15), a former
  // child in care's access to the file (CASF L223-7), with third parties masked (CRPA L311-6:
  // above all whoever sent an information préoccupante). Produced by the département's
  // archivist — a member holding the scope `archive:read` — across the three subgraphs, the
  // intermediate archive included: the only read of archived rows. A finer cut of the child's
  // identity row: it opens one person's file, on a request, nothing else.
  PERSONAL_FILE: {
    label: 'a person’s whole file, intermediate archive included, with third parties masked, for their access request (archivist)',
    grants: { department: 'R' },
    notes: { department: 'the archivist (scope archive:read)' },
    scopes: ['archive:read'],
    coveredBy: 'CHILD_IDENTITY',
  },
  // The département's own slice (issue 13): a caseworker reads their team's and their caseload's
  // children only; for an emergency they may open one more child to themselves, for a bounded
  // time, with a reason — explicit, audited, listed to the managers (`breakGlassGrants`, under
  // AUDIT_LOG). Granted through the child's identity row: it opens a child's file, nothing else.
  BREAK_GLASS: {
    label: 'break-glass: a département caseworker’s audited, time-bounded access to a child outside their slice, for an emergency',
    grants: { department: 'RW' },
    notes: { department: 'caseworkers, for themselves; the grants are listed to the managers' },
    coveredBy: 'CHILD_IDENTITY',
  },
  AGGREGATES: {
    label: 'aggregates, pseudonymised records',
    grants: { department: 'R', crip: 'R', analyst: 'R' },
  },
  // The manager's annual activity report (rapport d'activité de l'ASE, issue 13): one query over
  // concerns, evaluations, measures, PPE, situation reports, placements and return homes for a
  // year. The département's managers read it exact: they already read every record it counts
  // (whole département, every category it sums). Its caseworkers (their team's slice) and the
  // observatory (analyst) get the statistics' small-cell suppression, the same cells as the
  // quarterly statistics publish. Nobody else: the CRIP's aggregates stop at the statistics tables.
  // Granted by an agreement through AGGREGATES.
  ACTIVITY_REPORT: {
    label: 'the annual activity report of the ASE (rapport d’activité): exact for the département, small cells suppressed for the observatory',
    grants: { department: 'R', analyst: 'R' },
    notes: { department: 'managers: exact figures; caseworkers: small cells suppressed', analyst: 'small cells suppressed, as the statistics' },
    coveredBy: 'AGGREGATES',
  },
  DIRECTORY: {
    platform: true,
    label: 'directory of institutions (names, kinds, codes, communes; no personal data)',
    grants: {
      department: 'R',
      crip: 'R',
      school: 'R',
      pmi: 'R',
      judge: 'R',
      prosecutor: 'R',
      association: 'R',
      analyst: 'R',
      snated: 'R',
      concern_sender: 'R',
    },
  },
  PARTNER_ADMINISTRATION: {
    platform: true,
    label: 'partners’ members and data-sharing agreements',
    grants: { department: 'R' },
  },
  // Stop 21: the directory's writes decide who acts for which institution with which rights — an
  // institution's kind and codes, a member's e-mail (with OpenID Connect sign-in, the e-mail and
  // the institution's SIRET/UAI/FINESS name the member), activation, the agreements in force. They
  // were open to every member of the département, caseworkers included: one could give a
  // manager's record their own e-mail and sign in as that manager. They are the data controller's:
  // members holding directory:admin, never on their own record (partners' row policy).
  DIRECTORY_ADMINISTRATION: {
    platform: true,
    label: 'the directory’s writes: institutions, their members (sign-in identity, activation) and data-sharing agreements',
    grants: { department: 'W' },
    scopes: ['directory:admin'],
  },
  // Issue 13: what an institution is told falls due or changed. A notification holds ids, a kind
  // and a due date, of a category its recipient may read (outbox.ts); its own inbox is the only
  // one it reads. No child's data, hence no agreement: the records it points at stay behind
  // their own categories and agreements.
  NOTIFICATIONS: {
    platform: true,
    label: 'its own notifications (ids, kind, due date of what fell due or changed; never a record’s content), read and acknowledged',
    grants: {
      department: 'RW',
      crip: 'RW',
      school: 'RW',
      pmi: 'RW',
      judge: 'RW',
      prosecutor: 'RW',
      association: 'RW',
      snated: 'RW',
      concern_sender: 'RW',
    },
    notes: {
      department: 'own and the département’s',
      crip: 'own',
      school: 'own',
      pmi: 'own',
      judge: 'own',
      prosecutor: 'own',
      association: 'own',
      snated: 'own',
      concern_sender: 'own',
    },
  },
  WEBHOOK_SETTINGS: {
    platform: true,
    label: 'an institution’s webhook for its notifications (URL; the signing secret is written, never read back)',
    grants: {
      department: 'RW',
      crip: 'RW',
      school: 'RW',
      pmi: 'RW',
      judge: 'RW',
      prosecutor: 'RW',
      association: 'RW',
      snated: 'RW',
      concern_sender: 'RW',
    },
    notes: {
      department: 'any institution’s',
      crip: 'own',
      school: 'own',
      pmi: 'own',
      judge: 'own',
      prosecutor: 'own',
      association: 'own',
      snated: 'own',
      concern_sender: 'own',
    },
    scopes: ['webhook:admin'],
  },
  FACILITIES: {
    platform: true,
    label: 'facilities and their vacancies (no confidential address)',
    grants: { department: 'RW', crip: 'R', judge: 'R', association: 'R' },
  },
} as const satisfies Record<string, Category>;

export type DataCategory = keyof typeof CATEGORIES;
export const DATA_CATEGORIES = Object.keys(CATEGORIES) as DataCategory[];

export function isDataCategory(value: unknown): value is DataCategory {
  return typeof value === 'string' && value in CATEGORIES;
}

function grantOf(category: DataCategory, audience: Audience): string {
  return (CATEGORIES[category] as Category).grants[audience] ?? '';
}

export function canRead(audience: Audience, category: DataCategory): boolean {
  return grantOf(category, audience).includes('R');
}

export function canWrite(audience: Audience, category: DataCategory): boolean {
  return grantOf(category, audience).includes('W');
}

/** The rows of DOMAIN.md's matrix: what a data-sharing agreement can grant. */
export const AGREEMENT_CATEGORIES = DATA_CATEGORIES.filter(
  (c) => !(CATEGORIES[c] as Category).platform && !(CATEGORIES[c] as Category).coveredBy,
);

/** The agreement category that must be granted for this one; null for platform categories. */
export function agreementCategoryOf(category: DataCategory): DataCategory | null {
  const spec = CATEGORIES[category] as Category;
  if (spec.platform) return null;
  return (spec.coveredBy as DataCategory | undefined) ?? category;
}

/** The agreement categories the matrix opens to an audience (read or write). */
export function agreementCategoriesOf(audience: Audience): DataCategory[] {
  return AGREEMENT_CATEGORIES.filter((c) => ((CATEGORIES[c] as Category).grants[audience] ?? '') !== '');
}

/**
 * The scopes a member of an institution of this audience can be given: those of the categories
 * its audience is granted at all (audit:dpo to the département's members, never to a school's).
 */
export function grantableScopes(audience: Audience): string[] {
  const scopes = DATA_CATEGORIES.filter((c) => grantOf(c, audience) !== '').flatMap((c) => requiredScopes(c));
  return [...new Set(scopes)].sort();
}

/** Scopes a principal needs for the category on top of its audience's grant. */
export function requiredScopes(category: DataCategory): readonly string[] {
  return (CATEGORIES[category] as Category).scopes ?? [];
}

/**
 * Who reads aggregates exact (no small-cell suppression): the audiences who read, record by record,
 * every category the activity report sums — and of them only the members who see the whole
 * département (`seesWholeDepartment`: the managers). Everyone else who reads an aggregate gets it
 * with small cells suppressed.
 */
export const EXACT_AGGREGATE_AUDIENCES: readonly Audience[] = ['department'];

export type SubgraphName = 'cases' | 'placements' | 'partners';

/**
 * The "rows in scope" line of the matrix, and which subgraphs hold the facts that put a child in
 * each audience's slice (the row-scope resolver asks exactly these).
 */
export const ROW_SCOPES: Record<Audience, { rows: string; whole?: true; sources: readonly SubgraphName[] }> = {
  department: {
    rows: 'the whole département for its managers; a caseworker: the children living in their team’s communes, their caseload, and their break-glass grants in force',
    whole: true,
    sources: [],
  },
  crip: { rows: 'the whole département', whole: true, sources: [] },
  school: { rows: 'children enrolled with it today (a pupil who changes school leaves its slice that day)', sources: ['partners'] },
  pmi: { rows: 'children it follows today', sources: ['partners'] },
  judge: { rows: 'children with a measure, a hearing or a referral before its court', sources: ['cases'] },
  prosecutor: { rows: 'children of the referrals sent to its parquet', sources: ['cases'] },
  association: {
    rows: 'children placed in facilities it runs, or under a measure it carries out',
    sources: ['placements', 'cases'],
  },
  analyst: { rows: 'no record at all: aggregates only, cells under the threshold suppressed', sources: [] },
  snated: { rows: 'only the concerns it sent, and only their status', sources: [] },
  concern_sender: { rows: 'only the concerns it sent, and only their status', sources: [] },
};
