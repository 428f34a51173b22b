import type { EntityTarget, ObjectLiteral, QueryRunner } from 'typeorm';

/** Inserts many rows in multi-row INSERTs (PostgreSQL caps a statement at 65 535 parameters). */
export async function insertInChunks<T extends ObjectLiteral>(
  runner: QueryRunner,
  entity: EntityTarget<T>,
  rows: T[],
  chunkSize = 2000,
): Promise<void> {
  for (let start = 0; start < rows.length; start += chunkSize) {
    await runner.manager
      .createQueryBuilder()
      .insert()
      .into(entity)
      .values(rows.slice(start, start + chunkSize) as never)
      .updateEntity(false)
      .execute();
  }
}
