import { GraphQLError } from 'graphql';
import { ErrorCode } from '../errors';
import { addDays, addMonths, ageOn, birthday } from './calendar';

/**
 * The law per kind of protection measure: ONE table (issue 13, "legal rules that must hold").
 * Creating, activating and renewing a measure (cases subgraph) and placing a child under one
 * (placements subgraph) read it; the seeds obey it (their tests check every seeded row against
 * `measureViolations`). Sources are cited per row and per field; DOMAIN.md's legal table is the
 * reference. Articles: CC = Code civil, CASF = Code de l'action sociale et des familles,
 * CPC = Code de procédure civile.
 */

/** Measure kinds, spelled as the cases subgraph's `MeasureKind`. */
export type MeasureKindName =
  | 'AED'
  | 'AEMO'
  | 'VOLUNTARY_CARE'
  | 'EMERGENCY_ORDER'
  | 'COURT_PLACEMENT'
  | 'TRUSTED_THIRD_PARTY'
  | 'DELEGATION_OF_PARENTAL_AUTHORITY'
  | 'GUARDIANSHIP'
  | 'WARD_OF_THE_STATE'
  | 'YOUNG_ADULT';

/** Who takes the decision: the président du conseil départemental (ASE), a judge, the parquet. */
export type Decider = 'DEPARTMENT' | 'JUDGE' | 'PROSECUTOR';

/** Each rule a refusal names in `extensions.rule`. */
export const LEGAL_RULE = {
  /** A judicial kind recorded as administrative, or the reverse. */
  MEASURE_NATURE: 'MEASURE_NATURE',
  /** Decided by someone the law does not let decide that kind (an AEMO by the département, an OPP by… the département). */
  MEASURE_DECIDER: 'MEASURE_DECIDER',
  /** The person's age when the measure starts is outside the kind's ages (minors; jeune majeur 18–21). */
  MEASURE_AGE: 'MEASURE_AGE',
  /** The measure would last past the age it must end at (majority; 21 for a jeune majeur). */
  MEASURE_AGE_LIMIT: 'MEASURE_AGE_LIMIT',
  /** A term (first decision or renewal) longer than the law allows. */
  MEASURE_MAX_DURATION: 'MEASURE_MAX_DURATION',
  /** More renewals than the law allows (an OPP is extended once). */
  MEASURE_RENEWAL_LIMIT: 'MEASURE_RENEWAL_LIMIT',
  /** A fact (a decision taken, a visit held) dated after today. */
  FACT_IN_FUTURE: 'FACT_IN_FUTURE',
  /** A placement under a measure whose kind does not allow one (AED, AEMO). */
  PLACEMENT_NOT_ALLOWED: 'PLACEMENT_NOT_ALLOWED',
  /** A placement under a measure of another child, not in force, or outside its dates. */
  PLACEMENT_MEASURE: 'PLACEMENT_MEASURE',
  /**
   * A measure that rests on a written agreement (the parents' for an accueil provisoire or an AED,
   * the young adult's for a contrat jeune majeur: CASF L223-2, L222-5) coming into force, or
   * renewed, without one signed and in force over its dates.
   */
  WRITTEN_AGREEMENT: 'WRITTEN_AGREEMENT',
} as const;
export type LegalRule = (typeof LEGAL_RULE)[keyof typeof LEGAL_RULE];

