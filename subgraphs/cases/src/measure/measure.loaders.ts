import { byIdLoader, manyByLoader, pagesByParentLoader } from '@passerelle/common';
import type { DataSource } from 'typeorm';
import { SituationReport } from '../report/situation-report.entity';
import { MeasureRenewal } from './measure-renewal.entity';
import { Measure } from './measure.entity';

export function measureLoaders(dataSource: DataSource) {
  const measures = dataSource.getRepository(Measure);
  return {
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
