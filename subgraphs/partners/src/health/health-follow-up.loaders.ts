import { byIdLoader } from '@passerelle/common';
import type { DataSource } from 'typeorm';
import { currentByParentLoader, filteredPagesLoader, inForceOn } from '../paging';
import { HealthFollowUp } from './health-follow-up.entity';

export function healthFollowUpLoaders(dataSource: DataSource) {
  const followUps = dataSource.getRepository(HealthFollowUp);
  const newestFirst = { property: 'startDate', direction: 'DESC' } as const;
  const onDay = (on: string | null) => inForceOn(on, 'start_date', 'end_date');
  const signature = (on: string | null) => on ?? '';
  return {
    healthFollowUpById: byIdLoader(followUps),
    healthFollowUpsByChild: filteredPagesLoader(followUps, 'childId', newestFirst, onDay, signature, 'pmiCentre'),
    healthFollowUpsByPmi: filteredPagesLoader(followUps, 'pmiId', newestFirst, onDay, signature),
    currentHealthFollowUpByChild: currentByParentLoader(followUps, 'child_id', 'pmiCentre'),
  };
}
