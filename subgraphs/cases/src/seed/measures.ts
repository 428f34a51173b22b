import {
  addDays,
  childId,
  childPlacements,
  childProfile,
  jurisdictionOf,
  partnerId,
  placementMeasure,
  random,
  seedId,
  type Random,
  type SeedPlan,
  type WorldSize,
} from '@passerelle/common';
import { defaultPlannedEnd, lastLawfulDay, measureRule } from '@passerelle/common';
import { addMonths, ageOn } from '../dates';
import { FamilyAgreement, FamilyAgreementRenewal, FamilyAgreementSignature } from '../family/family-agreement.entity';
import { FamilyAgreementSignerRole } from '../family/family-agreement.enums';
import { Hearing } from '../hearing/hearing.entity';
import { MeasureRenewal } from '../measure/measure-renewal.entity';
import { Measure } from '../measure/measure.entity';
import { MeasureKind, MeasureStatus } from '../measure/measure.enums';
import { nextReportDue } from '../report/report.schedule';
import { SituationReport, SituationReportStatus } from '../report/situation-report.entity';
import type { ConcernSeed } from './concerns';
import { seedGuardians } from './people';

export interface MeasureSeed {
  measures: Partial<Measure>[];
  renewals: Partial<MeasureRenewal>[];
  reports: Partial<SituationReport>[];
  hearings: Partial<Hearing>[];
  /** The written agreements AED, accueil provisoire and contrat jeune majeur rest on (CASF L223-2, L222-5). */
  agreements: Partial<FamilyAgreement>[];
  agreementRenewals: Partial<FamilyAgreementRenewal>[];
  agreementSignatures: Partial<FamilyAgreementSignature>[];
}

/**
 * The family's written agreement a measure in force of a kind that needs one rests on: signed on
 * its first day by the first guardian (or the young adult) and the département, renewed with each
 * renewal of the measure, ended early when the measure ended before its term. Draws no random
 * number, so the rest of the world is the same with or without it.
 */
function agreementOf(plan: SeedPlan, d: Draft, firstEnd: string, plannedEnd: string, renewals: Partial<MeasureRenewal>[], out: MeasureSeed): string | null {
  const party = measureRule(d.kind).writtenAgreement;
  if (party === null || d.proposed) return null;
  const id = seedId(`family-agreement:${d.id}`, 0);
  const ended = d.closed !== null && d.closed < plannedEnd ? d.closed : null;
  out.agreements.push({
    id,
    childId: childId(d.child),
    measureKind: d.kind,
    terms: party === 'PARENTS'
      ? 'Les parents demandent et acceptent l’accompagnement du service ; objectifs et engagements réciproques définis avec eux, rencontres mensuelles avec le référent.'
      : 'Le jeune majeur s’engage dans son projet (formation, logement, autonomie) ; le service l’accompagne et l’aide financièrement.',
    validFrom: d.start,
    validUntil: plannedEnd,
    endedOn: ended,
    endReason: ended ? 'Fin de la mesure avant son terme.' : null,
  });
  const guardian = party === 'PARENTS' ? seedGuardians(plan, d.child)[0]! : null;
  const profile = childProfile(plan, d.child);
  const signer = guardian
    ? { signerName: `${guardian.firstNames} ${guardian.lastName}`, role: FamilyAgreementSignerRole.PARENT, guardianId: guardian.id! }
    : { signerName: `${profile.firstNames.split(',')[0]} ${profile.lastName}`, role: FamilyAgreementSignerRole.YOUNG_ADULT, guardianId: null };
  const ase = { signerName: 'Inspecteur enfance, Département de Loire-Atlantique', role: FamilyAgreementSignerRole.DEPARTMENT, guardianId: null };
  let n = 0;
  const sign = (renewalId: string | null, signedOn: string) => {
    for (const who of [signer, ase]) out.agreementSignatures.push({ id: seedId(`family-agreement-signature:${d.id}`, n++), agreementId: id, renewalId, signedOn, ...who });
  };
  sign(null, d.start);
  let previous = firstEnd;
  renewals.forEach((renewal, k) => {
    const renewalId = seedId(`family-agreement-renewal:${d.id}`, k);
    out.agreementRenewals.push({ id: renewalId, agreementId: id, signedOn: renewal.decisionDate!, previousValidUntil: previous, newValidUntil: renewal.newEndDate!, terms: null });
    sign(renewalId, renewal.decisionDate!);
    previous = renewal.newEndDate!;
  });
  return id;
}

const at = (day: string, hour: number) => new Date(`${day}T${String(hour).padStart(2, '0')}:00:00Z`);

interface Draft {
  id: string;
  child: number;
  kind: MeasureKind;
  judicial: boolean;
  court: number | null;
  operator: number | null;
  start: string;
  closed: string | null;
  concernId: string | null;
  proposed?: boolean;
}