export interface MeasureRule {
  kind: MeasureKindName;
  /** Who may decide it. */
  decidedBy: readonly Decider[];
  /** Ordered by a court always, never, or either way. */
  nature: 'judicial' | 'administrative' | 'either';
  /**
   * Longest term one decision may set, in months (the first decision; each renewal the same,
   * unless `renewalMaxMonths` says otherwise); null: no legal term (it lasts until majority, an
   * adoption or a judgment).
   */
  maxTermMonths: number | null;
  /** How many renewals the law allows: null without limit (each by its own decision), 1 for an OPP. */
  maxRenewals: number | null;
  /** Longest term one renewal may add, in months; null: as `maxTermMonths`. */
  renewalMaxMonths: number | null;
  /** Where the term and its renewals come from. */
  termSource: string | null;
  /** A renewal is a reasoned decision (décision motivée): it gives its reasons. */
  reasonedRenewal: boolean;
  /** Ages of the person: `from` full years when it starts, and it ends before the `before`th birthday. */
  ages: { from: number; before: number };
  /** Whether a child may be placed (a Placement) to carry it out. */
  allowsPlacement: boolean;
  /** Whose written agreement it rests on (voluntary care: the parents'); null: none (a court decides). */
  writtenAgreement: 'PARENTS' | 'YOUNG_ADULT' | null;
  /** What it requires next. */
  next: {
    /** Ordered by the parquet: the children's judge is seized within this many days. */
    judgeSeizedWithinDays: number | null;
    /** A provisional order: the judge decides on the merits within this many months of it. */
    meritsDecisionWithinMonths: number | null;
    /** Situation reports (at least yearly, every 6 months under 2), to the judge for a judicial one. */
    situationReports: boolean;
    /** The projet pour l'enfant is drawn up within this many months of the start; null: none. */
    childPlanWithinMonths: number | null;
    /** A ward of the State: the family council reviews the situation within `first` months, then every `then`. */
    familyCouncilReview: { firstWithinMonths: number; thenEveryMonths: number } | null;
  };
  /** Where the rules of the row come from. */
  sources: readonly string[];
}

/** Minors: the measures of assistance éducative and of the ASE end at majority (CC 375: "mineur non émancipé"; CC 388, 414: majority at 18). */
const MINOR = { from: 0, before: 18 } as const;

/** What every measure for a minor requires: situation reports (CASF L223-5), a PPE within 3 months (CASF L223-1-1). */
const FOLLOW_UP = {
  judgeSeizedWithinDays: null,
  meritsDecisionWithinMonths: null,
  situationReports: true,
  childPlanWithinMonths: 3,
  familyCouncilReview: null,
} as const;

/**
 * CC 375 al. 3: a court measure carried out by a service or an institution is ordered for at
 * most 2 years, renewable by reasoned decision. (Al. 4 allows a longer placement when the
 * parents' difficulties are chronic: not modelled, see the note of issue 13.)
 */
const COURT_TERM = { maxTermMonths: 24, maxRenewals: null, renewalMaxMonths: null, reasonedRenewal: true, termSource: 'CC 375 al. 3' } as const;

/**
 * CASF L223-5 al. 1: except for a child entrusted by a court, no measure is taken for more than
 * a year; it is renewable under the same conditions (i.e. with a new written agreement).
 */
const ADMINISTRATIVE_TERM = { maxTermMonths: 12, maxRenewals: null, renewalMaxMonths: null, reasonedRenewal: false, termSource: 'CASF L223-5 al. 1' } as const;

/** No legal term: it lasts until majority, an adoption or a judgment ends it. */
const NO_TERM = { maxTermMonths: null, maxRenewals: null, renewalMaxMonths: null, reasonedRenewal: false, termSource: null } as const;

