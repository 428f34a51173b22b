import { outOfScope, type Condition } from '@passerelle/common';
import type { EntityManager, EntityTarget, ObjectLiteral, SelectQueryBuilder } from 'typeorm';

/**
 * The mechanics of applying the row policy's conditions (alias `w`) in SQL; what the conditions
 * say is decided in row-policy.ts only.
 */

/** Adds a row-policy condition to a query builder aliased `w`. */
export function scoped<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, condition: Condition | null): SelectQueryBuilder<T> {
  return condition ? qb.andWhere(condition.sql, condition.params) : qb;
}

/**
 * Before a write, in its transaction: FORBIDDEN unless row `id` meets the principal's write
 * condition — worded the same whether the row exists or not, and checked before the version so
 * that a stale version reveals nothing either. No condition (the whole département): no check.
 */
export async function requireWritable(
  manager: EntityManager,
  entity: EntityTarget<ObjectLiteral>,
  typeName: string,
  id: string,
  condition: Condition | null,
): Promise<void> {
  if (!condition) return;
  const row: unknown = await scoped(manager.getRepository(entity).createQueryBuilder('w').select('w.id', 'id').where('w.id = :__id', { __id: id }), condition).getRawOne();
  if (!row) throw outOfScope(typeName);
}
