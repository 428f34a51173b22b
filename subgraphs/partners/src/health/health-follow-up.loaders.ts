import { byIdLoader, currentByParentLoader, inForceOn, pagesByParentLoader } from '@passerelle/common';
import type { DataSource } from 'typeorm';
import { HealthFollowUp } from './health-follow-up.entity';

export function healthFollowUpLoaders(dataSource: DataSource) {
  const followUps = dataSource.getRepository(HealthFollowUp);
  const newestFirst = { property: 'startDate', direction: 'DESC' } as const;
  const onDay = (on: string | null | undefined) => inForceOn(on, 'start_date', 'end_date');
  const signature = (on: string | null | undefined) => on ?? '';
  return {
    healthFollowUpById: byIdLoader(followUps),
    healthFollowUpsByChild: pagesByParentLoader(followUps, 'childId', newestFirst, { conditionOf: onDay, signatureOf: signature, join: 'pmiCentre' }),
    healthFollowUpsByPmi: pagesByParentLoader(followUps, 'pmiId', newestFirst, { conditionOf: onDay, signatureOf: signature }),
    currentHealthFollowUpByChild: currentByParentLoader(followUps, 'child_id', 'pmiCentre'),
  };
}