/** Status, renewals, reports and hearings of one measure, consistent with its dates. */
function expand(plan: SeedPlan, draft: Draft, out: MeasureSeed, r: Random): void {
  let d = draft;
  // The law per kind (MEASURE_RULES): the term of each decision, how often it is renewed, the
  // age it ends at. A measure the law does not let go on ends at its term (an OPP after its one
  // extension, a minor's measure at majority).
  const rule = measureRule(d.kind);
  const birth = childProfile(plan, d.child).birthDate;
  const courtId = d.judicial ? partnerId('COURT', d.court!) : null;
  const lastDay = lastLawfulDay(d.kind, birth);
  let plannedEnd = defaultPlannedEnd(d.kind, birth, d.start);
  const ends = [plannedEnd];
  let status = d.proposed ? MeasureStatus.PROPOSED : MeasureStatus.ACTIVE;
  // Renewed while it lasts past its term (by reasoned decision, a month before the term); the
  // file keeps the last two renewals, which is what anyone reads.
  const until = d.closed ?? plan.today;
  const renewals: Partial<MeasureRenewal>[] = [];
  const months = rule.renewalMaxMonths ?? rule.maxTermMonths;
  while (!d.proposed && plannedEnd < until && plannedEnd < lastDay && months !== null && (rule.maxRenewals === null || renewals.length < rule.maxRenewals)) {
    const decisionDate = addDays(plannedEnd, -r.int(10, 40));
    const term = addDays(addMonths(addDays(plannedEnd, 1), months), -1);
    const newEnd = term < lastDay ? term : lastDay;
    renewals.push({ measureId: d.id, decisionDate, previousEndDate: plannedEnd, newEndDate: newEnd, reason: 'Les objectifs du projet pour l’enfant ne sont pas encore atteints.' });
    plannedEnd = newEnd;
    ends.push(newEnd);
    status = MeasureStatus.RENEWED;
  }
  const atTerm = !d.proposed && plannedEnd < until;
  if (atTerm) d = { ...d, closed: plannedEnd };
  for (const renewal of renewals.slice(-2)) {
    out.renewals.push(renewal);
    if (courtId) out.hearings.push({ childId: childId(d.child), measureId: d.id, courtId, scheduledAt: at(renewal.decisionDate!, 9), purpose: 'Renouvellement de la mesure', outcome: 'Mesure renouvelée' });
  }
  const familyAgreementId = agreementOf(plan, d, ends[0]!, plannedEnd, renewals, out);
  const lifted = d.closed !== null && d.judicial && r.chance(0.4) && !atTerm;
  if (d.closed) status = lifted ? MeasureStatus.LIFTED : MeasureStatus.ENDED;
  out.measures.push({
    id: d.id,
    childId: childId(d.child),
    concernId: d.concernId,
    kind: d.kind,
    judicial: d.judicial,
    status,
    courtId,
    decisionDate: d.judicial && !d.proposed ? d.start : null,
    startDate: d.start,
    plannedEndDate: plannedEnd,
    endedOn: d.closed && !lifted ? d.closed : null,
    liftedAt: lifted ? d.closed : null,
    closeReason: d.closed ? (lifted ? 'Mainlevée : retour en famille dans de bonnes conditions.' : 'Terme de la mesure.') : null,
    operatorId: d.operator === null ? null : partnerId('ASSOCIATION', d.operator),
    familyAgreementId,
  });
  if (courtId) {
    out.hearings.push({ childId: childId(d.child), measureId: d.id, courtId, scheduledAt: at(d.start, 10), purpose: 'Audience d’assistance éducative', outcome: d.proposed ? null : 'Mesure ordonnée' });
    if (!d.closed && !d.proposed && plannedEnd <= addDays(plan.today, 90)) {
      out.hearings.push({ childId: childId(d.child), measureId: d.id, courtId, scheduledAt: at(addDays(plannedEnd, -20), 14), purpose: 'Échéance de la mesure', outcome: null });
    }
  }
  if (d.proposed) return;
  // Reports every 6 or 12 months from the start, and before the term in force then; the last three are kept.
  const endAt = (day: string) => ends.find((e) => e >= day) ?? ends.at(-1)!;
  const dues: string[] = [];
  const last = d.closed ?? plan.today;
  for (let due = nextReportDue(birth, d.start, endAt(d.start)); due <= last; due = nextReportDue(birth, due, endAt(due))) dues.push(due);
  const overdue = !d.closed && dues.length > 0 && r.chance(0.15);
  const sent = overdue ? dues.slice(0, -1) : dues;
  for (const due of sent.slice(-3)) {
    out.reports.push({ childId: childId(d.child), measureId: d.id, dueOn: due, status: SituationReportStatus.SENT, content: 'Évolution de la situation de l’enfant et de sa famille depuis le dernier rapport.', sentOn: addDays(due, -r.int(0, 20)), sentToId: courtId });
  }
  if (!d.closed) {
    const from = dues.at(-1) ?? d.start;
    const due = overdue ? dues.at(-1)! : nextReportDue(birth, from, endAt(from));
    out.reports.push({ childId: childId(d.child), measureId: d.id, dueOn: due, status: SituationReportStatus.DRAFT, content: r.chance(0.3) ? 'Brouillon en cours de rédaction.' : null });
  }
}

