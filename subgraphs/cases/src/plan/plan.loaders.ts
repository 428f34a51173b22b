import { byIdLoader, manyByLoader, pagesByParentLoader } from '@passerelle/common';
import type { DataSource } from 'typeorm';
import type { CasesReadRows } from '../access/row-policy';
import { ChildPlan } from './child-plan.entity';
import { PlanAction, PlanNeed, PlanObjective, PlanReview, PlanSignature } from './plan-parts.entity';

/** A plan's parts follow the plan's scope; needs, objectives and actions may be narrowed to a domain. */
export function planLoaders(dataSource: DataSource, rows: CasesReadRows) {
  const plans = dataSource.getRepository(ChildPlan);
  const byPosition = { property: 'position', direction: 'ASC' } as const;
  return {
    planById: byIdLoader(plans, rows.plans),
    plansByChild: pagesByParentLoader(plans, 'childId', { property: 'drawnUpOn', direction: 'DESC' }, { conditionOf: () => rows.plans }),
    needsByPlan: manyByLoader(dataSource.getRepository(PlanNeed), 'planId', byPosition, rows.planNeeds),
    objectivesByPlan: manyByLoader(dataSource.getRepository(PlanObjective), 'planId', byPosition, rows.planObjectives),
    actionsByObjective: manyByLoader(dataSource.getRepository(PlanAction), 'objectiveId', byPosition, rows.planActions),
    reviewsByPlan: manyByLoader(dataSource.getRepository(PlanReview), 'planId', { property: 'reviewedOn', direction: 'ASC' }, rows.planReviews),
    signaturesByPlan: manyByLoader(dataSource.getRepository(PlanSignature), 'planId', { property: 'signedOn', direction: 'ASC' }, null),
  };
}
