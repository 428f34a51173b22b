import { cursorRows, pseudonymizer } from '@passerelle/common';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { ClientBase } from 'pg';

/**
 * The observatory export (CASF L226-3-3, D226-3-4; in the spirit of the national OLINPE dataset):
 * one CSV line per event of a child in the period — concerns received, evaluations concluded,
 * measures in force, started, ended or lifted — with the child as a keyed pseudonym, birth year
 * and month, sex. No name, no full birth date, no address, no free text, no record id.
 *
 * An event in the child's month of birth is dated by its month only (YYYY-MM): with the birth
 * month beside it, a day there could be the birth date itself (a concern from the maternity ward,
 * an emergency order at birth).
 *
 * Streams through a server-side cursor: memory stays flat whatever the number of children.
 */

export const OBSERVATORY_COLUMNS = ['pseudonym', 'birth_month', 'sex', 'commune_code', 'event', 'event_date', 'kind', 'detail'] as const;

const PARIS = `AT TIME ZONE 'Europe/Paris'`;

/** Events of the period ($1 from, $2 to, both days included), one row each, with the child's id. */
const EVENTS = `
  SELECT cc.child_id, 'CONCERN_RECEIVED' AS event, (c.received_at ${PARIS})::date AS day, c.source_kind::text AS kind, c.channel::text AS detail
    FROM cases.concern c JOIN cases.concern_child cc ON cc.concern_id = c.id
   WHERE c.received_at >= ($1::date)::timestamp ${PARIS} AND c.received_at < ($2::date + 1)::timestamp ${PARIS}
  UNION ALL
  SELECT cc.child_id, 'EVALUATION_CONCLUDED', (e.concluded_at ${PARIS})::date, e.outcome::text,
         CASE WHEN (e.concluded_at ${PARIS})::date <= e.due_on THEN 'ON_TIME' ELSE 'LATE' END
    FROM cases.evaluation e JOIN cases.concern_child cc ON cc.concern_id = e.concern_id
   WHERE e.status = 'CONCLUDED' AND e.concluded_at >= ($1::date)::timestamp ${PARIS} AND e.concluded_at < ($2::date + 1)::timestamp ${PARIS}
  UNION ALL
  SELECT m.child_id, CASE WHEN m.start_date < $1 THEN 'MEASURE_IN_FORCE' ELSE 'MEASURE_STARTED' END, m.start_date, m.kind::text,
         CASE WHEN m.judicial THEN 'JUDICIAL' ELSE 'ADMINISTRATIVE' END
    FROM cases.measure m
   WHERE m.status <> 'PROPOSED' AND m.start_date <= $2 AND (COALESCE(m.ended_on, m.lifted_at) IS NULL OR COALESCE(m.ended_on, m.lifted_at) >= $1)
  UNION ALL
  SELECT m.child_id, CASE WHEN m.lifted_at IS NOT NULL THEN 'MEASURE_LIFTED' ELSE 'MEASURE_ENDED' END, COALESCE(m.ended_on, m.lifted_at), m.kind::text,
         CASE WHEN m.judicial THEN 'JUDICIAL' ELSE 'ADMINISTRATIVE' END
    FROM cases.measure m
   WHERE m.status <> 'PROPOSED' AND COALESCE(m.ended_on, m.lifted_at) BETWEEN $1 AND $2`;

/** The rows, ordered by child so that a child's pseudonym is computed once. */
const EXPORT_SQL = `
  SELECT ev.child_id AS id, to_char(ch.birth_date, 'YYYY-MM') AS birth_month, ch.sex::text AS sex, ch.commune_code,
         ev.event,
         CASE WHEN date_trunc('month', ev.day) = date_trunc('month', ch.birth_date) THEN to_char(ev.day, 'YYYY-MM')
              ELSE to_char(ev.day, 'YYYY-MM-DD') END AS day,
         ev.kind, ev.detail
    FROM (${EVENTS}) ev JOIN cases.child ch ON ch.id = ev.child_id
   ORDER BY ev.child_id, ev.day, ev.event, ev.kind`;

interface Row {
  id: string;
  birth_month: string;
  sex: string;
  commune_code: string | null;
  event: string;
  day: string;
  kind: string;
  detail: string | null;
}

export interface ExportOptions {
  from: string;
  to: string;
  /** The département's pseudonymisation key. */
  key: string;
  out: Writable;
  /** Called after each batch with the children written so far and the total (when counted). */
  progress?: (children: number, total: number | null) => void;
  /** Count the children first (one more pass) so that progress can show a total. */
  countFirst?: boolean;
  batchSize?: number;
}

export interface ExportSummary {
  children: number;
  rows: number;
}

const csv = (value: string | null): string => (value === null ? '' : /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);

async function write(out: Writable, chunk: string): Promise<void> {
  if (!out.write(chunk)) await once(out, 'drain');
}

export async function exportObservatory(client: ClientBase, options: ExportOptions): Promise<ExportSummary> {
  const params = [options.from, options.to];
  let total: number | null = null;
  if (options.countFirst) {
    const counted = await client.query<{ n: string }>(`SELECT count(DISTINCT child_id) AS n FROM (${EVENTS}) ev`, params);
    total = Number(counted.rows[0]!.n);
  }
  const pseudonym = pseudonymizer(options.key);
  await write(options.out, `${OBSERVATORY_COLUMNS.join(',')}\n`);
  let children = 0;
  let rows = 0;
  let currentId: string | null = null;
  let currentPseudonym = '';
  for await (const batch of cursorRows<Row>(client, EXPORT_SQL, params, options.batchSize ?? 2000)) {
    let chunk = '';
    for (const row of batch) {
      if (currentId !== row.id) {
        currentId = row.id;
        currentPseudonym = pseudonym(row.id);
        children++;
      }
      chunk += `${[currentPseudonym, row.birth_month, row.sex, row.commune_code, row.event, row.day, row.kind, row.detail].map(csv).join(',')}\n`;
      rows++;
    }
    await write(options.out, chunk);
    options.progress?.(children, total);
  }
  return { children, rows };
}
