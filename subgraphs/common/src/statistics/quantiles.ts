import type { DataSource } from 'typeorm';

/** How many values a group has, and their median and 90th percentile (null when it has none). */
export interface Quantiles {
  n: string;
  median: number | null;
  p90: number | null;
}

/**
 * Per `key` of the rows `from` gives, and for all of them (ROLLUP: the row whose key is null,
 * returned under `TOTAL`): the count of `value`, its median and its 90th percentile — computed
 * in SQL with `percentile_cont`, never by loading rows. `from` is a FROM clause (tables, joins,
 * an optional WHERE) written against the statement's `params`.
 */
export async function quantilesBy(
  dataSource: DataSource,
  key: string,
  value: string,
  from: string,
  params: unknown[],
): Promise<Map<string, Quantiles>> {
  const rows: (Quantiles & { key: string | null })[] = await dataSource.query(
    `SELECT ${key} AS key, count(${value}) AS n,
            percentile_cont(0.5) WITHIN GROUP (ORDER BY ${value}) AS median,
            percentile_cont(0.9) WITHIN GROUP (ORDER BY ${value}) AS p90
       FROM ${from}
      GROUP BY ROLLUP (${key})`,
    params,
  );
  return new Map(rows.map(({ key: k, ...q }) => [k ?? 'TOTAL', q]));
}
