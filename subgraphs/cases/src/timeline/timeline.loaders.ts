import { listCursors, toPage, type Page, type PageArgs } from '@passerelle/common';
import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import type { CasesReadRows } from '../access/row-policy';
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
 * reads its own index rather than the whole view. The row policy's condition (alias `w`) applies.
 */
export function timelineLoaders(dataSource: DataSource, rows: CasesReadRows) {
  const sort = { property: 'occurredAt' as const, direction: 'DESC' as const };
  const cursors = listCursors(dataSource, 'cases.child_timeline:occurredAt:DESC:per:childId');
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
        const params: Record<string, unknown> = { __ids: ids, __limit: args.first + 1, ...rows.timeline?.params };
        let after = '';
        if (args.after) {
          const [value, id] = cursors.decode(args.after, 'after');
          Object.assign(params, { __afterValue: value, __afterId: id });
          after = 'AND (w.occurred_at, w.id) < (CAST(:__afterValue AS timestamptz), CAST(:__afterId AS text))';
        }
        const scope = rows.timeline ? `AND (${rows.timeline.sql})` : '';
        const [sql, positional] = dataSource.driver.escapeQueryWithParameters(
          `SELECT id, child_id, occurred_at, kind, subject_type, subject_id, summary FROM (
             SELECT w.*, ROW_NUMBER() OVER (PARTITION BY w.child_id ORDER BY w.occurred_at DESC, w.id DESC) AS rn
               FROM cases.child_timeline w
              WHERE w.child_id = ANY(CAST(:__ids AS uuid[])) ${after} ${scope}) ranked
            WHERE rn <= :__limit
            ORDER BY occurred_at DESC, id DESC`,
          params,
        );
        const found: Row[] = await dataSource.query(sql, positional);
        const grouped = new Map<string, TimelineEvent[]>(ids.map((id) => [id, []]));
        for (const row of found) {
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
        for (const [childId, events] of grouped) pages.set(`${childId}|${signature}`, toPage(events, args.first, sort, cursors));
      }
      return keys.map((key) => pages.get(`${key.parentId}|${key.args.first}:${key.args.after ?? ''}`)!);
    },
    { cacheKeyFn: (key) => `${key.parentId}|${key.args.first}:${key.args.after ?? ''}` },
  );
  return { timelineByChild };
}
