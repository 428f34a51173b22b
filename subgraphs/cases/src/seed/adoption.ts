import {
  addDays,
  approvalInForceOn,
  random,
  seedId,
  wardDefinitiveOn,
  WARD_GROUNDS,
  type SeedPlan,
  type WardGroundName,
} from '@passerelle/common';
import {
  AdopterApproval,
  AdoptionFollowUp,
  AdoptionPlacement,
  FamilyCouncilDecision,
  FamilyCouncilMeeting,
  FamilyCouncilMember,
  WardFile,
} from '../adoption/adoption.entity';
import { ApprovalDecision, FamilyCouncilCapacity, FamilyCouncilDecisionKind, WardEndReason, WardGround } from '../adoption/adoption.enums';
import { addMonths } from '../dates';
import type { Measure } from '../measure/measure.entity';
import { MeasureKind, MeasureStatus } from '../measure/measure.enums';

/**
 * The demo world's wards of the State and adoption (issue 15): a ward file for every ward-of-the-
 * State measure in force or past (admitted on the measure's start, on a ground of CASF L224-4),
 * the family council's two successive compositions (6-year mandates) with the reviews of every
 * ward — within 2 months of admission, then yearly, the latest sometimes still due — and a life
 * project; requests for approval in every state; and a few wards placed with approved adopters the
 * council agreed to, followed since. Every row obeys common/law/adoption.ts (seed.test.ts).
 * Its own random streams: the rest of the world is the same with or without it.
 */
export interface AdoptionSeed {
  wards: Partial<WardFile>[];
  members: Partial<FamilyCouncilMember>[];
  meetings: Partial<FamilyCouncilMeeting>[];
  decisions: Partial<FamilyCouncilDecision>[];
  approvals: Partial<AdopterApproval>[];
  placements: Partial<AdoptionPlacement>[];
  followUps: Partial<AdoptionFollowUp>[];
}

/** Grounds 1° to 4° (the seeded ward measures are administrative: no judgment behind them). */
const GROUNDS: WardGroundName[] = ['UNKNOWN_PARENTAGE', 'SURRENDERED_BY_PARENTS', 'SURRENDERED_BY_ONE_PARENT', 'ORPHAN'];
const CAPACITIES = [
  FamilyCouncilCapacity.DEPARTMENT_COUNCIL,
  FamilyCouncilCapacity.DEPARTMENT_COUNCIL,
  FamilyCouncilCapacity.ADOPTIVE_FAMILIES_ASSOCIATION,
  FamilyCouncilCapacity.WARDS_ASSOCIATION,
  FamilyCouncilCapacity.FOSTER_CARERS_ASSOCIATION,
  FamilyCouncilCapacity.CHILD_PROTECTION_ASSOCIATION,
  FamilyCouncilCapacity.QUALIFIED_PERSON,
  FamilyCouncilCapacity.QUALIFIED_PERSON,
];
const NAMES = ['Hélène Garnier', 'Marc Lefeuvre', 'Isabelle Morin', 'Yann Le Goff', 'Sylvie Perrot', 'Karim Benali', 'Anne Rousseau', 'Pierre Tessier'];
/** The two compositions of the council (6-year mandates, CASF L224-2). */
const COHORTS = ['2016-01-04', '2022-01-04'] as const;
const APPLICANTS = ['Claire et Julien Moreau', 'Nadia Haddad', 'Sophie et Thomas Guérin', 'Camille et Louis Bernard', 'Émilie Caron', 'Laure et Nicolas Fabre', 'Inès et Hugo Lemaire', 'Martine Roche'];

const firstOfMonth = (day: string) => `${day.slice(0, 7)}-01`;

