import {
  addDays,
  childId,
  childPmi,
  childProfile,
  childSchool,
  evaluationPair,
  FIXED_PARTNERS,
  jurisdictionOf,
  LAST_NAMES,
  partnerId,
  random,
  seedId,
  GIRL_NAMES,
  type Random,
  type SeedPlan,
  type WorldSize,
} from '@passerelle/common';
import { ConcernChild } from '../concern/concern-child.entity';
import { Concern } from '../concern/concern.entity';
import { ConcernChannel, ConcernSourceKind, ConcernStatus, ConcernUrgency, SenderFeedback } from '../concern/concern.enums';
import { dayOf } from '../dates';
import { Evaluation, EvaluationOutcome, EvaluationStatus } from '../evaluation/evaluation.entity';
import { defaultDueOn } from '../evaluation/evaluation.service';
import { Referral, ReferralDecision } from '../referral/referral.entity';

const CONTENTS = [
  'L’enfant arrive régulièrement sans avoir mangé et s’endort en classe ; il a parlé de disputes violentes à la maison.',
  'Marques sur les bras constatées par l’infirmière scolaire ; l’enfant dit être tombé mais semble effrayé.',
  'Absentéisme important depuis la rentrée, la famille ne répond plus aux convocations.',
  'Un voisin signale des cris fréquents la nuit et un enfant en bas âge souvent seul sur le balcon.',
  'La mère a confié à la PMI être épuisée et ne plus arriver à s’occuper du nourrisson.',
  'Appel au 119 de l’enfant lui-même, qui dit avoir peur de rentrer chez lui.',
  'Passage aux urgences pour une fracture dont l’explication ne correspond pas aux lésions.',
  'Intervention de police pour violences conjugales en présence des enfants.',
];
export interface ConcernSeed {
  concerns: Partial<Concern>[];
  links: Partial<ConcernChild>[];
  evaluations: Partial<Evaluation>[];
  referrals: Partial<Referral>[];
  /** Measures that follow from concerns: AED after administrative support, AEMO after a seized judge. */
  followUps: { child: number; n: number; concernId: string; kind: 'AED' | 'AEMO'; from: string; court: number }[];
}

function source(plan: SeedPlan, size: WorldSize, i: number, r: Random) {
  const roll = r.next();
  const school = childSchool(plan, size, i);
  const pmi = childPmi(plan, size, i);
  const court = jurisdictionOf(childProfile(plan, i).commune);
  if (roll < 0.33 && school !== null) return { kind: ConcernSourceKind.SCHOOL, channel: ConcernChannel.FORM, partner: partnerId('SCHOOL', school), person: `${r.pick(GIRL_NAMES)} ${r.pick(LAST_NAMES)}, directrice` };
  if (roll < 0.48) return { kind: ConcernSourceKind.SNATED, channel: ConcernChannel.TRANSFER_119, partner: partnerId('SNATED', 0), person: null };
  if (roll < 0.56 && pmi !== null) return { kind: ConcernSourceKind.PMI, channel: ConcernChannel.MAIL, partner: partnerId('PMI', pmi), person: `${r.pick(GIRL_NAMES)} ${r.pick(LAST_NAMES)}, puéricultrice` };
  if (roll < 0.66) return { kind: ConcernSourceKind.HOSPITAL, channel: ConcernChannel.MAIL, partner: partnerId('HOSPITAL', r.int(0, FIXED_PARTNERS.HOSPITAL.length - 1)), person: `Dr ${r.pick(LAST_NAMES)}` };
  if (roll < 0.73) return { kind: ConcernSourceKind.POLICE, channel: ConcernChannel.MAIL, partner: partnerId('POLICE', r.int(0, FIXED_PARTNERS.POLICE.length - 1)), person: null };
  if (roll < 0.78) return { kind: ConcernSourceKind.PROSECUTOR, channel: ConcernChannel.PROSECUTOR, partner: partnerId('PROSECUTOR', court), person: null };
  if (roll < 0.92) return { kind: ConcernSourceKind.PERSON, channel: ConcernChannel.PHONE, partner: null, person: `${r.pick(GIRL_NAMES)} ${r.pick(LAST_NAMES)}` };
  return { kind: ConcernSourceKind.ANONYMOUS, channel: ConcernChannel.PHONE, partner: null, person: null };
}

