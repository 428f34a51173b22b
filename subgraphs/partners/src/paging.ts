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
  const rows = await repository
    .createQueryBuilder('e')
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
 * and the same filter share one statement.
 */
export function filteredPagesLoader<T extends Keyed, F>(
  repository: Repository<T>,
  parentProperty: keyof T & string,
  sort: SortKey<T>,
  conditionOf: (filter: F) => Condition | null,
  signatureOf: (filter: F) => string,
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
        const result = await paginateByParentWhere(repository, parentProperty, group.ids, args, sort, conditionOf(filter));
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