export const MEASURE_RULES: Readonly<Record<MeasureKindName, MeasureRule>> = {
  AED: {
    kind: 'AED',
    decidedBy: ['DEPARTMENT'],
    nature: 'administrative',
    ...ADMINISTRATIVE_TERM,
    ages: MINOR,
    // Home support: the child stays at home (CASF L222-2, L222-3).
    allowsPlacement: false,
    // CASF L223-2 al. 1: no ASE decision without the parents' written agreement, unless a court entrusted the child.
    writtenAgreement: 'PARENTS',
    next: FOLLOW_UP,
    sources: ['CASF L222-2', 'CASF L222-3', 'CASF L223-2', 'CASF L223-5', 'CASF L223-1-1'],
  },
  AEMO: {
    kind: 'AEMO',
    decidedBy: ['JUDGE'],
    nature: 'judicial',
    ...COURT_TERM,
    ages: MINOR,
    // CC 375-2: the child is kept in its own surroundings (milieu actuel).
    allowsPlacement: false,
    writtenAgreement: null,
    next: FOLLOW_UP,
    sources: ['CC 375', 'CC 375-2', 'CASF L223-5', 'CASF L223-1-1'],
  },
  VOLUNTARY_CARE: {
    kind: 'VOLUNTARY_CARE',
    decidedBy: ['DEPARTMENT'],
    nature: 'administrative',
    ...ADMINISTRATIVE_TERM,
    ages: MINOR,
    // CASF L222-5 1°: minors who cannot stay in their home for a while are taken in by the ASE.
    allowsPlacement: true,
    // CASF L223-2 al. 1 (emergency intake without it: parquet informed at once, court after 5 days, al. 2-4).
    writtenAgreement: 'PARENTS',
    next: FOLLOW_UP,
    sources: ['CASF L222-5', 'CASF L223-2', 'CASF L223-5', 'CASF L223-1-1'],
  },
  EMERGENCY_ORDER: {
    kind: 'EMERGENCY_ORDER',
    // CC 375-5: the children's judge, or in an emergency the parquet of the place where the child is found.
    decidedBy: ['JUDGE', 'PROSECUTOR'],
    nature: 'judicial',
    // CPC 1185 al. 1: the decision on the merits within 6 months of the provisional order;
    // al. 2: the judge may extend that delay once, by at most 6 months.
    maxTermMonths: 6,
    maxRenewals: 1,
    renewalMaxMonths: 6,
    reasonedRenewal: true,
    termSource: 'CPC 1185',
    ages: MINOR,
    allowsPlacement: true,
    writtenAgreement: null,
    next: {
      ...FOLLOW_UP,
      // CC 375-5 al. 2: the parquet that ordered it seizes the judge within 8 days.
      judgeSeizedWithinDays: 8,
      meritsDecisionWithinMonths: 6,
    },
    sources: ['CC 375-5', 'CPC 1184', 'CPC 1185', 'CASF L223-5', 'CASF L223-1-1'],
  },
  COURT_PLACEMENT: {
    kind: 'COURT_PLACEMENT',
    decidedBy: ['JUDGE'],
    nature: 'judicial',
    ...COURT_TERM,
    ages: MINOR,
    // CC 375-3 3° to 5°: entrusted to the ASE, a service or an establishment.
    allowsPlacement: true,
    writtenAgreement: null,
    next: FOLLOW_UP,
    sources: ['CC 375', 'CC 375-3', 'CASF L223-5', 'CASF L223-1-1'],
  },
  TRUSTED_THIRD_PARTY: {
    kind: 'TRUSTED_THIRD_PARTY',
    decidedBy: ['JUDGE'],
    nature: 'judicial',
    // CC 375 al. 3 names measures carried out by a service; a judge fixes the term of every
    // measure, and Passerelle holds a TDC placement to the same 2 years (DOMAIN.md).
    ...COURT_TERM,
    ages: MINOR,
    // CC 375-3 2°: with another member of the family or a trusted third person.
    allowsPlacement: true,
    writtenAgreement: null,
    next: FOLLOW_UP,
    sources: ['CC 375', 'CC 375-3', 'CASF L223-5', 'CASF L223-1-1'],
  },
  DELEGATION_OF_PARENTAL_AUTHORITY: {
    kind: 'DELEGATION_OF_PARENTAL_AUTHORITY',
    // CC 377: decided by the juge aux affaires familiales.
    decidedBy: ['JUDGE'],
    nature: 'judicial',
    // CC 377-2: it ends by a new judgment (or at majority).
    ...NO_TERM,
    ages: MINOR,
    // CC 377 al. 2: the child may be delegated to the ASE, which takes it in (CASF L222-5).
    allowsPlacement: true,
    writtenAgreement: null,
    next: FOLLOW_UP,
    sources: ['CC 377', 'CC 377-2', 'CASF L222-5', 'CASF L223-5', 'CASF L223-1-1'],
  },
  GUARDIANSHIP: {
    kind: 'GUARDIANSHIP',
    // CC 390, 411: opened by the juge des tutelles; a vacant guardianship is deferred to the ASE.
    decidedBy: ['JUDGE', 'DEPARTMENT'],
    nature: 'either',
    ...NO_TERM,
    ages: MINOR,
    allowsPlacement: true,
    writtenAgreement: null,
    next: FOLLOW_UP,
    sources: ['CC 390', 'CC 411', 'CASF L222-5', 'CASF L223-5', 'CASF L223-1-1'],
  },
  WARD_OF_THE_STATE: {
    kind: 'WARD_OF_THE_STATE',
    // CASF L224-4, L224-8: admitted by the président du conseil départemental; CC 381-1: after a
    // judicial declaration of abandonment.
    decidedBy: ['DEPARTMENT', 'JUDGE'],
    nature: 'either',
    // Until adoption or majority.
    ...NO_TERM,
    ages: MINOR,
    // CASF L222-5 2°: wards of the State are taken in by the ASE.
    allowsPlacement: true,
    writtenAgreement: null,
    next: {
      ...FOLLOW_UP,
      // DOMAIN.md: the family council reviews the situation within 2 months of admission, then yearly (CASF L224-4, L225-1).
      familyCouncilReview: { firstWithinMonths: 2, thenEveryMonths: 12 },
    },
    sources: ['CASF L224-4', 'CASF L224-8', 'CASF L225-1', 'CC 381-1', 'CASF L222-5', 'CASF L223-5', 'CASF L223-1-1'],
  },
  YOUNG_ADULT: {
    kind: 'YOUNG_ADULT',
    decidedBy: ['DEPARTMENT'],
    nature: 'administrative',
    ...ADMINISTRATIVE_TERM,
    // CASF L222-5 al. 5 (6° since 2022): majeurs de moins de vingt et un ans.
    ages: { from: 18, before: 21 },
    // CASF L222-5: taken in (accueil) by the ASE, or supported at home.
    allowsPlacement: true,
    // CASF L223-2 al. 1: the beneficiary's own written agreement (contrat jeune majeur).
    writtenAgreement: 'YOUNG_ADULT',
    // No PPE for an adult (CASF L223-1-1 concerns the child); reports continue (CASF L223-5).
    next: { ...FOLLOW_UP, childPlanWithinMonths: null },
    sources: ['CASF L222-5', 'CASF L222-5-1', 'CASF L223-2', 'CASF L223-5'],
  },
};

