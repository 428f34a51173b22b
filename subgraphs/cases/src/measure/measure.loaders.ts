import { byIdLoader, manyByLoader, pagesByParentLoader } from '@passerelle/common';
import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import type { CasesReadRows } from '../access/row-policy';
import { SituationReport } from '../report/situation-report.entity';
import { MeasureRenewal } from './measure-renewal.entity';
import { Measure } from './measure.entity';
import { OPEN_MEASURE_STATUSES } from './measure.lifecycle';

/**
 * Measures in the principal's scope. What is derived from a measure or a child already in scope
 * (protection status, renewals, when the next report is due) needs no further condition.
 */
export function measureLoaders(dataSource: DataSource, rows: CasesReadRows) {
  const measures = dataSource.getRepository(Measure);
  const reports = dataSource.getRepository(SituationReport);
  const byDueDate = { property: 'dueOn', direction: 'ASC' } as const;
  const reportsByMeasure = manyByLoader(reports, 'measureId', byDueDate, rows.reports);
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
    measureById: byIdLoader(measures, rows.measures),
    measuresByChild: pagesByParentLoader(measures, 'childId', { property: 'startDate', direction: 'DESC' }, {
      conditionOf: () => rows.measures,
    }),
    measuresByConcern: manyByLoader(measures, 'concernId', { property: 'startDate', direction: 'ASC' }, rows.measures),
    renewalsByMeasure: manyByLoader(dataSource.getRepository(MeasureRenewal), 'measureId', {
      property: 'decisionDate',
      direction: 'ASC',
    }),
    /** The reports the principal may read. */
    reportsByMeasure,
    /** Every report of a measure in scope, for its next due date (an association contributes to reports it cannot read). */
    reportDueDatesByMeasure: rows.reports ? manyByLoader(reports, 'measureId', byDueDate) : reportsByMeasure,
  };
}
