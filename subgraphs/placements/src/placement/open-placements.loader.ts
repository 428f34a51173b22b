import { decodeCursor, toPage, type Page, type PageArgs, type SortKey } from '@passerelle/common';
import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import { Placement } from './placement.entity';

const SORT: SortKey<Placement> = { property: 'startDate', direction: 'DESC' };
type Key = { parentId: string; args: PageArgs };
const signature = (args: PageArgs) => `${args.first}:${args.after ?? ''}`;

/**
 * The open placements of each facility, a page per facility (newest first): the children placed
 * there now, as an operator lists them. One statement per batch of facilities asked with the same
 * page arguments (a window function ranks each facility's rows), like the shared
 * `pagesByParentLoader`, which has no filter.
 */
export function openPlacementsByFacilityLoader(dataSource: DataSource): DataLoader<Key, Page<Placement>, string> {
  const repository = dataSource.getRepository(Placement);
  return new DataLoader<Key, Page<Placement>, string>(
    async (keys) => {
      const groups = new Map<string, { args: PageArgs; ids: string[] }>();
      for (const key of keys) {
        const group = groups.get(signature(key.args)) ?? { args: key.args, ids: [] };
        group.ids.push(key.parentId);
        groups.set(signature(key.args), group);
      }
      const pages = new Map<string, Page<Placement>>();
      for (const [sig, { args, ids }] of groups) {
        const parameters: Record<string, unknown> = { facilityIds: ids, limit: args.first + 1 };
        let after = '';
        if (args.after) {
          [parameters.afterValue, parameters.afterId] = decodeCursor(args.after);
          after = 'AND (p.start_date, p.id) < (:afterValue, :afterId)';
        }
        const rows = await repository
          .createQueryBuilder('e')
          .where(
            `e.id IN (SELECT ranked.id FROM (
               SELECT p.id, ROW_NUMBER() OVER (PARTITION BY p.facility_id ORDER BY p.start_date DESC, p.id DESC) AS rn
                 FROM placements.placement p
                WHERE p.facility_id IN (:...facilityIds) AND p.end_date IS NULL ${after}) ranked
              WHERE ranked.rn <= :limit)`,
            parameters,
          )
          .orderBy('e.startDate', 'DESC')
          .addOrderBy('e.id', 'DESC')
          .getMany();
        for (const id of ids) pages.set(`${id}|${sig}`, toPage(rows.filter((r) => r.facilityId === id), args.first, SORT));
      }
      return keys.map((key) => pages.get(`${key.parentId}|${signature(key.args)}`)!);
    },
    { cacheKeyFn: (key) => `${key.parentId}|${signature(key.args)}` },
  );
}