export const MEASURE_KIND_NAMES = Object.keys(MEASURE_RULES) as MeasureKindName[];

export function measureRule(kind: MeasureKindName): MeasureRule {
  const rule = MEASURE_RULES[kind];
  if (!rule) throw new Error(`no legal rule for measure kind ${kind}`);
  return rule;
}

/** A measure that breaks a rule: refused with BAD_USER_INPUT naming it. */
export interface Violation {
  rule: LegalRule;
  message: string;
  /** The offending argument path (e.g. `input.plannedEndDate`). */
  argument: string;
}

/** The refusal of a violation: BAD_USER_INPUT, `extensions.rule` and `extensions.argument`. */
export function legalError(violation: Violation): GraphQLError {
  return new GraphQLError(violation.message, {
    extensions: { code: ErrorCode.BAD_USER_INPUT, rule: violation.rule, argument: violation.argument },
  });
}

/** Throws the first violation, if any (before anything is written). */
export function refuseViolations(violations: readonly Violation[]): void {
  if (violations[0]) throw legalError(violations[0]);
}

/** The last day a measure of this kind may last for a person born on `birthDate`: the day before the age limit. */
export function lastLawfulDay(kind: MeasureKindName, birthDate: string): string {
  return addDays(birthday(birthDate, measureRule(kind).ages.before), -1);
}

/** The longest planned end one decision starting on `from` may set (term and age limit); null: no term but the age. */
function longestEnd(kind: MeasureKindName, birthDate: string, from: string, months: number | null): string {
  const limit = lastLawfulDay(kind, birthDate);
  if (months === null) return limit;
  const term = addDays(addMonths(from, months), -1);
  return term < limit ? term : limit;
}

/**
 * The planned end when none is given: the kind's term (a court measure 2 years, an administrative
 * one 1 year, an OPP 6 months), never past the age limit; with no legal term, the age limit.
 */
export function defaultPlannedEnd(kind: MeasureKindName, birthDate: string, startDate: string): string {
  return longestEnd(kind, birthDate, startDate, measureRule(kind).maxTermMonths);
}

/** A fact cannot be dated after today (a decision taken, a visit held). */
export function factDateViolation(day: string | null | undefined, today: string, argument: string, what: string): Violation | null {
  if (!day || day <= today) return null;
  return { rule: LEGAL_RULE.FACT_IN_FUTURE, message: `${what} cannot be dated in the future (${day}; today is ${today})`, argument };
}

