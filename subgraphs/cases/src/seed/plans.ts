import { addDays, BOY_NAMES, childProfile, GIRL_NAMES, LAST_NAMES, random, seedId, type SeedPlan } from '@passerelle/common';
import { ageOn } from '../dates';
import type { Measure } from '../measure/measure.entity';
import { MeasureStatus } from '../measure/measure.enums';
import type { ChildPlan } from '../plan/child-plan.entity';
import type { PlanAction, PlanNeed, PlanObjective, PlanReview, PlanSignature } from '../plan/plan-parts.entity';
import { ChildPlanStatus, ObjectiveStatus, PlanDomain, SignerRole } from '../plan/plan.enums';

export interface PlanSeed {
  plans: Partial<ChildPlan>[];
  needs: Partial<PlanNeed>[];
  objectives: Partial<PlanObjective>[];
  actions: Partial<PlanAction>[];
  reviews: Partial<PlanReview>[];
  signatures: Partial<PlanSignature>[];
}

const NEEDS: Record<PlanDomain, [string, string, string]> = {
  HEALTH: ['Suivi médical et vaccinations à reprendre', 'Faire le bilan de santé et le suivi orthophonique', 'Pédiatre référent'],
  SCHOOLING: ['Difficultés de lecture, absentéisme', 'Retrouver une scolarité régulière', 'Enseignante référente'],
  FAMILY_TIES: ['Liens fragiles avec la mère, forts avec la fratrie', 'Maintenir les liens avec la fratrie et la mère', 'Éducatrice ASE'],
  DAILY_LIFE: ['Besoin de repères dans le quotidien', 'Installer des rythmes de sommeil et de repas', 'Lieu d’accueil'],
  LEISURE: ['Peu d’activités hors de l’école', 'Inscrire l’enfant à une activité sportive', 'Lieu d’accueil'],
  AUTONOMY: ['Préparer la majorité', 'Ouvrir un compte, préparer l’entretien d’autonomie à 17 ans', 'Référent ASE'],
  SAFETY: ['Exposition à des violences au domicile', 'Garantir la sécurité lors des visites', 'Service des visites médiatisées'],
  EMOTIONAL_DEVELOPMENT: ['Anxiété, troubles du sommeil', 'Mettre en place un suivi psychologique', 'CMP'],
};

/** A plan for most children with a measure in force: needs, objectives, actions, reviews, signatures. */
export function seedPlans(plan: SeedPlan, measures: Partial<Measure>[], childIndex: Map<string, number>): PlanSeed {
  const out: PlanSeed = { plans: [], needs: [], objectives: [], actions: [], reviews: [], signatures: [] };
  const latestOpen = new Map<string, Partial<Measure>>();
  for (const m of measures) {
    if (m.status !== MeasureStatus.ACTIVE && m.status !== MeasureStatus.RENEWED) continue;
    const current = latestOpen.get(m.childId!);
    if (!current || current.startDate! < m.startDate!) latestOpen.set(m.childId!, m);
  }
  for (const [childId, measure] of latestOpen) {
    const i = childIndex.get(childId)!;
    const r = random(`plan:${i}`);
    if (!r.chance(0.85)) continue;
    const profile = childProfile(plan, i);
    const age = ageOn(profile.birthDate, plan.today);
    const drawnUpOn = [addDays(measure.startDate!, r.int(20, 90)), plan.today].sort()[0]!;
    const inForce = r.chance(0.8);
    const versions: { id: string; status: ChildPlanStatus; drawnUpOn: string }[] = [];
    if (inForce && r.chance(0.3) && drawnUpOn > addDays(measure.startDate!, 60)) {
      versions.push({ id: seedId(`plan:${i}`, 1), status: ChildPlanStatus.SUPERSEDED, drawnUpOn: addDays(drawnUpOn, -40) });
    }
    versions.push({ id: seedId(`plan:${i}`, 0), status: inForce ? ChildPlanStatus.IN_FORCE : ChildPlanStatus.DRAFT, drawnUpOn });
    for (const v of versions) {
      const signedOn = [addDays(v.drawnUpOn, r.int(3, 20)), plan.today].sort()[0]!;
      out.plans.push({ id: v.id, childId, measureId: measure.id!, status: v.status, drawnUpOn: v.drawnUpOn, inForceFrom: v.status === ChildPlanStatus.DRAFT ? null : signedOn });
      const domains = [PlanDomain.HEALTH, PlanDomain.FAMILY_TIES, age >= 3 && age < 18 ? PlanDomain.SCHOOLING : PlanDomain.DAILY_LIFE, age >= 16 ? PlanDomain.AUTONOMY : r.pick([PlanDomain.LEISURE, PlanDomain.EMOTIONAL_DEVELOPMENT, PlanDomain.SAFETY])];
      domains.forEach((domain, position) => {
        const [need, objective, owner] = NEEDS[domain];
        out.needs.push({ planId: v.id, domain, description: need, position });
        if (position > 2) return;
        const objectiveId = seedId(`plan-objective:${v.id}`, position);
        out.objectives.push({ id: objectiveId, planId: v.id, domain, description: objective, owner, targetDate: addDays(v.drawnUpOn, r.int(90, 360)), status: v.status === ChildPlanStatus.SUPERSEDED ? ObjectiveStatus.ACHIEVED : r.chance(0.2) ? ObjectiveStatus.ACHIEVED : ObjectiveStatus.OPEN, position });
        for (let a = 0; a < r.int(1, 2); a++) {
          const dueOn = addDays(v.drawnUpOn, r.int(30, 200));
          out.actions.push({ objectiveId, description: a === 0 ? `Prendre rendez-vous : ${objective.toLowerCase()}` : 'Faire le point avec la famille', owner, dueOn, doneOn: dueOn < plan.today && r.chance(0.6) ? dueOn : null, position: a });
        }
      });
      if (v.status !== ChildPlanStatus.DRAFT) {
        out.signatures.push({ planId: v.id, signerName: `${r.pick(GIRL_NAMES)} ${r.pick(LAST_NAMES)}, inspectrice ASE`, signerRole: SignerRole.DEPARTMENT, signedOn: signedOn });
        if (r.chance(0.8)) out.signatures.push({ planId: v.id, signerName: `${r.pick(BOY_NAMES)} ${profile.lastName}`, signerRole: SignerRole.PARENT, signedOn: signedOn });
        if (age >= 7) out.signatures.push({ planId: v.id, signerName: profile.firstNames.split(',')[0]!, signerRole: SignerRole.CHILD, signedOn: signedOn });
        for (let k = 0, day = addDays(signedOn, 180); k < 2 && day <= plan.today; k++, day = addDays(day, 180)) {
          out.reviews.push({ planId: v.id, reviewedOn: day, reviewer: 'Référent ASE', summary: 'Bilan des objectifs avec l’enfant, sa famille et le lieu d’accueil.', childPresent: age >= 6, childWords: age >= 6 ? r.pick(['Je voudrais voir ma sœur plus souvent.', 'Ça se passe bien au foyer, j’aime le foot.', 'Je veux rentrer chez maman.', 'Je n’aime pas changer d’école.']) : null });
        }
      }
    }
  }
  return out;
}
