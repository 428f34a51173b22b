import { byIdLoader, manyByLoader, pagesByParentLoader } from '@passerelle/common';
import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import { SituationReport } from '../report/situation-report.entity';
import { MeasureRenewal } from './measure-renewal.entity';
import { Measure } from './measure.entity';
import { OPEN_MEASURE_STATUSES } from './measure.lifecycle';

export function measureLoaders(dataSource: DataSource) {
  const measures = dataSource.getRepository(Measure);
  return {
    /** Whether each child has a measure in force (ACTIVE or RENEWED): one statement per batch. */
    underProtection: new DataLoader<string, boolean>(async (childIds) => {
      const rows: { child_id: string }[] = await dataSource.query(
        `SELECT DISTINCT child_id FROM cases.measure WHERE child_id = ANY($1::uuid[]) AND status = ANY($2::cases.measure_status[])`,
        [[...childIds], [...OPEN_MEASURE_STATUSES]],
      );
      const open = new Set(rows.map((r) => r.child_id));
      return childIds.map((id) => open.has(id));
    }),
    measureById: byIdLoader(measures),
    measuresByChild: pagesByParentLoader(measures, 'childId', { property: 'startDate', direction: 'DESC' }),
    measuresByConcern: manyByLoader(measures, 'concernId', { property: 'startDate', direction: 'ASC' }),
    renewalsByMeasure: manyByLoader(dataSource.getRepository(MeasureRenewal), 'measureId', {
      property: 'decisionDate',
      direction: 'ASC',
    }),
    reportsByMeasure: manyByLoader(dataSource.getRepository(SituationReport), 'measureId', {
      property: 'dueOn',
      direction: 'ASC',
    }),
  };
}