function statusFor(ageDays: number, urgency: ConcernUrgency, r: Random): ConcernStatus {
  const final = () => {
    if (urgency === ConcernUrgency.IMMEDIATE_DANGER) return ConcernStatus.REFERRED_TO_PROSECUTOR;
    const x = r.next();
    return x < 0.5 ? ConcernStatus.CLOSED_NO_ACTION : x < 0.8 ? ConcernStatus.ADMINISTRATIVE_SUPPORT : ConcernStatus.REFERRED_TO_PROSECUTOR;
  };
  if (ageDays < 3) return r.chance(0.6) ? ConcernStatus.RECEIVED : ConcernStatus.ACKNOWLEDGED;
  if (urgency === ConcernUrgency.IMMEDIATE_DANGER) return ConcernStatus.REFERRED_TO_PROSECUTOR;
  if (ageDays < 10) return r.chance(0.4) ? ConcernStatus.ACKNOWLEDGED : ConcernStatus.IN_EVALUATION;
  if (ageDays < 100) return r.chance(0.75) ? ConcernStatus.IN_EVALUATION : final();
  // A few evaluations run late: they are the overdue ones the CRIP must see first.
  if (ageDays < 170) return r.chance(0.12) ? ConcernStatus.IN_EVALUATION : final();
  return final();
}

const at = (day: string, hour: number) => new Date(`${day}T${String(hour).padStart(2, '0')}:00:00Z`);
const min = (a: string, b: string) => (a < b ? a : b);

