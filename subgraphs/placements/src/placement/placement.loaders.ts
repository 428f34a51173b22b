import { byIdLoader, pagesByParentLoader } from '@passerelle/common';
import type { DataSource } from 'typeorm';
import { Facility } from '../facility/facility.entity';
import { Placement } from './placement.entity';

export function placementLoaders(dataSource: DataSource) {
  const placements = dataSource.getRepository(Placement);
  return {
    placementById: byIdLoader(placements),
    facilityById: byIdLoader(dataSource.getRepository(Facility)),
    placementsByChild: pagesByParentLoader(placements, 'childId', { property: 'startDate', direction: 'DESC' }),
  };
}
