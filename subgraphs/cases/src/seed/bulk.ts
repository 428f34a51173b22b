import type { EntityTarget, ObjectLiteral, QueryRunner } from 'typeorm';

/**
 * Bulk insert for the demo seed: each chunk is one statement with one parameter, the rows as
 * JSON expanded by `json_populate_recordset` into the table's row type. Hundreds of thousands
 * of rows go in seconds, where a query builder's multi-row INSERT spends its time building
 * parameter lists. Columns no row sets keep their defaults (id, version, created_at).
 */
export async function bulkInsert<T extends ObjectLiteral>(
  runner: QueryRunner,
  entity: EntityTarget<T>,
  rows: Partial<T>[],
  chunkSize = 20_000,
): Promise<void> {
  if (rows.length === 0) return;
  const meta = runner.manager.connection.getMetadata(entity);
  const table = `"${meta.schema}"."${meta.tableName}"`;
  const present = new Set<string>();
  for (const row of rows) for (const key of Object.keys(row)) if ((row as Record<string, unknown>)[key] !== undefined) present.add(key);
  const columns = meta.columns.filter((c) => present.has(c.propertyName));
  const names = columns.map((c) => `"${c.databaseName}"`).join(', ');
  for (let start = 0; start < rows.length; start += chunkSize) {
    const json = JSON.stringify(
      rows.slice(start, start + chunkSize).map((row) => {
        const out: Record<string, unknown> = {};
        for (const c of columns) out[c.databaseName] = (row as Record<string, unknown>)[c.propertyName] ?? null;
        return out;
      }),
    );
    await runner.query(`INSERT INTO ${table} (${names}) SELECT ${names} FROM json_populate_recordset(NULL::${table}, $1)`, [json]);
  }
}