/** Who decided a measure: as recorded, or (measures recorded before it was kept) a judge for a judicial one, the département otherwise. */
export function deciderOf(judicial: boolean, decidedBy: Decider | null | undefined): Decider {
  return decidedBy ?? (judicial ? 'JUDGE' : 'DEPARTMENT');
}

export interface NewMeasure {
  kind: MeasureKindName;
  judicial: boolean;
  /** Who decided it, if said (else `deciderOf`'s default). */
  decidedBy?: Decider | null;
  /** The person's birth date. */
  birthDate: string;
  startDate: string;
  plannedEndDate: string | null;
  decisionDate: string | null;
  today: string;
}

/** What the law says of a measure as proposed or put in force: every violation, most basic first. */
export function measureViolations(m: NewMeasure, at: { kind?: string; startDate?: string; plannedEndDate?: string; decisionDate?: string } = {}): Violation[] {
  const path = { kind: 'input.kind', startDate: 'input.startDate', plannedEndDate: 'input.plannedEndDate', decisionDate: 'input.decisionDate', ...at };
  const rule = measureRule(m.kind);
  const out: Violation[] = [];
  if (rule.nature === 'judicial' && !m.judicial) {
    out.push({ rule: LEGAL_RULE.MEASURE_NATURE, message: `a ${m.kind} measure is ordered by a judge: judicial must be true (${rule.sources[0]})`, argument: 'input.judicial' });
  }
  if (rule.nature === 'administrative' && m.judicial) {
    out.push({ rule: LEGAL_RULE.MEASURE_NATURE, message: `a ${m.kind} measure is administrative, not judicial (${rule.sources[0]})`, argument: 'input.judicial' });
  }
  // Said explicitly only (by default the decider follows `judicial`, which MEASURE_NATURE checks).
  const decider = m.decidedBy;
  if (decider && (!rule.decidedBy.includes(decider) || (decider === 'DEPARTMENT') === m.judicial)) {
    out.push({
      rule: LEGAL_RULE.MEASURE_DECIDER,
      message: `a ${m.kind} measure is decided by ${rule.decidedBy.join(' or ').toLowerCase()}${m.judicial ? ', a judicial one never by the département' : ', an administrative one by the département'} (${rule.sources[0]}), not by ${decider.toLowerCase()}`,
      argument: 'input.decidedBy',
    });
  }
  const age = ageOn(m.birthDate, m.startDate);
  if (age < rule.ages.from || age >= rule.ages.before) {
    out.push({
      rule: LEGAL_RULE.MEASURE_AGE,
      message: `a ${m.kind} measure is for a person aged ${rule.ages.from} to ${rule.ages.before - 1}; the child is ${age} on ${m.startDate}`,
      argument: path.kind,
    });
  }
  if (m.plannedEndDate) {
    const limit = lastLawfulDay(m.kind, m.birthDate);
    if (m.plannedEndDate > limit) {
      out.push({
        rule: LEGAL_RULE.MEASURE_AGE_LIMIT,
        message: `a ${m.kind} measure ends at the latest on ${limit}, the day before the child turns ${rule.ages.before}`,
        argument: path.plannedEndDate,
      });
    }
    if (rule.maxTermMonths !== null) {
      const longest = addDays(addMonths(m.startDate, rule.maxTermMonths), -1);
      if (m.plannedEndDate > longest) {
        out.push({
          rule: LEGAL_RULE.MEASURE_MAX_DURATION,
          message: `a ${m.kind} measure is decided for at most ${rule.maxTermMonths} months (${rule.termSource}): from ${m.startDate} it ends on ${longest} at the latest`,
          argument: path.plannedEndDate,
        });
      }
    }
  }
  const future = factDateViolation(m.decisionDate, m.today, path.decisionDate, 'a judge’s decision');
  if (future) out.push(future);
  return out;
}

export interface Renewal {
  kind: MeasureKindName;
  birthDate: string;
  /** Renewals already recorded. */
  renewalsSoFar: number;
  /** The planned end the renewal moves. */
  previousEndDate: string;
  newEndDate: string;
  decisionDate: string;
  today: string;
}