/** The ward files of a chunk's measures. */
export function seedWards(plan: SeedPlan, measures: readonly Partial<Measure>[]): Partial<WardFile>[] {
  const seen = new Set<string>();
  return measures
    // One ward file per child: its first ward-of-the-State measure.
    .filter((m) => m.kind === MeasureKind.WARD_OF_THE_STATE && m.status !== MeasureStatus.PROPOSED && m.startDate! <= plan.today && !seen.has(m.childId!) && seen.add(m.childId!))
    .map((m) => {
      const r = random(`ward:${m.id}`);
      const ground = GROUNDS[r.int(0, GROUNDS.length - 1)]! as WardGround;
      const closed = m.endedOn ?? m.liftedAt ?? null;
      const order = addDays(m.startDate!, r.int(3, 20));
      return {
        id: seedId(`ward-file:${m.id}`, 0),
        childId: m.childId!,
        ground,
        admittedOn: m.startDate!,
        judgmentOn: null,
        admissionOrderOn: order <= plan.today ? order : null,
        lifeProject: null,
        lifeProjectOn: null,
        lastReviewOn: null,
        endedOn: closed && closed <= plan.today ? closed : null,
        endReason: closed && closed <= plan.today ? WardEndReason.OTHER : null,
        endNote: closed && closed <= plan.today ? 'Fin de la mesure de tutelle.' : null,
      };
    });
}

