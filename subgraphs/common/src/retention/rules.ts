import { addMonths } from '../law/calendar';

/**
 * Retention rules as data (issue 15): per family of records, how long it stays in the active
 * base, when it moves to the intermediate archive (read only by the archivist: scope
 * `archive:read`), and when it is eliminated — each with its source. The job
 * (`npm run retention`) reads this table; the per-subgraph SQL modules (`<subgraph>/src/retention`)
 * say which rows of their own schema belong to a child and what each one knows about it (its
 * last contact, and facts such as WARD that pick the family).
 *
 * Adding a family (e.g. ADOPTION): one entry below, with `when` naming a fact that the owning
 * subgraph's retention module reports for the children concerned (its `FACTS` list), placed
 * before the families it must win over (the first matching entry applies).
 *
 * Elimination of public archives needs the visa of the archives administration (Code du
 * patrimoine L212-2, R212-14): the `purge` terms below are the département's tableau de gestion,
 * to be validated with its archives départementales (circulaire AD 98-6 on ASE records); `null`
 * means never eliminated here (definitive archive, transferred to the archives départementales).
 */
export type RetentionAnchor =
  /** The latest dated event of the child's file in any subgraph (a measure's end, a placement's end, a concern, a visit…). */
  | 'LAST_CONTACT'
  /** The later of the last contact and the child's 18th birthday: a former child can still ask for the file as an adult. */
  | 'LAST_CONTACT_OR_MAJORITY';

export interface Term {
  months: number;
  from: RetentionAnchor;
}

export interface ChildRetentionRule {
  family: string;
  /** What the family covers, in the words of the law. */
  label: string;
  /** The child's file belongs to this family when one of its subgraphs reports one of these facts; `[]`: every child (the last entry). */
  when: readonly string[];
  /** …unless one of these facts is reported. */
  unless?: readonly string[];
  /** Active base → intermediate archive. */
  archive: Term;
  /** Intermediate archive → elimination; null: never eliminated by Passerelle. */
  purge: Term | null;
  source: string;
}

/** Families of child files, most protective first: the first entry whose `when` matches applies. */
export const CHILD_RETENTION_RULES: readonly ChildRetentionRule[] = [
  {
    family: 'WARD_FILE',
    label: 'files of wards of the State, children under guardianship or whose parental authority was delegated (pupilles, tutelle, délégation)',
    when: ['WARD'],
    archive: { months: 24, from: 'LAST_CONTACT' },
    purge: null,
    source:
      'CNIL référentiel 2022-008 (2 years after the last contact, then intermediate archive); CASF L224-7, L147-6 (access to origins through the CNAOP: the file is kept); circulaire AD 98-6 (pupilles’ files kept for good)',
  },
  {
    family: 'CONCERN_NO_ACTION',
    label: 'children known only through informations préoccupantes closed without follow-up (classées sans suite)',
    when: ['NO_FOLLOW_UP'],
    unless: ['PLACED', 'WARD'],
    archive: { months: 24, from: 'LAST_CONTACT' },
    purge: { months: 120, from: 'LAST_CONTACT' },
    source: 'CNIL référentiel 2022-008 (2 years after the last contact, then intermediate archive); elimination term of the département’s tableau de gestion (circulaire AD 98-6)',
  },
  {
    family: 'CHILD_CASE',
    label: 'the case file of a child followed by the ASE (measures, placements, plans, reports)',
    when: [],
    archive: { months: 24, from: 'LAST_CONTACT' },
    purge: { months: 240, from: 'LAST_CONTACT_OR_MAJORITY' },
    source:
      'CNIL référentiel 2022-008 (2 years after the last contact, then intermediate archive); CASF L223-7 and Code du patrimoine L213-2 (a former child’s access to the file as an adult); elimination term of the département’s tableau de gestion (circulaire AD 98-6)',
  },
];

/** Concerns that name no known child (an unmatched IP): their own family, by the date they were closed. */
export const ORPHAN_CONCERN_RULE = {
  family: 'CONCERN_NO_ACTION',
  label: 'informations préoccupantes closed without follow-up that name no child of the file',
  archive: { months: 24 },
  purge: { months: 120 },
  source: 'CNIL référentiel 2022-008; elimination term of the département’s tableau de gestion (circulaire AD 98-6)',
} as const;

