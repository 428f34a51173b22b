import { decodeCursor, toPage, type Page, type PageArgs } from '@passerelle/common';
import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import { TimelineEvent, type TimelineEventKind } from './timeline-event.type';

interface Row {
  id: string;
  child_id: string;
  occurred_at: Date;
  kind: TimelineEventKind;
  subject_type: string;
  subject_id: string;
  summary: string;
}

/**
 * Timeline pages per child, newest first: one statement per batch over the `child_timeline`
 * view. PostgreSQL pushes `child_id = ANY(...)` into each branch of the view, so each branch
 * reads its own index rather than the whole view.
 */
export function timelineLoaders(dataSource: DataSource) {
  const sort = { property: 'occurredAt' as const, direction: 'DESC' as const };
  const timelineByChild = new DataLoader<{ parentId: string; args: PageArgs }, Page<TimelineEvent>, string>(
    async (keys) => {
      const groups = new Map<string, { args: PageArgs; ids: string[] }>();
      for (const key of keys) {
        const signature = `${key.args.first}:${key.args.after ?? ''}`;
        const group = groups.get(signature) ?? { args: key.args, ids: [] };
        group.ids.push(key.parentId);
        groups.set(signature, group);
      }
      const pages = new Map<string, Page<TimelineEvent>>();
      for (const [signature, { args, ids }] of groups) {
        const params: unknown[] = [ids, args.first + 1];
        let after = '';
        if (args.after) {
          const [value, id] = decodeCursor(args.after);
          params.push(value, id);
          after = 'AND (t.occurred_at, t.id) < ($3::timestamptz, $4::text)';
        }
        const rows: Row[] = await dataSource.query(
          `SELECT id, child_id, occurred_at, kind, subject_type, subject_id, summary FROM (
             SELECT t.*, ROW_NUMBER() OVER (PARTITION BY t.child_id ORDER BY t.occurred_at DESC, t.id DESC) AS rn
               FROM cases.child_timeline t
              WHERE t.child_id = ANY($1::uuid[]) ${after}) ranked
            WHERE rn <= $2
            ORDER BY occurred_at DESC, id DESC`,
          params,
        );
        const grouped = new Map<string, TimelineEvent[]>(ids.map((id) => [id, []]));
        for (const row of rows) {
          grouped.get(row.child_id)?.push({
            id: row.id,
            childId: row.child_id,
            occurredAt: new Date(row.occurred_at),
            kind: row.kind,
            subjectType: row.subject_type,
            subjectId: row.subject_id,
            summary: row.summary,
          });
        }
        for (const [childId, events] of grouped) pages.set(`${childId}|${signature}`, toPage(events, args.first, sort));
      }
      return keys.map((key) => pages.get(`${key.parentId}|${key.args.first}:${key.args.after ?? ''}`)!);
    },
    { cacheKeyFn: (key) => `${key.parentId}|${key.args.first}:${key.args.after ?? ''}` },
  );
  return { timelineByChild };
}
