import type { EntityManager } from 'typeorm';

/**
 * Multi-row INSERT straight in SQL, for the seed: at 100 000 children the placements schema
 * gets a few hundred thousand rows, and building them through the query builder costs more
 * than sending them. Rows are arrays in `columns` order; chunks stay under PostgreSQL's
 * 65 535 parameters per statement.
 */
export async function bulkInsert(manager: EntityManager, table: string, columns: readonly string[], rows: unknown[][]): Promise<void> {
  const perChunk = Math.floor(60_000 / columns.length);
  for (let start = 0; start < rows.length; start += perChunk) {
    const chunk = rows.slice(start, start + perChunk);
    const params: unknown[] = [];
    const values = chunk.map((row) => `(${row.map((value) => `$${params.push(value)}`).join(', ')})`);
    await manager.query(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${values.join(', ')}`, params);
  }
}