/** The access log: its own retention (AUDIT_RETENTION_DAYS), applied by the audit purge (`purgeAuditLog`). */
export const ACCESS_LOG_RULE = {
  family: 'ACCESS_LOG',
  label: 'the access audit log (journal des accès)',
  source: 'CNIL logging recommendation 2021: 6 months to 1 year (up to 3 years when justified); AUDIT_RETENTION_DAYS',
} as const;

/** What a subgraph's retention module knows about one child of its schema. */
export interface ChildFacts {
  /** The latest dated event (YYYY-MM-DD) in this schema; null: none. */
  lastContact: string | null;
  /** Something still open (a measure in force, a placement without end, a concern being processed): the file is active. */
  open: boolean;
  facts: string[];
}

/** Merges what each subgraph knows of one child. */
export function mergeFacts(parts: readonly (ChildFacts | undefined)[]): ChildFacts {
  let lastContact: string | null = null;
  let open = false;
  const facts = new Set<string>();
  for (const part of parts) {
    if (!part) continue;
    if (part.lastContact && (!lastContact || part.lastContact > lastContact)) lastContact = part.lastContact;
    open ||= part.open;
    part.facts.forEach((f) => facts.add(f));
  }
  return { lastContact, open, facts: [...facts].sort() };
}

export function ruleFor(facts: ChildFacts, rules: readonly ChildRetentionRule[] = CHILD_RETENTION_RULES): ChildRetentionRule {
  const has = (list: readonly string[] | undefined) => (list ?? []).some((f) => facts.facts.includes(f));
  const rule = rules.find((r) => (r.when.length === 0 || has(r.when)) && !has(r.unless));
  if (!rule) throw new Error('the retention rules have no catch-all family (an entry with `when: []`)');
  return rule;
}

function anchor(term: Term, facts: ChildFacts, birthDate: string | null): string | null {
  if (!facts.lastContact) return null;
  if (term.from === 'LAST_CONTACT' || !birthDate) return facts.lastContact;
  const majority = addMonths(birthDate, 18 * 12);
  return majority > facts.lastContact ? majority : facts.lastContact;
}

export type RetentionAction = 'KEEP' | 'ARCHIVE' | 'PURGE';

export interface RetentionDecision {
  action: RetentionAction;
  family: string;
}

/**
 * What the job does with one child's file on `today`: nothing while anything is open or the
 * archive term has not passed; archive it after the archive term; eliminate it after the purge
 * term. A file with no dated event at all is kept (nothing says when it ended).
 */
export function decide(facts: ChildFacts, birthDate: string | null, archived: boolean, today: string, rules?: readonly ChildRetentionRule[]): RetentionDecision {
  const rule = ruleFor(facts, rules);
  const keep = { action: 'KEEP' as const, family: rule.family };
  if (facts.open) return keep;
  const archiveFrom = anchor(rule.archive, facts, birthDate);
  if (!archiveFrom) return keep;
  if (rule.purge) {
    const purgeFrom = anchor(rule.purge, facts, birthDate);
    if (purgeFrom && addMonths(purgeFrom, rule.purge.months) <= today) return { action: 'PURGE', family: rule.family };
  }
  if (!archived && addMonths(archiveFrom, rule.archive.months) <= today) return { action: 'ARCHIVE', family: rule.family };
  return keep;
}

/** A subgraph's retention module: SQL on its own schema only, run by the job inside its transaction. */
export interface RetentionQueryable {
  query<R = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<{ rows: R[]; rowCount: number | null }>;
}

export interface RetentionModule {
  /** The schema it owns (and touches, alone). */
  schema: string;
  /** What this schema knows of each child on `today` (absent: nothing). One statement per batch. */
  facts(db: RetentionQueryable, childIds: readonly string[], today: string): Promise<Map<string, ChildFacts>>;
  /** Marks these children's rows archived: they leave every normal read. Returns the children newly marked. */
  archive(db: RetentionQueryable, childIds: readonly string[], family: string, at: Date): Promise<number>;
  /** Deletes every row of these children in this schema (and the archive marks). Returns the rows deleted. */
  purge(db: RetentionQueryable, childIds: readonly string[]): Promise<number>;
}
