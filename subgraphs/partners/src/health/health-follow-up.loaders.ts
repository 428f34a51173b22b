import { allOf, byIdLoader, currentByParentLoader, inForceOn, pagesByParentLoader, type Condition } from '@passerelle/common';
import type { DataSource } from 'typeorm';
import { CONFIRMED_ONLY } from '../declaration';
import { HealthFollowUp } from './health-follow-up.entity';

/**
 * `readable`: the rows the principal may read (row policy), applied in every statement. These are the
 * facts: confirmed rows only (a pending or rejected declaration is listed by the département's
 * declarations queries, nowhere else).
 */
export function healthFollowUpLoaders(dataSource: DataSource, readable: Condition | null) {
  const scope = allOf(readable, CONFIRMED_ONLY);
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
