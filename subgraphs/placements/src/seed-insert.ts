import type { EntityManager } from 'typeorm';

/** A column of a bulk insert: its name and PostgreSQL type (`uuid`, `date`, `placements.visit_status`…). */
export type BulkColumn = readonly [name: string, type: string];

/**
 * Inserts many rows for the seed: at 100 000 children the placements schema gets a few hundred
 * thousand rows. One array parameter per column, unnested (`INSERT … SELECT FROM unnest(…)`),
 * so a chunk of 20 000 rows costs a handful of parameters instead of one per value; columns of
 * array type (which unnest would flatten) fall back to multi-row VALUES.
 */
export async function bulkInsert(manager: EntityManager, table: string, columns: readonly BulkColumn[], rows: unknown[][]): Promise<void> {
  if (columns.some(([, type]) => type.endsWith('[]'))) return insertValues(manager, table, columns, rows);
  const names = columns.map(([name]) => name).join(', ');
  // Arrays travel as text[] or their base type; enums are cast back in the select list.
  const isEnum = (type: string) => type.includes('.');
  const unnest = columns.map(([, type], i) => `$${i + 1}::${isEnum(type) ? 'text' : type}[]`).join(', ');
  const select = columns.map(([name, type]) => (isEnum(type) ? `${name}::${type}` : name)).join(', ');
  for (let start = 0; start < rows.length; start += 20_000) {
    const chunk = rows.slice(start, start + 20_000);
    const arrays = columns.map((_, c) => chunk.map((row) => row[c]));
    await manager.query(`INSERT INTO ${table} (${names}) SELECT ${select} FROM unnest(${unnest}) AS t(${names})`, arrays);
  }
}

async function insertValues(manager: EntityManager, table: string, columns: readonly BulkColumn[], rows: unknown[][]): Promise<void> {
  const perChunk = Math.floor(60_000 / columns.length);
  for (let start = 0; start < rows.length; start += perChunk) {
    const chunk = rows.slice(start, start + perChunk);
    const params: unknown[] = [];
    const values = chunk.map((row) => `(${row.map((value) => `$${params.push(value)}`).join(', ')})`);
    await manager.query(`INSERT INTO ${table} (${columns.map(([name]) => name).join(', ')}) VALUES ${values.join(', ')}`, params);
  }
}