/** Concerns about children `from` to `to` (55 per 100 children over three years), with their evaluations and referrals. */
export function seedConcerns(plan: SeedPlan, size: WorldSize, from: number, to: number): ConcernSeed {
  const out: ConcernSeed = { concerns: [], links: [], evaluations: [], referrals: [], followUps: [] };
  for (let i = from; i < to; i++) {
    const r = random(`concerns:${i}`);
    const count = r.chance(0.45) ? (r.chance(0.2) ? 2 : 1) : 0;
    const birth = childProfile(plan, i).birthDate;
    for (let c = 0; c < count; c++) {
      const n = i * 2 + c;
      const id = seedId(`concern:${i}`, c);
      const ageDays = r.int(0, Math.min(1095, Math.max(0, Math.round((Date.parse(plan.today) - Date.parse(birth)) / 86_400_000))));
      const day = addDays(plan.today, -ageDays);
      const receivedAt = at(day, r.int(7, 17));
      const urgencyRoll = r.next();
      const urgency = urgencyRoll < 0.8 ? ConcernUrgency.NORMAL : urgencyRoll < 0.95 ? ConcernUrgency.URGENT : ConcernUrgency.IMMEDIATE_DANGER;
      const src = source(plan, size, i, r);
      const status = statusFor(ageDays, urgency, r);
      // A sibling: the child seeded just before (so seeding can go a range of children at a time).
      const named = [i, ...(i > 0 && r.chance(0.1) ? [i - 1] : [])];
      const youngest = named.map((k) => childProfile(plan, k).birthDate).sort().at(-1)!;
      const final = [ConcernStatus.CLOSED_NO_ACTION, ConcernStatus.ADMINISTRATIVE_SUPPORT, ConcernStatus.REFERRED_TO_PROSECUTOR].includes(status);
      const acknowledgedAt = status === ConcernStatus.RECEIVED ? null : at(min(addDays(day, 1), plan.today), 10);
      const informed = status === ConcernStatus.RECEIVED ? null : r.chance(0.9) ? true : r.chance(0.5) ? false : null;
      const concern: Partial<Concern> = {
        id,
        receivedAt,
        channel: src.channel,
        sourceKind: src.kind,
        sourcePartnerId: src.partner,
        sourcePersonName: src.person,
        sourcePersonContact: src.person && r.chance(0.7) ? `02 40 ${r.int(10, 99)} ${r.int(10, 99)} ${r.int(10, 99)}` : null,
        urgency,
        content: r.pick(CONTENTS),
        status,
        idempotencyKey: src.partner && src.kind !== ConcernSourceKind.PERSON ? `seed-${src.kind.toLowerCase()}-${n}` : null,
        parentsInformed: informed,
        parentsNotInformedReason: informed === false ? 'Informer les parents exposerait l’enfant à un risque (suspicion de violences intrafamiliales).' : null,
        senderFeedback: final ? (r.chance(0.7) ? SenderFeedback.OUTCOME_SENT : SenderFeedback.RECEIPT_CONFIRMED) : acknowledgedAt && r.chance(0.6) ? SenderFeedback.RECEIPT_CONFIRMED : SenderFeedback.NOT_INFORMED,
        acknowledgedAt,
      };
      out.concerns.push(concern);

      for (const child of named) out.links.push({ concernId: id, childId: childId(child), receivedAt });

      let closedAt: Date | null = null;
      const immediate = urgency === ConcernUrgency.IMMEDIATE_DANGER && status === ConcernStatus.REFERRED_TO_PROSECUTOR;
      if (status === ConcernStatus.IN_EVALUATION || (final && !immediate)) {
        const startDay = min(addDays(day, r.int(1, 6)), plan.today);
        const dueOn = defaultDueOn({ receivedAt, urgency }, youngest);
        const concludedDay = min(addDays(startDay, r.int(10, Math.max(11, Math.round((Date.parse(dueOn) - Date.parse(startDay)) / 86_400_000)))), plan.today);
        const outcome = final ? (status as string as EvaluationOutcome) : null;
        closedAt = final ? at(concludedDay, 16) : null;
        out.evaluations.push({
          id: seedId(`evaluation:${i}`, c),
          concernId: id,
          firstEvaluatorId: evaluationPair(n)[0],
          secondEvaluatorId: evaluationPair(n)[1],
          startedAt: at(startDay, 9),
          dueOn,
          status: final ? EvaluationStatus.CONCLUDED : EvaluationStatus.IN_PROGRESS,
          findings: final ? 'Rencontre de l’enfant et des parents à domicile ; échanges avec l’école et la PMI.' : r.chance(0.5) ? 'Première visite à domicile réalisée.' : null,
          recommendation: final ? { CLOSED_NO_ACTION: 'Pas d’élément de danger : classement.', ADMINISTRATIVE_SUPPORT: 'Proposer une aide éducative à domicile.', REFERRED_TO_PROSECUTOR: 'Saisir l’autorité judiciaire.' }[outcome!] : null,
          outcome,
          concludedAt: closedAt,
        });
      }
      if (status === ConcernStatus.REFERRED_TO_PROSECUTOR) {
        const sentAt = immediate ? at(min(addDays(day, 1), plan.today), 12) : closedAt!;
        closedAt = sentAt;
        const court = jurisdictionOf(childProfile(plan, i).commune);
        const decidedOn = addDays(dayOf(sentAt), r.int(7, 60));
        const decided = decidedOn <= plan.today;
        const decision = decided ? (r.chance(0.7) ? ReferralDecision.SEIZE_JUDGE : ReferralDecision.CLOSE) : null;
        out.referrals.push({
          id: seedId(`referral:${i}`, c),
          concernId: id,
          prosecutorOfficeId: partnerId('PROSECUTOR', court),
          sentAt,
          reason: immediate ? 'Danger grave et immédiat : signalement sans attendre l’évaluation.' : 'Danger avéré, refus de l’aide proposée par les parents.',
          immediateDanger: immediate,
          decision,
          decidedOn: decided ? decidedOn : null,
        });
        if (decision === ReferralDecision.SEIZE_JUDGE) {
          out.followUps.push({ child: i, n: c, concernId: id, kind: 'AEMO', from: addDays(decidedOn, r.int(10, 40)), court });
        }
      }
      if (status === ConcernStatus.ADMINISTRATIVE_SUPPORT) {
        out.followUps.push({ child: i, n: c, concernId: id, kind: 'AED', from: addDays(dayOf(closedAt!), r.int(7, 30)), court: 0 });
      }
      concern.closedAt = final ? closedAt : null;
      if (final && concern.senderFeedback !== SenderFeedback.NOT_INFORMED) concern.senderInformedAt = closedAt;
      else if (concern.senderFeedback === SenderFeedback.RECEIPT_CONFIRMED) concern.senderInformedAt = acknowledgedAt;
    }
  }
  return out;
}
