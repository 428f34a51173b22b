import { listCursors, type Page, type PageArgs } from '@passerelle/common';
import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import type { AccessRecord } from './access-record.type';

export interface AccessLogKey {
  childId: string;
  args: PageArgs;
  since: Date | null;
  until: Date | null;
}

interface Row {
  child_id: string;
  seq: string;
  verified: boolean;
  children: string[];
  at: Date;
  member: string;
  partner_id: string;
  audience: string;
  operation_name: string | null;
  operation_type: string;
  document_hash: string;
  categories: string[];
  outcome: string;
}

const signature = (key: AccessLogKey) =>
  `${key.args.first}:${key.args.after ?? ''}:${key.since?.toISOString() ?? ''}:${key.until?.toISOString() ?? ''}`;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function recordOf(r: Omit<Row, 'child_id'>): AccessRecord {
  return {
    seq: r.seq,
    at: r.at,
    member: r.member,
    partnerId: r.partner_id,
    // What a refused token claimed may be anything: only an institution's id is looked up.
    partner: UUID.test(r.partner_id) ? { id: r.partner_id } : null,
    audience: r.audience,
    verified: r.verified,
    operationName: r.operation_name,
    operationType: r.operation_type,
    documentHash: r.document_hash,
    children: r.children,
    categories: r.categories,
    outcome: r.outcome,
  };
}

export interface AuditSearch {
  member: string | null;
  partnerId: string | null;
  childId: string | null;
  since: Date | null;
  until: Date | null;
}

const COLUMNS = `seq, at, member, partner_id, audience, verified, operation_name, operation_type, document_hash, children, categories, outcome`;

/**
 * A child's records, newest first, from its rows of `audit.access_log_child` (alias `x`), each
 * record then read by its sequence number (alias `l`). The OFFSET 0 keeps that lookup a nested
 * loop of one index probe per row: joined plainly, PostgreSQL may merge-join on seq instead,
 * walking the whole log backwards from its newest record down to the child's (80 ms at 200 000
 * records for a page half-way down a child's history, against 0.4 ms).
 */
const CHILD_RECORDS = `audit.access_log_child x
  CROSS JOIN LATERAL (SELECT ${COLUMNS} FROM audit.access_log WHERE seq = x.seq OFFSET 0) l`;

/**
 * The data-protection officer's search of the whole log, newest first, a page at a time: one
 * statement, on the log's indexes (member, institution, time); for a child, walked from the
 * child's newest record backwards in `audit.access_log_child`, stopping at the page.
 */
export async function searchAuditLog(dataSource: DataSource, search: AuditSearch, args: PageArgs): Promise<Page<AccessRecord>> {
  const cursors = listCursors(dataSource, 'audit.access_log:seq:DESC:search');
  const before = args.after ? cursors.decode(args.after, 'after')[1] : null;
  const filters = `($1::text IS NULL OR l.member = $1)
        AND ($2::text IS NULL OR l.partner_id = $2)
        AND ($4::timestamptz IS NULL OR l.at >= $4)
        AND ($5::timestamptz IS NULL OR l.at < $5)
        AND ($6::bigint IS NULL OR l.seq < $6::bigint)`;
  const rows: Omit<Row, 'child_id'>[] = await dataSource.query(
    search.childId === null
      ? `SELECT ${COLUMNS}
           FROM audit.access_log l
          WHERE $3::uuid IS NULL AND ${filters}
          ORDER BY l.seq DESC
          LIMIT $7`
      : `SELECT l.*
           FROM ${CHILD_RECORDS}
          WHERE x.child_id = $3::uuid AND ($6::bigint IS NULL OR x.seq < $6::bigint) AND ${filters}
          ORDER BY x.seq DESC
          LIMIT $7`,
    [search.member, search.partnerId, search.childId, search.since, search.until, before, args.first + 1],
  );
  const items = rows.slice(0, args.first).map(recordOf);
  const edges = items.map((node) => ({ cursor: cursors.encode(node.seq, String(node.seq)), node }));
  return { edges, nodes: items, pageInfo: { hasNextPage: rows.length > args.first, endCursor: edges.at(-1)?.cursor ?? null } };
}

/**
 * A page of each child's access records, newest first: one statement for all the children of
 * a request asked with the same arguments: per child, a walk of `audit.access_log_child`'s key
 * from the child's newest record backwards that stops at the page (its cost does not grow with
 * the child's history, nor with the log), each record then found by its sequence number.
 * The audit log is Passerelle's, not this subgraph's: it is only read here, never written.
 */
export function accessLogLoaders(dataSource: DataSource) {
  // The position is the record's sequence number, sealed like every cursor (it tells how busy
  // the log is, which is no business of the reader's).
  const cursors = listCursors(dataSource, 'audit.access_log:seq:DESC:per:child');
  return {
    accessLogByChild: new DataLoader<AccessLogKey, Page<AccessRecord>, string>(
      async (keys) => {
        const groups = new Map<string, AccessLogKey[]>();
        for (const key of keys) groups.set(signature(key), [...(groups.get(signature(key)) ?? []), key]);
        const pages = new Map<string, Page<AccessRecord>>();
        for (const [sig, group] of groups) {
          const { args, since, until } = group[0]!;
          const before = args.after ? cursors.decode(args.after, 'after')[1] : null;
          const rows: Row[] = await dataSource.query(
            `SELECT c.child_id, l.*
               FROM unnest($1::uuid[]) AS c(child_id)
               CROSS JOIN LATERAL (
                 SELECT l.*
                   FROM ${CHILD_RECORDS}
                  WHERE x.child_id = c.child_id
                    AND ($4::bigint IS NULL OR x.seq < $4::bigint)
                    AND ($2::timestamptz IS NULL OR l.at >= $2)
                    AND ($3::timestamptz IS NULL OR l.at < $3)
                  ORDER BY x.seq DESC
                  LIMIT $5) l`,
            [group.map((k) => k.childId), since, until, before, args.first + 1],
          );
          for (const key of group) {
            const mine = rows.filter((r) => r.child_id === key.childId);
            const items = mine.slice(0, args.first).map(recordOf);
            const edges = items.map((node) => ({ cursor: cursors.encode(node.seq, String(node.seq)), node }));
            pages.set(`${key.childId}|${sig}`, {
              edges,
              nodes: items,
              pageInfo: { hasNextPage: mine.length > args.first, endCursor: edges.at(-1)?.cursor ?? null },
            });
          }
        }
        return keys.map((key) => pages.get(`${key.childId}|${signature(key)}`)!);
      },
      { cacheKeyFn: (key) => `${key.childId}|${signature(key)}` },
    ),
  };
}
