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

type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;

/** The loaders of every group of `G`, as one object (`{ ...childLoaders(…), ...measureLoaders(…) }`). */
export type LoadersOf<G extends Record<string, () => object>> = UnionToIntersection<{ [K in keyof G]: ReturnType<G[K]> }[keyof G]>;

/**
 * A subgraph's per-request loaders, each group built when one of its loaders is first asked for
 * (issue 14: a cases request built some fifty DataLoaders, most never used, 2–4 % of a small
 * request's CPU). `groups` maps a group's name to what builds it for this request (a closure over
 * the request's row policy: nothing is shared between requests or principals). Which group
 * holds which loader is learnt once per subgraph, in `owners` (a module-level map the subgraph
 * keeps: it holds loaders' names only, never a loader): the first time a name is unknown, the
 * groups not built yet are built in turn until one has it.
 */
export function lazyLoaders<G extends Record<string, () => object>>(owners: Map<string, string>, groups: G): LoadersOf<G> {
  const built: Record<string | symbol, unknown> = {};
  const done = new Set<string>();
  const build = (group: string) => {
    done.add(group);
    const loaders = groups[group]!();
    for (const name of Object.keys(loaders)) {
      const owner = owners.get(name);
      if (owner !== undefined && owner !== group) throw new Error(`loader ${name} is in two groups, ${owner} and ${group}`);
      owners.set(name, group);
    }
    Object.assign(built, loaders);
  };
  const find = (name: string) => {
    const owner = owners.get(name);
    if (owner !== undefined) {
      if (!done.has(owner)) build(owner);
      return;
    }
    for (const group of Object.keys(groups)) {
      if (done.has(group)) continue;
      build(group);
      if (name in built) return;
    }
  };
  return new Proxy(built, {
    get(target, name) {
      if (typeof name === 'string' && !Object.prototype.hasOwnProperty.call(target, name)) find(name);
      return target[name];
    },
    has(target, name) {
      if (typeof name === 'string' && !Object.prototype.hasOwnProperty.call(target, name)) find(name);
      return name in target;
    },
    ownKeys(target) {
      for (const group of Object.keys(groups)) if (!done.has(group)) build(group);
      return Reflect.ownKeys(target);
    },
    getOwnPropertyDescriptor(target, name) {
      if (typeof name === 'string' && !Object.prototype.hasOwnProperty.call(target, name)) find(name);
      return Reflect.getOwnPropertyDescriptor(target, name);
    },
  }) as LoadersOf<G>;
}
