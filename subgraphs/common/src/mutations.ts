import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import { conflict, notFound } from './errors';

type Versioned = ObjectLiteral & { id: string; version: number };

/**
 * Optimistic locking for an update inside a transaction: the client sends back the `version` it
 * read; if the row moved on since, nothing is written and the client gets CONFLICT with the
 * current version. The row is locked while it is checked, so two updates cannot both pass.
 */
export async function loadForUpdate<T extends Versioned>(
  manager: EntityManager,
  entity: EntityTarget<T>,
  typeName: string,
  id: string,
  expectedVersion: number,
): Promise<T> {
  const current = await manager.getRepository(entity).findOne({
    where: { id } as never,
    lock: { mode: 'pessimistic_write' },
  });
  if (!current) throw notFound(typeName, id);
  if (current.version !== expectedVersion) {
    throw conflict(
      `${typeName} ${id} was changed by someone else (now version ${current.version}, you sent ${expectedVersion}): reload it and try again`,
      { currentVersion: current.version },
    );
  }
  return current;
}
