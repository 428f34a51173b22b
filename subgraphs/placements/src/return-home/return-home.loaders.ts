import { byIdLoader, manyByLoader, pagesByParentLoader } from '@passerelle/common';
import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import { ReturnHomeMilestone, ReturnHomeMove, ReturnHomePhaseEntry } from './return-home-parts.entity';
import { ReturnHomePlan } from './return-home-plan.entity';

export function returnHomeLoaders(dataSource: DataSource) {
  const plans = dataSource.getRepository(ReturnHomePlan);
  return {
    returnHomePlanById: byIdLoader(plans),
    /** Each child's latest plan (the open one if any, else the last closed): one statement per batch. */
    latestReturnHomePlanByChild: new DataLoader<string, ReturnHomePlan | null>(async (childIds) => {
      const rows = await plans
        .createQueryBuilder('plan')
        .distinctOn(['plan.child_id'])
        .where('plan.child_id IN (:...childIds)', { childIds: [...childIds] })
        .orderBy('plan.child_id')
        .addOrderBy('plan.start_date', 'DESC')
        .addOrderBy('plan.created_at', 'DESC')
        .getMany();
      const byChild = new Map(rows.map((row) => [row.childId, row]));
      return childIds.map((id) => byChild.get(id) ?? null);
    }),
    returnHomePlansByChild: pagesByParentLoader(plans, 'childId', { property: 'startDate', direction: 'DESC' }),
    phasesByPlan: manyByLoader(dataSource.getRepository(ReturnHomePhaseEntry), 'planId', { property: 'position', direction: 'ASC' }),
    movesByPlan: pagesByParentLoader(dataSource.getRepository(ReturnHomeMove), 'planId', { property: 'seq', direction: 'ASC' }),
    milestonesByPlan: pagesByParentLoader(dataSource.getRepository(ReturnHomeMilestone), 'planId', {
      property: 'dueOn',
      direction: 'ASC',
    }),
  };
}
