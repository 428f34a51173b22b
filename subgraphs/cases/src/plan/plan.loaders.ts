import { byIdLoader, manyByLoader, pagesByParentLoader } from '@passerelle/common';
import type { DataSource } from 'typeorm';
import { ChildPlan } from './child-plan.entity';
import { PlanAction, PlanNeed, PlanObjective, PlanReview, PlanSignature } from './plan-parts.entity';

export function planLoaders(dataSource: DataSource) {
  const plans = dataSource.getRepository(ChildPlan);
  return {
    planById: byIdLoader(plans),
    plansByChild: pagesByParentLoader(plans, 'childId', { property: 'drawnUpOn', direction: 'DESC' }),
    needsByPlan: manyByLoader(dataSource.getRepository(PlanNeed), 'planId', { property: 'position', direction: 'ASC' }),
    objectivesByPlan: manyByLoader(dataSource.getRepository(PlanObjective), 'planId', { property: 'position', direction: 'ASC' }),
    actionsByObjective: manyByLoader(dataSource.getRepository(PlanAction), 'objectiveId', { property: 'position', direction: 'ASC' }),
    reviewsByPlan: manyByLoader(dataSource.getRepository(PlanReview), 'planId', { property: 'reviewedOn', direction: 'ASC' }),
    signaturesByPlan: manyByLoader(dataSource.getRepository(PlanSignature), 'planId', { property: 'signedOn', direction: 'ASC' }),
  };
}
