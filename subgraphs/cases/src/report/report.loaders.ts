import { byIdLoader, pagesByParentLoader } from '@passerelle/common';
import type { DataSource } from 'typeorm';
import type { CasesReadRows } from '../access/row-policy';
import { Hearing } from '../hearing/hearing.entity';
import { SituationReport } from './situation-report.entity';

export function reportLoaders(dataSource: DataSource, rows: CasesReadRows) {
  const reports = dataSource.getRepository(SituationReport);
  const hearings = dataSource.getRepository(Hearing);
  return {
    reportById: byIdLoader(reports, rows.reports),
    reportsByChild: pagesByParentLoader(reports, 'childId', { property: 'dueOn', direction: 'DESC' }, { conditionOf: () => rows.reports }),
    hearingById: byIdLoader(hearings, rows.hearings),
    hearingsByChild: pagesByParentLoader(hearings, 'childId', { property: 'scheduledAt', direction: 'DESC' }, { conditionOf: () => rows.hearings }),
  };
}
