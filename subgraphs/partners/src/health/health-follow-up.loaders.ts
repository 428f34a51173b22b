import { allOf, byIdLoader, currentByParentLoader, inForceOn, pagesByParentLoader, type Condition } from '@passerelle/common';
import type { DataSource } from 'typeorm';
import { HealthFollowUp } from './health-follow-up.entity';

/** `scope`: the rows the principal may read (row policy), applied in every statement. */
export function healthFollowUpLoaders(dataSource: DataSource, scope: Condition | null) {
  const followUps = dataSource.getRepository(HealthFollowUp);
  const newestFirst = { property: 'startDate', direction: 'DESC' } as const;
  const onDay = (on: string | null | undefined) => allOf(inForceOn(on, 'start_date', 'end_date'), scope);
  const signature = (on: string | null | undefined) => on ?? '';
  return {
    healthFollowUpById: byIdLoader(followUps, scope),
    healthFollowUpsByChild: pagesByParentLoader(followUps, 'childId', newestFirst, { conditionOf: onDay, signatureOf: signature, join: 'pmiCentre' }),
    healthFollowUpsByPmi: pagesByParentLoader(followUps, 'pmiId', newestFirst, { conditionOf: onDay, signatureOf: signature }),
    currentHealthFollowUpByChild: currentByParentLoader(followUps, 'child_id', 'pmiCentre', scope),
  };
}
