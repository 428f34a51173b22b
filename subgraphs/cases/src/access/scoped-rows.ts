import { manyByLoader, outOfScope, type Condition, type SortKey } from '@passerelle/common';
import DataLoader from 'dataloader';
import type { EntityManager, EntityTarget, ObjectLiteral, Repository, SelectQueryBuilder } from 'typeorm';

/**
 * The mechanics of applying the row policy's conditions (alias `w`) in SQL; what the conditions
 * say is decided in row-policy.ts only.
 */

type Keyed = ObjectLiteral & { id: string };

/** Adds a row-policy condition to a query builder aliased `w`. */
export function scoped<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, condition: Condition | null): SelectQueryBuilder<T> {
  return condition ? qb.andWhere(condition.sql, condition.params) : qb;
}

/** `manyByLoader` restricted to the rows meeting `condition`: still one statement per batch. */
export function manyWhereLoader<T extends Keyed>(
  repository: Repository<T>,
  property: keyof T & string,
  order: SortKey<T>,
  condition: Condition | null,
): DataLoader<string, T[]> {
  if (!condition) return manyByLoader(repository, property, order);
  return new DataLoader(async (keys) => {
    const rows = await scoped(repository.createQueryBuilder('w').where(`w.${property} IN (:...__keys)`, { __keys: [...keys] }), condition)
      .orderBy(`w.${order.property}`, order.direction)
      .addOrderBy('w.id', order.direction)
      .getMany();
    const grouped = new Map<string, T[]>(keys.map((key) => [key, []]));
    for (const row of rows) grouped.get(String(row[property]))?.push(row);
    return keys.map((key) => grouped.get(key) ?? []);
  });
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
