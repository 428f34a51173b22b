import { BOY_NAMES, COMMUNES, GIRL_NAMES, LAST_NAMES, type Commune } from './france';
import { addMonths, ageOn as fullYears } from '../law/calendar';
import type { MeasureKindName } from '../law/measures';
import { addDays, random, seedId } from './random';

/**
 * The demo world every subgraph seeds its part of. Sizes grow with the number of children, and
 * every cross-subgraph link (which school a child attends, where a child is placed) is a pure
 * function of indices, so each subgraph computes the same answer on its own.
 */
export interface SeedPlan {
  children: number;
  /** The day the data is seeded relative to (ISO date): ages, current placements, deadlines. */
  today: string;
}

export interface WorldSize {
  children: number;
  schools: number;
  pmiCentres: number;
  associations: number;
  facilities: number;
}

/**
 * Partners the demo world always has, one or two of each: their ids are `partnerId(kind, i)`.
 * Schools, PMI centres and associations grow with the world (see `worldSize`).
 */
export const FIXED_PARTNERS = {
  COURT: ['Tribunal judiciaire de Nantes — juge des enfants', 'Tribunal judiciaire de Saint-Nazaire — juge des enfants'],
  PROSECUTOR: ['Parquet de Nantes', 'Parquet de Saint-Nazaire'],
  CRIP: ['CRIP de Loire-Atlantique'],
  SNATED: ['Allô 119 — SNATED'],
  DEPARTMENT: ['Département de Loire-Atlantique — Aide sociale à l’enfance'],
  OBSERVATORY: ['Observatoire départemental de la protection de l’enfance (ODPE 44)'],
  HOSPITAL: ['CHU de Nantes', 'Centre hospitalier de Saint-Nazaire', 'Centre hospitalier de Châteaubriant'],
  POLICE: ['Brigade de protection des familles de Nantes', 'Gendarmerie — Maison de protection des familles 44'],
  TOWN_HALL: ['Mairie de Nantes — CCAS', 'Mairie de Saint-Nazaire — CCAS'],
  PRIVATE_PRACTICE: ['Cabinet de pédiatrie du Dr Le Goff', 'Cabinet de psychologie Anne Rivière'],
} as const;

/** Kinds of seeded partner, as the partners subgraph's PartnerKind spells them. */
export type SeedPartnerKind = keyof typeof FIXED_PARTNERS | 'SCHOOL' | 'PMI' | 'ASSOCIATION';

/** Id of the `i`th seeded partner of a kind (schools: `schoolId(i)`). */
export const partnerId = (kind: SeedPartnerKind, i: number) => (kind === 'SCHOOL' ? schoolId(i) : seedId(`partner:${kind}`, i));

const clamp = (n: number, min: number, max: number) => Math.max(min, Math.min(max, n));

export function worldSize(plan: SeedPlan): WorldSize {
  return {
    children: plan.children,
    schools: clamp(Math.ceil(plan.children / 60), 12, 900),
    pmiCentres: clamp(Math.ceil(plan.children / 800), 4, 60),
    associations: clamp(Math.ceil(plan.children / 1500), 4, 60),
    facilities: clamp(Math.ceil(plan.children / 12), 10, 4000),
  };
}

export const childId = (i: number) => seedId('child', i);
export const schoolId = (i: number) => seedId('school', i);
export const facilityId = (i: number) => seedId('facility', i);

export interface ChildProfile {
  id: string;
  firstNames: string;
  lastName: string;
  sex: 'F' | 'M';
  birthDate: string;
  birthplace: Commune;
  /** Where the child lives now. */
  commune: Commune;
}

