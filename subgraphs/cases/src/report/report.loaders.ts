import { byIdLoader, pagesByParentLoader } from '@passerelle/common';
import type { DataSource } from 'typeorm';
import { Hearing } from '../hearing/hearing.entity';
import { SituationReport } from './situation-report.entity';

export function reportLoaders(dataSource: DataSource) {
  const reports = dataSource.getRepository(SituationReport);
  const hearings = dataSource.getRepository(Hearing);
  return {
    reportById: byIdLoader(reports),
    reportsByChild: pagesByParentLoader(reports, 'childId', { property: 'dueOn', direction: 'DESC' }),
    hearingById: byIdLoader(hearings),
    hearingsByChild: pagesByParentLoader(hearings, 'childId', { property: 'scheduledAt', direction: 'DESC' }),
  };
}
