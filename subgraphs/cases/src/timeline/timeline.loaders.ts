import { EACH_PARENT, eachParent, eachParentRows, listCursors, toPage, type Page, type PageArgs } from '@passerelle/common';
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
 * Timeline pages per child, newest first: one statement per batch over the `child_timeline` view,
 * each child's first rows read by a LATERAL subquery cut at the page (`eachParentRows`, the SQL of
 * `fromEachParent`): PostgreSQL pushes `child_id = the child` into each branch of the view, so each
 * branch probes its own index. The row policy's condition (alias `w`) applies. (It was a
 * `ROW_NUMBER()` window over every event of the batch's children, which PostgreSQL planned in
 * parallel at 100 000 children — workers launched for 183 rows: a caseworker's 20 children's
 * timelines 21–30 ms to run, 1.8–8.9 this way; issue 14, `npm run bench:sweep`.)
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
        const params: Record<string, unknown> = { ...eachParent(ids), __limit: args.first + 1, ...rows.timeline?.params };
        let after = '';
        if (args.after) {
          const [value, id] = cursors.decode(args.after, 'after');
          Object.assign(params, { __afterValue: value, __afterId: id });
          after = 'AND (w.occurred_at, w.id) < (CAST(:__afterValue AS timestamptz), CAST(:__afterId AS text))';
        }
        const scope = rows.timeline ? `AND (${rows.timeline.sql})` : '';
        const eachChild = `SELECT w.* FROM cases.child_timeline w WHERE w.child_id = ${EACH_PARENT} ${after} ${scope} ORDER BY w.occurred_at DESC, w.id DESC`;
        const [sql, positional] = dataSource.driver.escapeQueryWithParameters(
          `SELECT e.id, e.child_id, e.occurred_at, e.kind, e.subject_type, e.subject_id, e.summary
             FROM ${eachParentRows('uuid', eachChild, ':__limit')} e
            ORDER BY e.occurred_at DESC, e.id DESC`,
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