/** Who the `i`th demo child is: aged 0 to 20 on `plan.today`. */
export function childProfile(plan: SeedPlan, i: number): ChildProfile {
  const r = random(`child:${i}`);
  const sex = r.chance(0.5) ? 'F' : 'M';
  const first = r.pick(sex === 'F' ? GIRL_NAMES : BOY_NAMES);
  const second = r.chance(0.4) ? `, ${r.pick(sex === 'F' ? GIRL_NAMES : BOY_NAMES)}` : '';
  return {
    id: childId(i),
    firstNames: `${first}${second}`,
    lastName: r.pick(LAST_NAMES),
    sex,
    birthDate: addDays(plan.today, -r.int(30, 365 * 20 + 300)),
    birthplace: r.pick(COMMUNES),
    commune: r.pick(COMMUNES),
  };
}

function ageOn(birthDate: string, day: string): number {
  return (Date.parse(day) - Date.parse(birthDate)) / (365.25 * 86_400_000);
}

/** The school the child attends (children aged 3 to 17), by school index. */
export function childSchool(plan: SeedPlan, size: WorldSize, i: number): number | null {
  const age = ageOn(childProfile(plan, i).birthDate, plan.today);
  if (age < 3 || age >= 18) return null;
  return (i * 7919) % size.schools;
}

export interface SeedPlacement {
  facility: number;
  startDate: string;
  endDate: string | null;
}

/** Placement history of the child, oldest first: about a third of the children are placed. */
export function childPlacements(plan: SeedPlan, size: WorldSize, i: number): SeedPlacement[] {
  const r = random(`placements:${i}`);
  if (!r.chance(0.35)) return [];
  const birth = childProfile(plan, i).birthDate;
  const daysAlive = Math.max(1, Math.round((Date.parse(plan.today) - Date.parse(birth)) / 86_400_000));
  const out: SeedPlacement[] = [];
  let start = addDays(birth, r.int(0, daysAlive - 1));
  const count = r.int(1, 3);
  for (let k = 0; k < count; k++) {
    const last = k === count - 1;
    const remaining = Math.round((Date.parse(plan.today) - Date.parse(start)) / 86_400_000);
    const ended = !last || r.chance(0.3);
    const length = ended ? r.int(1, Math.max(1, remaining)) : 0;
    const endDate = ended ? addDays(start, length) : null;
    out.push({ facility: r.int(0, size.facilities - 1), startDate: start, endDate });
    if (!endDate || endDate >= plan.today) break;
    start = addDays(endDate, 1);
  }
  return out;
}

/** Courts and parquets by jurisdiction: the first ten communes go to Nantes, the rest to Saint-Nazaire. */
export function jurisdictionOf(commune: Commune): number {
  return COMMUNES.indexOf(commune) < 10 ? 0 : 1;
}

/** The association that runs facility `i` (by association index). */
export function facilityOperator(size: WorldSize, i: number): number {
  return i % size.associations;
}

/** The PMI centre following the child (children under 6), by PMI index. */
export function childPmi(plan: SeedPlan, size: WorldSize, i: number): number | null {
  return ageOn(childProfile(plan, i).birthDate, plan.today) < 6 ? (i * 31) % size.pmiCentres : null;
}

/** Measure kinds as the cases subgraph's MeasureKind spells them. */
export type SeedMeasureKind = MeasureKindName;

export interface SeedPlacementMeasure {
  /** Id of the measure in the cases subgraph; the placement's `measureId` in placements. */
  id: string;
  kind: SeedMeasureKind;
  judicial: boolean;
  /** Court (index into FIXED_PARTNERS.COURT) for a judicial measure. */
  court: number | null;
  /** The association carrying it out (association index). */
  operator: number;
  startDate: string;
  /** The measure's last day: the placement's, or the eve of majority for a minor's measure the placement outlives. */
  endDate: string | null;
}

/**
 * The measure each seeded placement carries out (child `i`, placement `k`): the cases subgraph
 * seeds it, the placements subgraph links the placement to it, and both agree without talking.
 */
