import DataLoader from 'dataloader';
import { In, type ObjectLiteral, type Repository } from 'typeorm';
import { paginateByParent, type Page, type PageArgs, type SortKey } from './pagination';

/**
 * DataLoader factories. Loaders are created per request (in the context), never at module
 * level, so nothing cached outlives a request or leaks between principals.
 */

type Keyed = ObjectLiteral & { id: string };

/** Entities by id, one statement per batch; a missing id resolves to null. */
export function byIdLoader<T extends Keyed>(repository: Repository<T>): DataLoader<string, T | null> {
  return new DataLoader(async (ids) => {
    const rows = await repository.findBy({ id: In([...ids]) } as never);
    const byId = new Map(rows.map((row) => [row.id, row]));
    return ids.map((id) => byId.get(id) ?? null);
  });
}

/** All rows whose `property` equals each key, ordered; one statement per batch. */
export function manyByLoader<T extends Keyed>(
  repository: Repository<T>,
  property: keyof T & string,
  order: SortKey<T>,
): DataLoader<string, T[]> {
  return new DataLoader(async (keys) => {
    const rows = await repository.find({
      where: { [property]: In([...keys]) } as never,
      order: { [order.property]: order.direction, id: order.direction } as never,
    });
    const grouped = new Map<string, T[]>(keys.map((key) => [key, []]));
    for (const row of rows) grouped.get(String(row[property]))?.push(row);
    return keys.map((key) => grouped.get(key) ?? []);
  });
}

/**
 * Pages of a child list per parent. Keys carry the page arguments, so parents asked with the
 * same `first`/`after` share one statement.
 */
export function pagesByParentLoader<T extends Keyed>(
  repository: Repository<T>,
  parentProperty: keyof T & string,
  sort: SortKey<T>,
): DataLoader<{ parentId: string; args: PageArgs }, Page<T>, string> {
  return new DataLoader(
    async (keys) => {
      const groups = new Map<string, { args: PageArgs; ids: string[] }>();
      for (const key of keys) {
        const signature = `${key.args.first}:${key.args.after ?? ''}`;
        const group = groups.get(signature) ?? { args: key.args, ids: [] };
        group.ids.push(key.parentId);
        groups.set(signature, group);
      }
      const pages = new Map<string, Page<T>>();
      for (const [signature, group] of groups) {
        const result = await paginateByParent(repository, parentProperty, group.ids, group.args, sort);
        for (const [parentId, page] of result) pages.set(`${parentId}|${signature}`, page);
      }
      return keys.map((key) => pages.get(`${key.parentId}|${key.args.first}:${key.args.after ?? ''}`)!);
    },
    { cacheKeyFn: (key) => `${key.parentId}|${key.args.first}:${key.args.after ?? ''}` },
  );
}
