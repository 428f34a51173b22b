import {
  bulkInsert,
  childId,
  type SeedPlan,
  worldSize,
} from '@passerelle/common';
import type { DataSource } from 'typeorm';
import { Child } from './child/child.entity';
import { ConcernChild } from './concern/concern-child.entity';
import { Concern } from './concern/concern.entity';
import { Evaluation } from './evaluation/evaluation.entity';
import { Hearing } from './hearing/hearing.entity';
import { FamilyAgreement, FamilyAgreementRenewal, FamilyAgreementSignature } from './family/family-agreement.entity';
import { MeasureRenewal } from './measure/measure-renewal.entity';
import { Measure } from './measure/measure.entity';
import { ContactPerson } from './people/contact-person.entity';
import { Guardian } from './people/guardian.entity';
import { ChildPlan } from './plan/child-plan.entity';
import { PlanAction, PlanNeed, PlanObjective, PlanReview, PlanSignature } from './plan/plan-parts.entity';
import { Referral } from './referral/referral.entity';
import { ChildReferent } from './referent/child-referent.entity';
import { SituationReport } from './report/situation-report.entity';
import { AdopterApproval, AdoptionFollowUp, AdoptionPlacement, FamilyCouncilDecision, FamilyCouncilMeeting, FamilyCouncilMember, WardFile } from './adoption/adoption.entity';
import { seedAdoption, seedWards } from './seed/adoption';
import { seedConcerns } from './seed/concerns';
import { seedMeasures } from './seed/measures';
import { seedChild, seedContactPersons, seedGuardians, seedReferents } from './seed/people';
import { seedPlans } from './seed/plans';

const CHUNK = 10_000;

const TABLES = [
  'adoption_follow_up', 'adoption_placement', 'family_council_decision', 'adopter_approval', 'family_council_meeting', 'family_council_member', 'ward_file',
  'hearing', 'situation_report', 'plan_signature', 'plan_review', 'plan_action', 'plan_objective', 'plan_need', 'child_plan',
  'measure_renewal', 'measure', 'family_agreement_signature', 'family_agreement_renewal', 'family_agreement', 'referral', 'evaluation', 'concern_child', 'concern', 'contact_person', 'guardian', 'child_referent', 'child',
];

/**
 * Seeds the cases schema with the demo world: replaces whatever it held, in one transaction,
 * with bulk inserts. Per 1 000 children, about: 930 référent assignments (département members), 1 700 guardians, 650 people around the children,
 * 550 concerns in every state (a few evaluations overdue), 520 evaluations, 110 referrals,
 * 1 050 measures of every kind and state with 800 renewals, 400 plans (needs, objectives,
 * actions, reviews, signatures), 1 750 situation reports (some overdue), 1 300 hearings.
 * 100 000 children (1.5 million rows) take about a minute.
 */
export async function seedCases(dataSource: DataSource, plan: SeedPlan): Promise<void> {
  const size = worldSize(plan);
  await dataSource.transaction(async (manager) => {
    const runner = manager.queryRunner!;
    await runner.query(`TRUNCATE ${TABLES.map((t) => `cases.${t}`).join(', ')} CASCADE`);
    const wards: Partial<WardFile>[] = [];
    // A range of children at a time: memory stays flat and every row it references (a sibling
    // just before, its measures) is already in.
    for (let from = 0; from < plan.children; from += CHUNK) {
      const to = Math.min(plan.children, from + CHUNK);
      const children: Partial<Child>[] = [];
      const guardians: Partial<Guardian>[] = [];
      const contacts: Partial<ContactPerson>[] = [];
      const referents: Partial<ChildReferent>[] = [];
      const childIndex = new Map<string, number>();
      for (let i = from; i < to; i++) {
        children.push(seedChild(plan, i));
        guardians.push(...seedGuardians(plan, i));
        contacts.push(...seedContactPersons(plan, i));
        referents.push(...seedReferents(plan, i));
        childIndex.set(childId(i), i);
      }
      const concerns = seedConcerns(plan, size, from, to);
      const measures = seedMeasures(plan, size, from, to, concerns);
      const plans = seedPlans(plan, measures.measures, childIndex);
      await bulkInsert(runner, Child, children);
      await bulkInsert(runner, Guardian, guardians);
      await bulkInsert(runner, ContactPerson, contacts);
      await bulkInsert(runner, ChildReferent, referents);
      await bulkInsert(runner, Concern, concerns.concerns);
      await bulkInsert(runner, ConcernChild, concerns.links);
      await bulkInsert(runner, Evaluation, concerns.evaluations);
      await bulkInsert(runner, Referral, concerns.referrals);
      await bulkInsert(runner, FamilyAgreement, measures.agreements);
      await bulkInsert(runner, FamilyAgreementRenewal, measures.agreementRenewals);
      await bulkInsert(runner, FamilyAgreementSignature, measures.agreementSignatures);
      await bulkInsert(runner, Measure, measures.measures);
      await bulkInsert(runner, MeasureRenewal, measures.renewals);
      await bulkInsert(runner, SituationReport, measures.reports);
      await bulkInsert(runner, Hearing, measures.hearings);
      await bulkInsert(runner, ChildPlan, plans.plans);
      await bulkInsert(runner, PlanNeed, plans.needs);
      await bulkInsert(runner, PlanObjective, plans.objectives);
      await bulkInsert(runner, PlanAction, plans.actions);
      await bulkInsert(runner, PlanReview, plans.reviews);
      await bulkInsert(runner, PlanSignature, plans.signatures);
      wards.push(...seedWards(plan, measures.measures));
    }
    // Wards of the State and adoption, over the whole world (a few rows per thousand children).
    const adoption = seedAdoption(plan, wards);
    await bulkInsert(runner, WardFile, adoption.wards);
    await bulkInsert(runner, FamilyCouncilMember, adoption.members);
    await bulkInsert(runner, FamilyCouncilMeeting, adoption.meetings);
    await bulkInsert(runner, AdopterApproval, adoption.approvals);
    await bulkInsert(runner, FamilyCouncilDecision, adoption.decisions);
    await bulkInsert(runner, AdoptionPlacement, adoption.placements);
    await bulkInsert(runner, AdoptionFollowUp, adoption.followUps);
  });
}

/** Whether the schema holds no demo data yet (first start). */
export async function casesIsEmpty(dataSource: DataSource): Promise<boolean> {
  return (await dataSource.getRepository(Child).count({ take: 1 })) === 0;
}