export function placementMeasure(plan: SeedPlan, size: WorldSize, i: number, k: number): SeedPlacementMeasure {
  const placement = childPlacements(plan, size, i)[k]!;
  const r = random(`placement-measure:${i}:${k}`);
  const picked = r.pick<SeedMeasureKind>(['COURT_PLACEMENT', 'COURT_PLACEMENT', 'VOLUNTARY_CARE', 'EMERGENCY_ORDER', 'TRUSTED_THIRD_PARTY']);
  // The law (law/measures.ts): an adult is placed under a contrat jeune majeur only; an OPP lasts
  // 6 months, extended once (CPC 1185): a longer stay is a court placement.
  const adult = fullYears(childProfile(plan, i).birthDate, placement.startDate) >= 18;
  const lastDay = placement.endDate ?? plan.today;
  const kind: SeedMeasureKind = adult
    ? 'YOUNG_ADULT'
    : picked === 'EMERGENCY_ORDER' && lastDay > addDays(placement.startDate, 360)
      ? 'COURT_PLACEMENT'
      : picked;
  const judicial = kind !== 'VOLUNTARY_CARE' && kind !== 'YOUNG_ADULT';
  // A minor's measure ends at majority at the latest (CC 375): a placement that outlives it is
  // flagged for review (`placementsNeedReview`), as a real one would be.
  const majorityEve = addDays(addMonths(childProfile(plan, i).birthDate, 12 * 18), -1);
  const endDate = !adult && (placement.endDate ?? plan.today) > majorityEve ? majorityEve : placement.endDate;
  return {
    id: seedId(`measure:placement:${i}`, k),
    kind,
    judicial,
    court: judicial ? jurisdictionOf(childProfile(plan, i).commune) : null,
    operator: facilityOperator(size, placement.facility),
    startDate: placement.startDate,
    endDate,
  };
}

/** How many guardians (titulaires de l'autorité parentale) child `i` has: 1 or 2. */
export function guardianCount(i: number): number {
  return random(`guardians:${i}`).chance(0.7) ? 2 : 1;
}

/** Id of guardian `g` of child `i` (cases owns guardians; placements' visit rights reference them). */
export const guardianId = (i: number, g: number) => seedId(`guardian:${i}`, g);

// ---------------------------------------------------------------------------------------------
// Partners subgraph additions (issue 5): members of the seeded partners.
// ---------------------------------------------------------------------------------------------

/** How many members (people acting for it) the `i`th seeded partner of a kind has: 2 or 3. */
export function partnerMemberCount(kind: SeedPartnerKind, i: number): number {
  return random(`partner-members:${kind}:${i}`).chance(0.5) ? 3 : 2;
}

/**
 * Id of member `k` of the `i`th seeded partner of a kind: the `sub` a demo token carries.
 * Member 0 of every seeded partner exists and is active.
 */
export const partnerMemberId = (kind: SeedPartnerKind, i: number, k: number) => seedId(`partner-member:${kind}:${i}`, k);

// ---------------------------------------------------------------------------------------------
// Référents and evaluators (issue 13, the caseworker's day): members of the département and the
// CRIP, by id. The partners subgraph seeds the members, the cases subgraph the assignments.
// ---------------------------------------------------------------------------------------------

/** Index `k` of the seeded département's first extra référent member (members 0–2 are its first ones). */
export const DEPARTMENT_REFERENT_FIRST = 3;

/** How many extra référents ASE the seeded département employs: about one per 25 children. */
export function departmentReferentCount(size: Pick<WorldSize, 'children'>): number {
  return clamp(Math.ceil(size.children / 25), 4, 5000);
}

/**
 * The seeded département members who are référents: member 1 (a référente ASE), member 0 (so
 * the département's demo token has a caseload) and the extra ones.
 */
export function departmentReferentIds(size: Pick<WorldSize, 'children'>): readonly string[] {
  const count = departmentReferentCount(size);
  let ids = referentIdsByCount.get(count);
  if (!ids) {
    const extra = Array.from({ length: count }, (_, j) => partnerMemberId('DEPARTMENT', 0, DEPARTMENT_REFERENT_FIRST + j));
    ids = [partnerMemberId('DEPARTMENT', 0, 0), partnerMemberId('DEPARTMENT', 0, 1), ...extra];
    referentIdsByCount.set(count, ids);
  }
  return ids;
}
/** Each child asks for the pool: hashing thousands of ids per child would dominate a large seed. */
const referentIdsByCount = new Map<number, readonly string[]>();

