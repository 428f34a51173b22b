import DataLoader from 'dataloader';
import type { ObjectLiteral, Repository } from 'typeorm';
import { eachParent, fromEachParent, narrowToKeys, paginateByParent, type Condition, type Page, type PageArgs, type SortKey } from './pagination';
import { readEntities } from './rows';

/**
 * DataLoader factories. Loaders are created per request (in the context), never at module
 * level, so nothing cached outlives a request or leaks between principals.
 */

type Keyed = ObjectLiteral & { id: string };

/**
 * Entities by id, one statement per batch; a missing id — or one outside `condition` (a row
 * scope, alias `w`) — resolves to null.
 */
export function byIdLoader<T extends Keyed>(repository: Repository<T>, condition?: Condition | null): DataLoader<string, T | null> {
  return new DataLoader(async (asked) => {
    const { keys: ids, condition: rest } = narrowToKeys(condition, 'id', asked);
    const rows =
      ids.length === 0
        ? []
        : await readEntities(
            repository,
            'w',
            `byId|${rest?.sql ?? ''}`,
            (qb) => {
              qb.where('w.id IN (:...__ids)');
              return rest ? qb.andWhere(rest.sql) : qb;
            },
            { ...rest?.params, __ids: ids },
          );
    const byId = new Map(rows.map((row) => [row.id, row]));
    return asked.map((id) => byId.get(id) ?? null);
  });
}

/**
 * All rows whose `property` equals each key, ordered; one statement per batch. With `condition`
 * (a row scope, alias `w`), only the rows meeting it.
 */
export function manyByLoader<T extends Keyed>(
  repository: Repository<T>,
  property: keyof T & string,
  order: SortKey<T>,
  condition?: Condition | null,
): DataLoader<string, T[]> {
  const column = repository.metadata.findColumnWithPropertyName(property)?.databaseName ?? property;
  return new DataLoader(async (asked) => {
    const { keys, condition: rest } = narrowToKeys(condition, column, asked);
    const rows =
      keys.length === 0
        ? []
        : await readEntities(
            repository,
            'w',
            `manyBy|${property}|${order.property}|${order.direction}|${rest?.sql ?? ''}`,
            (qb) => {
              qb.where(`w.${property} IN (:...__keys)`);
              if (rest) qb.andWhere(rest.sql);
              return qb.orderBy(`w.${order.property}`, order.direction).addOrderBy('w.id', order.direction);
            },
            { ...rest?.params, __keys: keys },
          );
    const grouped = new Map<string, T[]>(asked.map((key) => [key, []]));
    for (const row of rows) grouped.get(String(row[property]))?.push(row);
    return asked.map((key) => grouped.get(key) ?? []);
  });
}

export interface PageKey<F = undefined> {
  parentId: string;
  args: PageArgs;
  /** What narrows the list (a day, a scope): keys with the same filter share a statement. */
  filter?: F;
}

export interface PagesByParentOptions<T, F> {
  /** The SQL condition a filter stands for (alias `w`). */
  conditionOf?: (filter: F | undefined) => Condition | null;
  /** A string that is equal for equal filters. */
  signatureOf?: (filter: F | undefined) => string;
  join?: keyof T & string;
}

/**
 * Pages of a child list per parent. Keys carry the page arguments and an optional filter, so
 * parents asked with the same `first`/`after`/filter share one statement.
 */
export function pagesByParentLoader<T extends Keyed, F = undefined>(
  repository: Repository<T>,
  parentProperty: keyof T & string,
  sort: SortKey<T>,
  options: PagesByParentOptions<T, F> = {},
): DataLoader<PageKey<F>, Page<T>, string> {
  const signature = (key: PageKey<F>) =>
    `${key.args.first}:${key.args.after ?? ''}:${options.signatureOf?.(key.filter) ?? ''}`;
  return new DataLoader(
    async (keys) => {
      const groups = new Map<string, { key: PageKey<F>; ids: string[] }>();
      for (const key of keys) {
        const group = groups.get(signature(key)) ?? { key, ids: [] };
        group.ids.push(key.parentId);
        groups.set(signature(key), group);
      }
      const pages = new Map<string, Page<T>>();
      for (const [sig, group] of groups) {
        const result = await paginateByParent(repository, parentProperty, group.ids, group.key.args, sort, {
          condition: options.conditionOf?.(group.key.filter) ?? null,
          join: options.join,
        });
        for (const [parentId, page] of result) pages.set(`${parentId}|${sig}`, page);
      }
      return keys.map((key) => pages.get(`${key.parentId}|${signature(key)}`)!);
    },
    { cacheKeyFn: (key) => `${key.parentId}|${signature(key)}` },
  );
}

/**
 * For many parents at once (one statement per day asked), the dated row in force on a day: the
 * latest started one whose period (`start_date`, `end_date`) covers it. Keys are
 * `parentId|YYYY-MM-DD`. "Current school", "current PMI centre", "current placement".
 */
export function currentByParentLoader<T extends Keyed>(
  repository: Repository<T>,
  parentColumn: string,
  join?: keyof T & string,
  condition?: Condition | null,
): DataLoader<string, T | null> {
  const property = repository.metadata.columns.find((c) => c.databaseName === parentColumn)!.propertyName;
  return new DataLoader(async (keys) => {
    const byDay = new Map<string, string[]>();
    for (const key of keys) {
      const [parentId, on] = key.split('|') as [string, string];
      byDay.set(on, [...(byDay.get(on) ?? []), parentId]);
    }
    const found = new Map<string, T>();
    for (const [on, asked] of byDay) {
      const { keys: parentIds, condition: rest } = narrowToKeys(condition, parentColumn, asked);
      if (parentIds.length === 0) continue;
      // Each parent's row in force that day, the latest started (a LATERAL read per parent, LIMIT 1).
      const rows = await readEntities(
        repository,
        'r',
        `current|${parentColumn}|${join ?? ''}|${rest?.sql ?? ''}`,
        (qb) => {
          fromEachParent(qb, repository, parentColumn, '1', (page) => {
            page.andWhere('w.start_date <= :on AND (w.end_date IS NULL OR w.end_date >= :on)');
            if (rest) page.andWhere(rest.sql);
            return page.orderBy('w.start_date', 'DESC').addOrderBy('w.id', 'DESC');
          });
          return join ? qb.leftJoinAndSelect(`r.${join}`, 'joined') : qb;
        },
        { ...eachParent(parentIds), on, ...rest?.params },
      );
      for (const row of rows) found.set(`${String(row[property])}|${on}`, row);
    }
    return keys.map((key) => found.get(key) ?? null);
  });
}
