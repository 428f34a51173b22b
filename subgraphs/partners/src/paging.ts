import { decodeCursor, toPage, type Page, type PageArgs, type SortKey } from '@passerelle/common';
import DataLoader from 'dataloader';
import type { ObjectLiteral, Repository } from 'typeorm';

type Keyed = ObjectLiteral & { id: string };

/** An extra condition on a child list, written against the alias `w` with its parameters. */
export interface Condition {
  sql: string;
  params: Record<string, unknown>;
}

/**
 * Like common's `paginateByParent` (first page of a child list for many parents, one statement,
 * a window function), with an extra condition: "the agreements in force on a date", "the pupils
 * enrolled on a date".
 */
export async function paginateByParentWhere<T extends Keyed>(
  repository: Repository<T>,
  parentProperty: keyof T & string,
  parentIds: readonly string[],
  args: PageArgs,
  sort: SortKey<T>,
  condition: Condition | null,
  join?: keyof T & string,
): Promise<Map<string, Page<T>>> {
  const meta = repository.metadata;
  const parentColumn = meta.findColumnWithPropertyName(parentProperty)?.databaseName;
  const sortColumn = meta.findColumnWithPropertyName(sort.property)?.databaseName;
  if (!parentColumn || !sortColumn) throw new Error(`unknown column on ${meta.name}`);
  const inner = repository
    .createQueryBuilder('w')
    .select('w.id', 'id')
    .addSelect(
      `ROW_NUMBER() OVER (PARTITION BY w.${parentColumn} ORDER BY w.${sortColumn} ${sort.direction}, w.id ${sort.direction})`,
      'rn',
    )
    .where(`w.${parentColumn} IN (:...__parents)`);
  if (condition) inner.andWhere(condition.sql, condition.params);
  if (args.after) {
    const [value, id] = decodeCursor(args.after);
    inner.andWhere(`(w.${sortColumn}, w.id) ${sort.direction === 'ASC' ? '>' : '<'} (:__afterValue, :__afterId)`, {
      __afterValue: value,
      __afterId: id,
    });
  }
  const outer = repository.createQueryBuilder('e');
  if (join) outer.leftJoinAndSelect(`e.${join}`, 'joined');
  const rows = await outer
    .where(`e.id IN (SELECT ranked.id FROM (${inner.getQuery()}) ranked WHERE ranked.rn <= :__limit)`)
    .setParameters({ ...inner.getParameters(), __parents: [...parentIds], __limit: args.first + 1 })
    .orderBy(`e.${sort.property}`, sort.direction)
    .addOrderBy('e.id', sort.direction)
    .getMany();
  const grouped = new Map<string, T[]>(parentIds.map((id) => [id, []]));
  for (const row of rows) grouped.get(String(row[parentProperty]))?.push(row);
  return new Map([...grouped].map(([id, list]) => [id, toPage(list, args.first, sort)]));
}

export interface FilteredPageKey<F> {
  parentId: string;
  args: PageArgs;
  filter: F;
}

/**
 * Pages of a child list per parent under a filter; parents asked with the same page arguments
 * and the same filter share one statement. `join` names a relation loaded in that same
 * statement (a pupil's school): resolving it then costs nothing, whatever the timing of the
 * other loaders of the request.
 */
export function filteredPagesLoader<T extends Keyed, F>(
  repository: Repository<T>,
  parentProperty: keyof T & string,
  sort: SortKey<T>,
  conditionOf: (filter: F) => Condition | null,
  signatureOf: (filter: F) => string,
  join?: keyof T & string,
): DataLoader<FilteredPageKey<F>, Page<T>, string> {
  const groupKey = (key: FilteredPageKey<F>) => `${key.args.first}:${key.args.after ?? ''}:${signatureOf(key.filter)}`;
  return new DataLoader(
    async (keys) => {
      const groups = new Map<string, { key: FilteredPageKey<F>; ids: string[] }>();
      for (const key of keys) {
        const group = groups.get(groupKey(key)) ?? { key, ids: [] };
        group.ids.push(key.parentId);
        groups.set(groupKey(key), group);
      }
      const pages = new Map<string, Page<T>>();
      for (const [signature, group] of groups) {
        const { args, filter } = group.key;
        const result = await paginateByParentWhere(repository, parentProperty, group.ids, args, sort, conditionOf(filter), join);
        for (const [parentId, page] of result) pages.set(`${parentId}|${signature}`, page);
      }
      return keys.map((key) => pages.get(`${key.parentId}|${groupKey(key)}`)!);
    },
    { cacheKeyFn: (key) => `${key.parentId}|${groupKey(key)}` },
  );
}

/** Rows in force on `on` (start ≤ on, and no end or end ≥ on), against the alias `w`. */
export function inForceOn(on: string | null | undefined, start: string, end: string): Condition | null {
  if (!on) return null;
  return { sql: `w.${start} <= :__on AND (w.${end} IS NULL OR w.${end} >= :__on)`, params: { __on: on } };
}

/**
 * For many parents at once (one statement per day asked), the row in force on a day: the latest started one
 * whose period covers it. Keys are `parentId|YYYY-MM-DD`. Used for "current school" and
 * "current PMI centre".
 */
export function currentByParentLoader<T extends Keyed>(
  repository: Repository<T>,
  parentColumn: string,
  join?: keyof T & string,
): DataLoader<string, T | null> {
  const table = `${repository.metadata.schema}.${repository.metadata.tableName}`;
  return new DataLoader(async (keys) => {
    const byDay = new Map<string, string[]>();
    for (const key of keys) {
      const [parentId, on] = key.split('|') as [string, string];
      const ids = byDay.get(on) ?? [];
      ids.push(parentId);
      byDay.set(on, ids);
    }
    const found = new Map<string, T>();
    const property = repository.metadata.columns.find((c) => c.databaseName === parentColumn)!.propertyName;
    for (const [on, parentIds] of byDay) {
      const qb = repository.createQueryBuilder('r');
      if (join) qb.leftJoinAndSelect(`r.${join}`, 'joined');
      const rows = await qb
        .where(
          `r.id IN (SELECT DISTINCT ON (${parentColumn}) id FROM ${table}
             WHERE ${parentColumn} IN (:...parents) AND start_date <= :on AND (end_date IS NULL OR end_date >= :on)
             ORDER BY ${parentColumn}, start_date DESC, id DESC)`,
          { parents: parentIds, on },
        )
        .getMany();
      for (const row of rows) found.set(`${String(row[property])}|${on}`, row);
    }
    return keys.map((key) => found.get(key) ?? null);
  });
}
