import type { ClientBase } from 'pg';

/**
 * Reads a query's rows in batches through a server-side cursor (DECLARE … NO SCROLL CURSOR, then
 * FETCH n), inside a read-only transaction on one connection: the client holds one batch at a
 * time, whatever the number of rows. The transaction is committed (or rolled back on error) at the end.
 */
export async function* cursorRows<Row>(
  client: ClientBase,
  sql: string,
  params: unknown[] = [],
  batchSize = 1000,
): AsyncGenerator<Row[], void, undefined> {
  await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  let done = false;
  try {
    await client.query(`DECLARE passerelle_export NO SCROLL CURSOR FOR ${sql}`, params);
    for (;;) {
      const result = await client.query(`FETCH ${Math.max(1, Math.floor(batchSize))} FROM passerelle_export`);
      if (result.rows.length === 0) break;
      yield result.rows as Row[];
    }
    await client.query('CLOSE passerelle_export');
    await client.query('COMMIT');
    done = true;
  } finally {
    if (!done) await client.query('ROLLBACK').catch(() => undefined);
  }
}
