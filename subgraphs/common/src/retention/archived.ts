import { allOf, type Condition } from '../pagination';

/**
 * The archive condition every normal read carries (issue 15): rows of an archived child (or an
 * archived concern) are in the intermediate archive, read by the archivist only (`personalFile`,
 * scope `archive:read`), and by no list, loader or reference of any audience. Each subgraph keeps
 * its own marks (`<schema>.archived_child`), set and cleared by the retention job.
 *
 * `NOT EXISTS`, not `NOT IN (SELECT …)`: PostgreSQL runs a `NOT IN` as a hashed subplan, which it
 * charges again on every rescan of the scan it filters, so that it would not probe the rows by
 * key from a short list (an association's 819 children, a facility's 15 visit rights) and read
 * the whole table instead (every child, every visit of the week: 20–25 ms at 100 000 children;
 * issue 14, `npm run bench:sweep`); `NOT EXISTS` is an anti-join it plans with the rest. The same
 * rows: every column guarded is NOT NULL and the marks' key is their primary key, the only case
 * where the two differ being a NULL on either side (test/retention.e2e.ts checks the columns).
 */
export function notArchived(schema: string, column: string, table = 'archived_child', key = 'child_id'): Condition {
  return notAmong(column, `${schema}.${table} arc`, `arc.${key}`);
}

/**
 * `w.<column>` is none of `key` over `from` (a table or join with its aliases): the anti-join
 * `NOT EXISTS (SELECT 1 FROM <from> WHERE <key> = w.<column>)` (see `notArchived`), for a column
 * that is never NULL.
 */
export function notAmong(column: string, from: string, key: string): Condition {
  return { sql: `NOT EXISTS (SELECT 1 FROM ${from} WHERE ${key} = w.${column})`, params: {} };
}

/** `condition` (null: every row) and not archived. */
export function andNotArchived(condition: Condition | null, archive: Condition | null): Condition | null {
  if (!archive) return condition;
  if (!condition) return archive;
  if (condition.sql === 'false') return condition;
  return allOf(condition, archive);
}

/** The archive marks of a schema: one row per archived child (no personal data: the id, when, which family). */
export function archiveTableSql(schema: string): string[] {
  return [
    `CREATE TABLE ${schema}.archived_child (
       child_id uuid PRIMARY KEY,
       archived_at timestamptz NOT NULL DEFAULT now(),
       family text NOT NULL
     )`,
  ];
}

export function dropArchiveTableSql(schema: string): string[] {
  return [`DROP TABLE ${schema}.archived_child`];
}
