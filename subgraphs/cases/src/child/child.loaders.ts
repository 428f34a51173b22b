import { byIdLoader } from '@passerelle/common';
import type { DataSource } from 'typeorm';
import { Child } from './child.entity';

export function childLoaders(dataSource: DataSource) {
  return { childById: byIdLoader(dataSource.getRepository(Child)) };
}