/** The council, its meetings and decisions, the approvals and the placements, over every ward of the world. */
export function seedAdoption(plan: SeedPlan, wards: Partial<WardFile>[]): AdoptionSeed {
  const out: AdoptionSeed = { wards, members: [], meetings: [], decisions: [], approvals: [], placements: [], followUps: [] };
  COHORTS.forEach((appointedOn, c) => {
    CAPACITIES.forEach((capacity, k) => {
      out.members.push({ id: seedId(`family-council-member:${c}`, k), fullName: NAMES[(k + 3 * c) % NAMES.length]!, capacity, appointedOn, mandateUntil: addDays(addMonths(appointedOn, 72), -1) });
    });
  });
  const meetings = new Map<string, string>();
  const meetingOn = (day: string): string | null => {
    const cohort = COHORTS.findLastIndex((c) => c <= day);
    if (cohort < 0) return null;
    if (!meetings.has(day)) {
      const id = seedId('family-council-meeting', meetings.size);
      meetings.set(day, id);
      // Five of the eight members in office: a majority.
      out.meetings.push({ id, heldOn: day, presentMemberIds: [0, 1, 2, 4, 6].map((k) => seedId(`family-council-member:${cohort}`, k)) });
    }
    return meetings.get(day)!;
  };
  const decide = (ward: Partial<WardFile>, day: string, kind: FamilyCouncilDecisionKind, text: string, approvalId: string | null = null) => {
    const meetingId = meetingOn(day);
    if (!meetingId) return false;
    out.decisions.push({ id: seedId('family-council-decision', out.decisions.length), meetingId, wardFileId: ward.id!, childId: ward.childId!, kind, text, approvalId, decidedOn: day });
    return true;
  };

  // Reviews: the first in the month after admission (within 2 months), then every 12 months; the
  // latest sometimes not held yet (due); the life project at the first review after the provisional period.
  for (const ward of wards) {
    const r = random(`ward-reviews:${ward.id}`);
    const until = ward.endedOn ?? plan.today;
    const definitive = wardDefinitiveOn(ward.ground!, ward.admittedOn!);
    for (let day = firstOfMonth(addMonths(ward.admittedOn!, 1)); day <= until; day = addMonths(day, 12)) {
      if (addMonths(day, 12) > until && r.chance(0.25)) break;
      if (day < ward.admittedOn!) continue;
      if (!decide(ward, day, FamilyCouncilDecisionKind.SITUATION_REVIEW, 'Situation revue : santé, scolarité et liens avec la famille d’accueil suivis.')) continue;
      ward.lastReviewOn = day;
      if (ward.lifeProject === null && day >= definitive) {
        const text = r.chance(0.5) ? 'Projet d’adoption plénière : recherche d’une famille agréée.' : 'Maintien dans la famille d’accueil, liens avec la fratrie préservés.';
        decide(ward, day, FamilyCouncilDecisionKind.LIFE_PROJECT, text);
        ward.lifeProject = text;
        ward.lifeProjectOn = day;
      }
    }
  }

  // Approvals: requested every 10 weeks or so back from today (over at most 8 years, however large the world), in every state.
  const count = Math.max(APPLICANTS.length, Math.ceil(wards.length / 3));
  for (let n = 0; n < count; n++) {
    const r = random(`approval:${n}`);
    const requestedOn = addDays(plan.today, -(30 + ((n * 71) % 2900)));
    const social = addDays(requestedOn, r.int(60, 120));
    const psychological = addDays(requestedOn, r.int(60, 150));
    const decidedOn = addDays(requestedOn, r.int(200, 260));
    const decided = decidedOn <= plan.today && n % 7 !== 1;
    const refused = decided && n % 5 === 3;
    out.approvals.push({
      id: seedId('adopter-approval', n),
      applicantNames: APPLICANTS[n % APPLICANTS.length]!,
      communeCode: ['44109', '44184', '44047', '44162'][n % 4]!,
      project: n % 2 === 0 ? 'Un enfant de moins de 3 ans, éventuellement une fratrie.' : 'Un enfant jusqu’à 8 ans, à besoins spécifiques accepté.',
      requestedOn,
      socialAssessmentOn: social <= plan.today ? social : null,
      socialAssessment: social <= plan.today ? 'Projet mûri, couple stable, entourage soutenant.' : null,
      psychologicalAssessmentOn: psychological <= plan.today ? psychological : null,
      psychologicalAssessment: psychological <= plan.today ? 'Capacité à accueillir l’histoire de l’enfant.' : null,
      commissionOn: decided ? addDays(decidedOn, -10) : null,
      decision: decided ? (refused ? ApprovalDecision.REFUSED : ApprovalDecision.APPROVED) : null,
      decidedOn: decided ? decidedOn : null,
      reasons: refused ? 'Projet d’accueil encore incompatible avec les besoins des enfants adoptables.' : decided ? 'Avis favorable de la commission.' : null,
      lastConfirmedOn: decided && !refused && addMonths(decidedOn, 12) <= plan.today ? addMonths(decidedOn, 12) : null,
    });
  }

  // Placements with a view to adoption: the council matches a ward whose life project is adoption
  // with adopters approved, in the month two months back; placed a fortnight later, visited since.
  const matchOn = firstOfMonth(addDays(plan.today, -60));
  const inForce = (a: Partial<AdopterApproval>, day: string) => approvalInForceOn({
    requestedOn: a.requestedOn!, socialAssessmentOn: a.socialAssessmentOn ?? null, psychologicalAssessmentOn: a.psychologicalAssessmentOn ?? null,
    decision: a.decision ?? null, decidedOn: a.decidedOn ?? null, lastConfirmedOn: a.lastConfirmedOn ?? null, withdrawnOn: null,
  }, day);
  const adopters = out.approvals.filter((a) => inForce(a, matchOn) && inForce(a, addDays(matchOn, 14)));
  const adoptable = wards.filter((w) => w.endedOn === null && w.lifeProject?.startsWith('Projet d’adoption') && wardDefinitiveOn(w.ground!, w.admittedOn!) <= matchOn);
  adoptable.slice(0, Math.min(adopters.length, 2)).forEach((ward, n) => {
    const approval = adopters[n]!;
    const decisionId = seedId('family-council-decision', out.decisions.length);
    if (!decide(ward, matchOn, FamilyCouncilDecisionKind.MATCHING, `Apparentement avec ${approval.applicantNames} approuvé.`, approval.id!)) return;
    const placedOn = addDays(matchOn, 14);
    const id = seedId('adoption-placement', n);
    out.placements.push({ id, wardFileId: ward.id!, childId: ward.childId!, approvalId: approval.id!, matchingDecisionId: decisionId, placedOn, judgmentOn: null, outcome: null, outcomeNote: null });
    for (const [k, days] of [15, 40].entries()) {
      if (addDays(placedOn, days) <= plan.today) out.followUps.push({ id: seedId(`adoption-follow-up:${n}`, k), placementId: id, visitedOn: addDays(placedOn, days), note: 'Enfant bien accueilli ; rythmes respectés ; liens d’attachement en construction.' });
    }
  });
  return out;
}

/** Whether a ground's provisional period applies (for the seed test). */
export const provisionalGrounds = GROUNDS.filter((g) => WARD_GROUNDS[g].provisionalMonths !== null);
