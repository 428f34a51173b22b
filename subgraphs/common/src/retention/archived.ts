import { allOf, type Condition } from '../pagination';

/**
 * The archive condition every normal read carries (issue 15): rows of an archived child (or an
 * archived concern) are in the intermediate archive, read by the archivist only (`personalFile`,
 * scope `archive:read`), and by no list, loader or reference of any audience. Each subgraph keeps
 * its own marks (`<schema>.archived_child`), set and cleared by the retention job.
 */
export function notArchived(schema: string, column: string, table = 'archived_child', key = 'child_id'): Condition {
  return { sql: `w.${column} NOT IN (SELECT ${key} FROM ${schema}.${table})`, params: {} };
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
