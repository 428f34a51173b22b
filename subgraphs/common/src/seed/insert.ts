import type { EntityTarget, ObjectLiteral, QueryRunner } from 'typeorm';

/**
 * Bulk inserts for the demo seed and imports: each chunk is one statement with one parameter,
 * the rows as JSON expanded by `json_populate_recordset` into the table's own row type, so
 * every column type (enums, arrays, jsonb, dates) converts as PostgreSQL converts it. Hundreds
 * of thousands of rows go in seconds, where multi-row VALUES lists spend their time building
 * parameter lists (and stop at 65 535 parameters). Columns no row sets keep their defaults.
 */

/** Rows keyed by column name, into `schema.table`. */
export async function bulkInsertInto(
  runner: QueryRunner,
  table: string,
  rows: readonly Record<string, unknown>[],
  chunkSize = 20_000,
): Promise<void> {
  if (rows.length === 0) return;
  const present = new Set<string>();
  for (const row of rows) for (const [key, value] of Object.entries(row)) if (value !== undefined) present.add(key);
  const names = [...present].map((c) => `"${c}"`).join(', ');
  const qualified = table
    .split('.')
    .map((part) => `"${part.replace(/"/g, '')}"`)
    .join('.');
  for (let start = 0; start < rows.length; start += chunkSize) {
    const json = JSON.stringify(
      rows.slice(start, start + chunkSize).map((row) => Object.fromEntries([...present].map((c) => [c, row[c] ?? null]))),
    );
    await runner.query(`INSERT INTO ${qualified} (${names}) SELECT ${names} FROM json_populate_recordset(NULL::${qualified}, $1)`, [json]);
  }
}

/** Entities (by property name) into their table. */
export async function bulkInsert<T extends ObjectLiteral>(
  runner: QueryRunner,
  entity: EntityTarget<T>,
  rows: readonly Partial<T>[],
  chunkSize = 20_000,
): Promise<void> {
  if (rows.length === 0) return;
  const meta = runner.manager.connection.getMetadata(entity);
  const columns = meta.columns.filter((c) => rows.some((row) => (row as Record<string, unknown>)[c.propertyName] !== undefined));
  await bulkInsertInto(
    runner,
    `${meta.schema}.${meta.tableName}`,
    rows.map((row) => Object.fromEntries(columns.map((c) => [c.databaseName, (row as Record<string, unknown>)[c.propertyName]]))),
    chunkSize,
  );
}
