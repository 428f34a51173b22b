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

/**
 * A page of each child's access records, newest first: one statement for all the children of
 * a request asked with the same arguments (a lateral join on the log's GIN index on children).
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
                 SELECT seq, at, member, partner_id, audience, operation_name, operation_type, document_hash, categories, outcome
                   FROM audit.access_log
                  WHERE children @> ARRAY[c.child_id]
                    AND ($2::timestamptz IS NULL OR at >= $2)
                    AND ($3::timestamptz IS NULL OR at < $3)
                    AND ($4::bigint IS NULL OR seq < $4::bigint)
                  ORDER BY seq DESC
                  LIMIT $5) l`,
            [group.map((k) => k.childId), since, until, before, args.first + 1],
          );
          for (const key of group) {
            const mine = rows.filter((r) => r.child_id === key.childId);
            const items = mine.slice(0, args.first).map((r) => ({
              seq: r.seq,
              at: r.at,
              member: r.member,
              partnerId: r.partner_id,
              partner: { id: r.partner_id },
              audience: r.audience,
              operationName: r.operation_name,
              operationType: r.operation_type,
              documentHash: r.document_hash,
              categories: r.categories,
              outcome: r.outcome,
            }));
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
