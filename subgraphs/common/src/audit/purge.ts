import { userInfo } from 'node:os';
import { Client } from 'pg';
import type { Log } from '../log';
import { signCheckpoint } from './checkpoint';
import type { AuditSettings } from './settings';
import { AuditWriter } from './writer';

export interface PurgeReport {
  cutoff: Date;
  removed: number;
  /** Per chain: the position of the last record removed (the signed cut). */
  cuts: { chain: string; seq: number }[];
  legacyRemoved: number;
  /** The chain the purge's own record was written to. */
  recordedIn: string;
}

/**
 * The audit log's own retention: removes the records older than `cutoff`, keeping what remains
 * verifiable. Per chain, the cut is the last record such that it and every record before it are
 * older than the cut-off (never a newer one); a signed `cut` checkpoint of it is written outside
 * the database first, and `audit:verify` starts the chain again from there. Then, as the table's
 * owner, in one transaction that says so (`passerelle.audit_purge`), the records are deleted;
 * and the purge itself is recorded (kind `purge`, with the cut-off and what was removed) in a
 * chain of its own, checkpointed before this returns.
 */
export async function purgeAuditLog(url: string, settings: AuditSettings, cutoff: Date, log?: Log): Promise<PurgeReport> {
  const client = new Client({ connectionString: url, application_name: 'passerelle-audit-purge' });
  await client.connect();
  const cuts: { chain: string; seq: number }[] = [];
  let removed = 0;
  let legacyRemoved = 0;
  try {
    await client.query('BEGIN');
    // No writer is refused meanwhile: new records are newer than the cut-off, appended after the cuts.
    const { rows } = await client.query<{ chain: string; cut: string; hash: string }>(
      `WITH bounds AS (
         SELECT chain,
                coalesce(min(chain_seq) FILTER (WHERE at >= $1) - 1, max(chain_seq)) AS cut,
                min(chain_seq) AS first
           FROM audit.access_log
          WHERE chain IS NOT NULL
          GROUP BY chain
       )
       SELECT b.chain, b.cut, l.hash
         FROM bounds b JOIN audit.access_log l ON l.chain = b.chain AND l.chain_seq = b.cut
        WHERE b.cut >= b.first
        ORDER BY b.chain`,
      [cutoff],
    );
    const at = new Date().toISOString();
    for (const row of rows) {
      await settings.checkpoints.write(signCheckpoint(settings.keys, { chain: row.chain, seq: Number(row.cut), head: row.hash, at, kind: 'cut' }));
      cuts.push({ chain: row.chain, seq: Number(row.cut) });
    }
    await client.query(`SET LOCAL passerelle.audit_purge = 'on'`);
    for (const cut of cuts) {
      const result = await client.query('DELETE FROM audit.access_log WHERE chain = $1 AND chain_seq <= $2', [cut.chain, cut.seq]);
      removed += result.rowCount ?? 0;
    }
    const legacy = await client.query('DELETE FROM audit.access_log WHERE chain IS NULL AND at < $1', [cutoff]);
    legacyRemoved = legacy.rowCount ?? 0;
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
  const writer = new AuditWriter(url, { keys: settings.keys, checkpoints: settings.checkpoints, name: 'purge', log });
  try {
    let operator = 'unknown';
    try {
      operator = userInfo().username;
    } catch {
      // no user name (a container's numeric uid): 'unknown'
    }
    await writer.append({
      at: new Date(),
      kind: 'purge',
      member: `operator:${operator}`,
      partnerId: '',
      audience: 'system',
      verified: false,
      claims: null,
      operationName: 'audit:purge',
      operationType: 'purge',
      documentHash: '',
      children: [],
      categories: ['AUDIT_LOG'],
      outcome: 'ok',
      detail: { cutoff: cutoff.toISOString(), removed: removed + legacyRemoved, legacyRemoved, cuts },
    });
  } finally {
    await writer.close();
  }
  return { cutoff, removed: removed + legacyRemoved, cuts, legacyRemoved, recordedIn: writer.chain };
}