/** What the law says of a renewal (an OPP's extension): every violation. */
export function renewalViolations(r: Renewal): Violation[] {
  const rule = measureRule(r.kind);
  const out: Violation[] = [];
  if (rule.maxRenewals !== null && r.renewalsSoFar >= rule.maxRenewals) {
    out.push({
      rule: LEGAL_RULE.MEASURE_RENEWAL_LIMIT,
      message: `a ${r.kind} measure is renewed at most ${rule.maxRenewals === 1 ? 'once' : `${rule.maxRenewals} times`} (${rule.termSource}), and it has been already`,
      argument: 'input.id',
    });
  }
  const months = rule.renewalMaxMonths ?? rule.maxTermMonths;
  if (months !== null) {
    const longest = addDays(addMonths(addDays(r.previousEndDate, 1), months), -1);
    if (r.newEndDate > longest) {
      out.push({
        rule: LEGAL_RULE.MEASURE_MAX_DURATION,
        message: `a renewal of a ${r.kind} measure adds at most ${months} months (${rule.termSource}): after ${r.previousEndDate} it ends on ${longest} at the latest`,
        argument: 'input.newEndDate',
      });
    }
  }
  const limit = lastLawfulDay(r.kind, r.birthDate);
  if (r.newEndDate > limit) {
    out.push({
      rule: LEGAL_RULE.MEASURE_AGE_LIMIT,
      message: `a ${r.kind} measure ends at the latest on ${limit}, the day before the child turns ${rule.ages.before}`,
      argument: 'input.newEndDate',
    });
  }
  const future = factDateViolation(r.decisionDate, r.today, 'input.decisionDate', 'a renewal decision');
  if (future) out.push(future);
  return out;
}

/** The measure a placement would carry out, as the cases subgraph knows it. */
export interface PlacementBasis {
  kind: MeasureKindName;
  /** PROPOSED, ACTIVE, RENEWED, ENDED, LIFTED. */
  status: string;
  childId: string;
  startDate: string;
  plannedEndDate: string | null;
  /** The day it ended or was lifted; null while open. */
  closedOn: string | null;
}

/** What the law says of a placement under a measure: every violation. */
export function placementViolations(measure: PlacementBasis, placement: { childId: string; startDate: string; plannedEndDate: string | null }): Violation[] {
  const rule = measureRule(measure.kind);
  const out: Violation[] = [];
  if (!rule.allowsPlacement) {
    out.push({
      rule: LEGAL_RULE.PLACEMENT_NOT_ALLOWED,
      message: `a ${measure.kind} measure does not allow a placement (${rule.sources.slice(0, 2).join(', ')}): the child stays at home`,
      argument: 'input.measureId',
    });
  }
  if (measure.childId !== placement.childId) {
    out.push({ rule: LEGAL_RULE.PLACEMENT_MEASURE, message: 'that measure is about another child', argument: 'input.measureId' });
  }
  if (measure.status !== 'ACTIVE' && measure.status !== 'RENEWED') {
    out.push({ rule: LEGAL_RULE.PLACEMENT_MEASURE, message: `that measure is ${measure.status}: a placement carries out a measure in force`, argument: 'input.measureId' });
  } else {
    if (placement.startDate < measure.startDate) {
      out.push({ rule: LEGAL_RULE.PLACEMENT_MEASURE, message: `the measure starts on ${measure.startDate}: the placement cannot start before it`, argument: 'input.startDate' });
    }
    const end = measure.plannedEndDate;
    if (end && placement.startDate > end) {
      out.push({ rule: LEGAL_RULE.PLACEMENT_MEASURE, message: `the measure ends on ${end}: the placement cannot start after it`, argument: 'input.startDate' });
    }
    if (end && placement.plannedEndDate && placement.plannedEndDate > end) {
      out.push({ rule: LEGAL_RULE.PLACEMENT_MEASURE, message: `the measure ends on ${end}: the placement cannot be planned past it`, argument: 'input.plannedEndDate' });
    }
  }
  return out;
}

