import { bulkInsertInto } from '@passerelle/common';
import type { EntityManager } from 'typeorm';

/** A column of a seed row: its name, and its PostgreSQL type for the reader (the table converts). */
export type BulkColumn = readonly [name: string, type: string];

/**
 * The placements seed builds its rows as arrays, column by column; they go in through
 * common's bulk insert (one JSON parameter per chunk, converted by the table's row type).
 */
export async function bulkInsert(manager: EntityManager, table: string, columns: readonly BulkColumn[], rows: unknown[][]): Promise<void> {
  const names = columns.map(([name]) => name);
  await bulkInsertInto(
    manager.queryRunner!,
    table,
    rows.map((row) => Object.fromEntries(names.map((name, i) => [name, row[i]]))),
  );
}
