import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import { outOfScope } from './access/scope';
import { conflict, notFound } from './errors';
import type { Condition } from './pagination';

type Versioned = ObjectLiteral & { id: string; version: number };

/**
 * Optimistic locking for an update inside a transaction: the client sends back the `version` it
 * read; if the row moved on since, nothing is written and the client gets CONFLICT with the
 * current version. The row is locked while it is checked, so two updates cannot both pass.
 * `writable` (alias `w`, from a row policy) restricts the rows the principal may change: a row
 * outside it answers exactly as a missing one — the slice's refusal — before its version is
 * looked at, so neither CONFLICT nor NOT_FOUND tells anything of a record outside the slice.
 */
export async function loadForUpdate<T extends Versioned>(
  manager: EntityManager,
  entity: EntityTarget<T>,
  typeName: string,
  id: string,
  expectedVersion: number,
  writable: Condition | null = null,
): Promise<T> {
  const query = manager.getRepository(entity).createQueryBuilder('w').setLock('pessimistic_write').where('w.id = :__id', { __id: id });
  if (writable) query.andWhere(writable.sql, writable.params);
  const current = await query.getOne();
  if (!current) throw writable ? outOfScope(typeName) : notFound(typeName, id);
  if (current.version !== expectedVersion) {
    throw conflict(
      `${typeName} ${id} was changed by someone else (now version ${current.version}, you sent ${expectedVersion}): reload it and try again`,
      { currentVersion: current.version },
    );
  }
  return current;
}