/** The PPE falls due within 3 months of the measure's start (CASF L223-1-1); null when the kind has none. */
export function childPlanDueOn(kind: MeasureKindName, startDate: string): string | null {
  const months = measureRule(kind).next.childPlanWithinMonths;
  return months === null ? null : addMonths(startDate, months);
}

/** An OPP ordered by the parquet: the judge is seized by this day (CC 375-5 al. 2); null otherwise. */
export function judgeSeizureDueOn(kind: MeasureKindName, decider: Decider, decisionDate: string | null): string | null {
  const days = measureRule(kind).next.judgeSeizedWithinDays;
  return days === null || decider !== 'PROSECUTOR' || !decisionDate ? null : addDays(decisionDate, days);
}

/** The autonomy interview: in the year before majority, at 17 (CASF L222-5-1). */
export function autonomyInterviewDueOn(birthDate: string): string {
  return birthday(birthDate, 17);
}

/** Ward of the State: the family council's next review, first within 2 months of admission then yearly, after `today`. */
export function familyCouncilReviewDueOn(kind: MeasureKindName, startDate: string, today: string): string | null {
  const review = measureRule(kind).next.familyCouncilReview;
  if (!review) return null;
  let due = addMonths(startDate, review.firstWithinMonths);
  for (let n = 1; due < today; n++) due = addMonths(addMonths(startDate, review.firstWithinMonths), n * review.thenEveryMonths);
  return due;
}

/** A family's written agreement as the law checks it against a measure (cases' FamilyAgreement). */
export interface WrittenAgreementFacts {
  childId: string;
  measureKind: MeasureKindName;
  validFrom: string;
  validUntil: string;
  endedOn: string | null;
  /** Its signatures (and its renewals'): capacity and day. */
  signatures: readonly { role: 'PARENT' | 'YOUNG_ADULT' | 'DEPARTMENT'; signedOn: string }[];
}

/** The capacity whose signature an agreement of this party needs. */
export const PARTY_SIGNER = { PARENTS: 'PARENT', YOUNG_ADULT: 'YOUNG_ADULT' } as const;

/**
 * Whether a measure of `kind` for `childId`, in force from `startDate` to `endDate`, rests on the
 * written agreement the law asks for (MEASURE_RULES' `writtenAgreement`): one of this child, for
 * this kind, signed by the party on or before the start, covering the start and the planned end,
 * not ended. Null when it holds, or when the kind needs none.
 */
export function writtenAgreementViolation(
  measure: { kind: MeasureKindName; childId: string; startDate: string; endDate: string | null },
  agreement: WrittenAgreementFacts | null,
  argument: string,
): Violation | null {
  const party = measureRule(measure.kind).writtenAgreement;
  if (party === null) return null;
  const whose = party === 'PARENTS' ? 'the parents’ written agreement (CASF L223-2)' : 'the young adult’s signed contract (CASF L222-5)';
  const refuse = (why: string): Violation => ({ rule: LEGAL_RULE.WRITTEN_AGREEMENT, message: `a ${measure.kind} rests on ${whose}: ${why}`, argument });
  if (!agreement) return refuse('record it (recordFamilyAgreement) and name it (familyAgreementId)');
  if (agreement.childId !== measure.childId || agreement.measureKind !== measure.kind) {
    return refuse(`the agreement named is not one of this child for a ${measure.kind}`);
  }
  const signer = PARTY_SIGNER[party];
  if (!agreement.signatures.some((s) => s.role === signer && s.signedOn <= measure.startDate)) {
    return refuse(`it bears no ${signer === 'PARENT' ? 'parent’s' : 'young adult’s'} signature dated on or before ${measure.startDate}`);
  }
  if (agreement.endedOn !== null && agreement.endedOn < (measure.endDate ?? measure.startDate)) {
    return refuse(`the agreement ended on ${agreement.endedOn}`);
  }
  if (measure.startDate < agreement.validFrom || measure.startDate > agreement.validUntil) {
    return refuse(`the agreement covers ${agreement.validFrom} to ${agreement.validUntil}, not a start on ${measure.startDate}`);
  }
  if (measure.endDate !== null && measure.endDate > agreement.validUntil) {
    return refuse(`the agreement covers until ${agreement.validUntil}, not until ${measure.endDate}: renew it first (renewFamilyAgreement)`);
  }
  return null;
}
