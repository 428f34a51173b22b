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
 * issue 14, `npm run bench:sweep`). The same rows: every table column guarded is NOT NULL
 * (test/retention.e2e.ts checks them) and the marks' key is their primary key; a column NULL may
 * be in (the timeline view's, to PostgreSQL) keeps `NOT IN` (`nullable`).
 */
export function notArchived(schema: string, column: string, table = 'archived_child', key = 'child_id', options: { nullable?: boolean } = {}): Condition {
  // A nullable column keeps `NOT IN`: its answer for a null (no row once anything is archived) is not NOT EXISTS's.
  if (options.nullable) return { sql: `w.${column} NOT IN (SELECT ${key} FROM ${schema}.${table})`, params: {} };
  return notAmong(column, `${schema}.${table} ${ARCHIVE_ALIAS}`, `${ARCHIVE_ALIAS}.${key}`);
}

/**
 * `w.<column>` is none of `key` over `from` (a table or a join, with its aliases): the anti-join
 * `NOT EXISTS (SELECT 1 FROM <from> WHERE <key> = w.<column>)`, for a column that is never NULL
 * (see `notArchived`): the archive conditions on rows reached through another table (a visit by
 * its visit right, a plan's parts by their plan).
 */
export function notAmong(column: string, from: string, key: string): Condition {
  return { sql: `NOT EXISTS (SELECT 1 FROM ${from} WHERE ${key} = w.${column})`, params: {} };
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