export interface SeedReferent {
  memberId: string;
  since: string;
  /** The day the assignment ended; null while it stands. */
  until: string | null;
}

/**
 * The référents of child `i`: most children (9 in 10) have one current référent, some of them a
 * second one (co-référence) or a former one they had before.
 */
export function childReferents(plan: SeedPlan, size: Pick<WorldSize, 'children'>, i: number): SeedReferent[] {
  const r = random(`child-referents:${i}`);
  if (!r.chance(0.9)) return [];
  const pool = departmentReferentIds(size);
  const birth = childProfile(plan, i).birthDate;
  const since = addDays(plan.today, -r.int(10, 900));
  const first = pool[r.int(0, pool.length - 1)]!;
  const out: SeedReferent[] = [{ memberId: first, since: since < birth ? birth : since, until: null }];
  const other = pool[r.int(0, pool.length - 1)]!;
  if (other !== first && r.chance(0.1)) out.push({ memberId: other, since: out[0]!.since, until: null });
  else if (other !== first && r.chance(0.2)) {
    const before = addDays(out[0]!.since, -r.int(30, 600));
    out.push({ memberId: other, since: before < birth ? birth : before, until: out[0]!.since });
  }
  return out;
}

let crip: string[] | undefined;

/** The binôme of the `n`th seeded evaluation: two distinct members of the CRIP, in turn. */
export function evaluationPair(n: number): [string, string] {
  crip ??= Array.from({ length: partnerMemberCount('CRIP', 0) }, (_, k) => partnerMemberId('CRIP', 0, k));
  const first = crip[n % crip.length]!;
  const second = crip[(n + 1) % crip.length]!;
  return [first, second];
}

// ---------------------------------------------------------------------------------------------
// The département's territorial teams (issue 13, the département's own slice): territoires
// d'action sociale, each covering communes (INSEE codes); the partners subgraph seeds them and
// puts each seeded référent in one. Members 0–2 of the département manage (whole département).
// ---------------------------------------------------------------------------------------------

export interface SeedTeam {
  code: string;
  name: string;
  communes: readonly string[];
}

/** The seeded département's teams: every seeded commune in exactly one. */
export const DEPARTMENT_TEAMS: readonly SeedTeam[] = [
  { code: 'TAS_NANTES', name: 'Territoire d’action sociale de Nantes', communes: ['44109'] },
  { code: 'TAS_METROPOLE', name: 'Territoire d’action sociale Nantes Métropole (hors Nantes)', communes: ['44143', '44162', '44114', '44215', '44026', '44020', '44047', '44043', '44172', '44087'] },
  { code: 'TAS_SAINT_NAZAIRE', name: 'Territoire d’action sociale de Saint-Nazaire', communes: ['44184', '44055', '44069', '44131', '44132', '44195'] },
  { code: 'TAS_CHATEAUBRIANT_ANCENIS', name: 'Territoire d’action sociale de Châteaubriant-Ancenis', communes: ['44036', '44015', '44003'] },
];

export const departmentTeamId = (t: number) => seedId('department-team', t);

/**
 * What seeded département member `k` is: members 0–2 (the responsable ASE, a référente, the
 * inspecteur — the members the existing tests act as) are managers, reading the whole
 * département; every extra référent is a caseworker in a team, in turn.
 */
export function departmentMemberSlice(k: number): { role: 'MANAGER' | 'CASEWORKER'; team: number | null } {
  if (k < DEPARTMENT_REFERENT_FIRST) return { role: 'MANAGER', team: null };
  return { role: 'CASEWORKER', team: (k - DEPARTMENT_REFERENT_FIRST) % DEPARTMENT_TEAMS.length };
}

/** Member index `k` of the seeded département's `j`th caseworker of team `t` (j from 0). */
export const departmentCaseworker = (t: number, j = 0) => DEPARTMENT_REFERENT_FIRST + t + j * DEPARTMENT_TEAMS.length;
