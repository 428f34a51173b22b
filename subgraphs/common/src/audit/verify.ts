import { Client } from 'pg';
import { chainHash, GENESIS, type AuditRecord } from './chain';

export interface ChainReport {
  records: number;
  /** The first record whose link does not hold, and why; null when the chain is whole. */
  broken: { seq: number; reason: string } | null;
}

interface Row {
  seq: string;
  at: Date;
  member: string;
  partner_id: string;
  audience: string;
  operation_name: string | null;
  operation_type: AuditRecord['operationType'];
  document_hash: string;
  children: string[];
  categories: string[];
  outcome: string;
  prev_hash: string;
  hash: string;
}

/**
 * Walks the chain from the start, a page at a time (constant memory), and reports the first
 * broken link: a record altered (its hash no longer matches its content) or a record removed
 * (the next one's previous-hash no longer matches).
 */
export async function verifyAuditChain(url: string, pageSize = 5000): Promise<ChainReport> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    let previous = GENESIS;
    let after = 0n;
    let records = 0;
    for (;;) {
      const page = await client.query<Row>('SELECT * FROM audit.access_log WHERE seq > $1 ORDER BY seq LIMIT $2', [
        after.toString(),
        pageSize,
      ]);
      for (const row of page.rows) {
        records += 1;
        const seq = Number(row.seq);
        if (row.prev_hash !== previous) {
          return { records, broken: { seq, reason: 'its link to the previous record does not hold (a record before it was removed or altered)' } };
        }
        const record: AuditRecord = {
          at: row.at,
          member: row.member,
          partnerId: row.partner_id,
          audience: row.audience,
          operationName: row.operation_name,
          operationType: row.operation_type,
          documentHash: row.document_hash,
          children: row.children,
          categories: row.categories,
          outcome: row.outcome,
        };
        if (chainHash(row.prev_hash, record) !== row.hash) {
          return { records, broken: { seq, reason: 'its content no longer matches its hash (the record was altered)' } };
        }
        previous = row.hash;
        after = BigInt(row.seq);
      }
      if (page.rows.length < pageSize) return { records, broken: null };
    }
  } finally {
    await client.end();
  }
}
