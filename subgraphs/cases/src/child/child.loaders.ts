import { byIdLoader } from '@passerelle/common';
import type { DataSource } from 'typeorm';
import type { CasesReadRows } from '../access/row-policy';
import { Child } from './child.entity';

export function childLoaders(dataSource: DataSource, rows: CasesReadRows) {
  return { childById: byIdLoader(dataSource.getRepository(Child), rows.children) };
}
