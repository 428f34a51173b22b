import { manyByLoader } from '@passerelle/common';
import type { DataSource } from 'typeorm';
import { ChildReferent } from './child-referent.entity';

/** A child's référents, current and former, by first day; one statement per batch (the child is in scope already). */
export function referentLoaders(dataSource: DataSource) {
  return { referentsByChild: manyByLoader(dataSource.getRepository(ChildReferent), 'childId', { property: 'since', direction: 'ASC' }) };
}
