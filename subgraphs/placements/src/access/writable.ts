import { outOfScope, type Condition } from '@passerelle/common';
import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';

/**
 * Before a record is changed, inside the transaction: it must be among the rows the principal may
 * change (`condition`, from the row policy; null: any). Checked before the version, so that
 * neither CONFLICT nor NOT_FOUND tells a principal anything of a record outside its rows.
 */
export async function requireWritable<T extends ObjectLiteral>(
  manager: EntityManager,
  entity: EntityTarget<T>,
  typeName: string,
  id: string,
  condition: Condition | null,
): Promise<void> {
  if (!condition) return;
  const writable = await manager
    .getRepository(entity)
    .createQueryBuilder('w')
    .where('w.id = :__id', { __id: id })
    .andWhere(condition.sql, condition.params)
    .getExists();
  if (!writable) throw outOfScope(typeName);
}