/**
 * Every placement's measure exactly as `placementMeasure` says (the placements subgraph links to
 * them), plus home-support, authority and young-adult measures, and the measures concerns led to.
 */
export function seedMeasures(plan: SeedPlan, size: WorldSize, from: number, to: number, concerns: ConcernSeed): MeasureSeed {
  const out: MeasureSeed = { measures: [], renewals: [], reports: [], hearings: [], agreements: [], agreementRenewals: [], agreementSignatures: [] };
  for (let i = from; i < to; i++) {
    const r = random(`measures:${i}`);
    childPlacements(plan, size, i).forEach((_, k) => {
      const m = placementMeasure(plan, size, i, k);
      expand(plan, { id: m.id, child: i, kind: m.kind as MeasureKind, judicial: m.judicial, court: m.court, operator: m.operator, start: m.startDate, closed: m.endDate, concernId: null }, out, r);
    });
    const profile = childProfile(plan, i);
    const age = ageOn(profile.birthDate, plan.today);
    if (r.chance(0.2)) {
      const kinds = age >= 18
        ? [MeasureKind.YOUNG_ADULT]
        : [MeasureKind.AED, MeasureKind.AED, MeasureKind.AEMO, MeasureKind.AEMO, MeasureKind.AEMO, MeasureKind.DELEGATION_OF_PARENTAL_AUTHORITY, MeasureKind.GUARDIANSHIP, MeasureKind.WARD_OF_THE_STATE];
      const kind = r.pick(kinds);
      const judicial = [MeasureKind.AEMO, MeasureKind.DELEGATION_OF_PARENTAL_AUTHORITY, MeasureKind.GUARDIANSHIP].includes(kind);
      const earliest = kind === MeasureKind.YOUNG_ADULT ? addMonths(profile.birthDate, 12 * 18) : profile.birthDate;
      const span = Math.max(0, Math.round((Date.parse(plan.today) - Date.parse(earliest)) / 86_400_000));
      // Proposed to start within a month: never for a minor who comes of age before it starts.
      const proposed = r.chance(0.06) && (kind === MeasureKind.YOUNG_ADULT || ageOn(profile.birthDate, addDays(plan.today, 30)) < 18);
      const start = proposed ? addDays(plan.today, r.int(3, 30)) : addDays(earliest, r.int(0, Math.min(span, 1500)));
      const ended = !proposed && r.chance(0.3) && start < addDays(plan.today, -60);
      const closed = ended ? addDays(start, r.int(30, Math.max(31, Math.round((Date.parse(plan.today) - Date.parse(start)) / 86_400_000)))) : null;
      expand(plan, {
        id: seedId(`measure:other:${i}`, 0),
        child: i,
        kind,
        judicial,
        court: judicial ? jurisdictionOf(profile.commune) : null,
        operator: [MeasureKind.AED, MeasureKind.AEMO, MeasureKind.YOUNG_ADULT].includes(kind) ? (i * 13) % size.associations : null,
        start,
        closed: closed && closed <= plan.today ? closed : null,
        concernId: null,
        proposed,
      }, out, r);
    }
  }
  concerns.followUps.forEach((f) => {
    const r = random(`follow-up:${f.child}:${f.n}`);
    // A concern about someone of age leads to a contrat jeune majeur, not to a minor's measure (law/measures.ts).
    const start = f.from > plan.today ? plan.today : f.from;
    const adult = ageOn(childProfile(plan, f.child).birthDate, start) >= 18;
    const judicial = f.kind === 'AEMO' && !adult;
    expand(plan, {
      id: seedId(`measure:follow-up:${f.child}`, f.n),
      child: f.child,
      kind: adult ? MeasureKind.YOUNG_ADULT : judicial ? MeasureKind.AEMO : MeasureKind.AED,
      judicial,
      court: judicial ? f.court : null,
      operator: (f.child * 7) % size.associations,
      start,
      closed: ((end) => (r.chance(0.6) && end < plan.today ? end : null))(addDays(f.from, r.int(180, 720))),
      concernId: f.concernId,
      proposed: f.from > plan.today,
    }, out, r);
  });
  return out;
}
