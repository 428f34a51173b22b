import { byIdLoader, eachParent, fromEachParent, manyByLoader, pagesByParentLoader, readEntities, type Condition } from '@passerelle/common';
import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import { ReturnHomeMilestone, ReturnHomeMove, ReturnHomePhaseEntry } from './return-home-parts.entity';
import { ReturnHomePlan } from './return-home-plan.entity';

/**
 * `scope`: the plans the principal may read (row policy). Phases, moves and milestones are
 * reached only through a plan it read.
 */
export function returnHomeLoaders(dataSource: DataSource, scope: Condition | null) {
  const plans = dataSource.getRepository(ReturnHomePlan);
  return {
    returnHomePlanById: byIdLoader(plans, scope),
    /** Each child's latest plan (the open one if any, else the last closed): one statement per batch. */
    latestReturnHomePlanByChild: new DataLoader<string, ReturnHomePlan | null>(async (childIds) => {
      const rows = await readEntities(
        plans,
        'r',
        `latestByChild|${scope?.sql ?? ''}`,
        (qb) =>
          fromEachParent(qb, plans, 'child_id', '1', (page) =>
            (scope ? page.andWhere(scope.sql) : page).orderBy('w.start_date', 'DESC').addOrderBy('w.created_at', 'DESC').addOrderBy('w.id', 'DESC'),
          ),
        { ...scope?.params, ...eachParent(childIds) },
      );
      const byChild = new Map(rows.map((row) => [row.childId, row]));
      return childIds.map((id) => byChild.get(id) ?? null);
    }),
    returnHomePlansByChild: pagesByParentLoader(plans, 'childId', { property: 'startDate', direction: 'DESC' }, { conditionOf: () => scope }),
    phasesByPlan: manyByLoader(dataSource.getRepository(ReturnHomePhaseEntry), 'planId', { property: 'position', direction: 'ASC' }),
    movesByPlan: pagesByParentLoader(dataSource.getRepository(ReturnHomeMove), 'planId', { property: 'seq', direction: 'ASC' }),
    milestonesByPlan: pagesByParentLoader(dataSource.getRepository(ReturnHomeMilestone), 'planId', {
      property: 'dueOn',
      direction: 'ASC',
    }),
  };
}
