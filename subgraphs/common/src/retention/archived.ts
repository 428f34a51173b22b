import { allOf, type Condition } from '../pagination';

/**
 * The archive condition every normal read carries (issue 15): rows of an archived child (or an
 * archived concern) are in the intermediate archive, read by the archivist only (`personalFile`,
 * scope `archive:read`), and by no list, loader or reference of any audience. Each subgraph keeps
 * its own marks (`<schema>.archived_child`), set and cleared by the retention job.
 */
export function notArchived(schema: string, column: string, table = 'archived_child', key = 'child_id', options: { nullable?: boolean } = {}): Condition {
  // An anti-join, planned from the marks' statistics (none, or a few, archived), where
  // `NOT IN (subquery)` was estimated to keep half the rows whatever the marks: a school's or an
  // association's page of children then hashed the whole `cases.child` (100 000 rows, 25 ms at
  // 100 000 children) rather than probe its 400–800 ids. The same rows when the column is never
  // null (`key` is the marks' primary key); a nullable column keeps `NOT IN`, whose answer for a
  // null (no row once anything is archived) is not NOT EXISTS's.
  if (options.nullable) return { sql: `w.${column} NOT IN (SELECT ${key} FROM ${schema}.${table})`, params: {} };
  return { sql: `NOT EXISTS (SELECT 1 FROM ${schema}.${table} ${ARCHIVE_ALIAS} WHERE ${ARCHIVE_ALIAS}.${key} = w.${column})`, params: {} };
}

/** The marks' alias in `notArchived`'s subquery (unlike any of the statements' own). */
const ARCHIVE_ALIAS = 'archive_mark';

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
