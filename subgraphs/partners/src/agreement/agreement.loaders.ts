import { byIdLoader, inForceOn, pagesByParentLoader } from '@passerelle/common';
import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import { Agreement } from './agreement.entity';
import type { DataCategory } from './data-category';

/**
 * The data categories granted to each partner on a day by its agreements in force, for many
 * partners in one statement. A closed partner is granted nothing, whatever its agreements say.
 */
export async function grantedCategories(
  dataSource: DataSource,
  partnerIds: readonly string[],
  on: string,
): Promise<Map<string, Set<DataCategory>>> {
  const rows: { partner_id: string; category: DataCategory }[] = await dataSource.query(
    `SELECT DISTINCT a.partner_id, c.category
       FROM partners.agreement a
       JOIN partners.partner p ON p.id = a.partner_id AND p.active
       CROSS JOIN LATERAL unnest(a.data_categories) AS c(category)
      WHERE a.partner_id = ANY($1::uuid[]) AND a.valid_from <= $2 AND a.valid_until >= $2`,
    [partnerIds, on],
  );
  const granted = new Map<string, Set<DataCategory>>(partnerIds.map((id) => [id, new Set()]));
  for (const row of rows) granted.get(row.partner_id)?.add(row.category);
  return granted;
}

export function agreementLoaders(dataSource: DataSource) {
  const agreements = dataSource.getRepository(Agreement);
  return {
    agreementById: byIdLoader(agreements),
    /** A partner's agreements, newest first; with a date, only those in force that day. */
    agreementsByPartner: pagesByParentLoader(agreements, 'partnerId', { property: 'validFrom', direction: 'DESC' }, {
      conditionOf: (on: string | null | undefined) => inForceOn(on, 'valid_from', 'valid_until'),
      signatureOf: (on: string | null | undefined) => on ?? '',
    }),
    /** Keys are `partnerId|YYYY-MM-DD`; one statement per day asked. */
    grantedCategories: new DataLoader<string, Set<DataCategory>>(async (keys) => {
      const byDay = new Map<string, string[]>();
      for (const key of keys) {
        const [partnerId, on] = key.split('|') as [string, string];
        const ids = byDay.get(on) ?? [];
        ids.push(partnerId);
        byDay.set(on, ids);
      }
      const results = new Map<string, Set<DataCategory>>();
      for (const [on, ids] of byDay) {
        for (const [id, set] of await grantedCategories(dataSource, ids, on)) results.set(`${id}|${on}`, set);
      }
      return keys.map((key) => results.get(key) ?? new Set());
    }),
  };
}
