import { Client } from 'pg';
import { chainGenesis, chainMac, GENESIS, legacyChainHash, type AuditKeys, type AuditRecord } from './chain';
import { readCheckpoints, type ChainAnchors } from './checkpoint';

export type ProblemKind =
  /** The chain ends before a signed checkpoint of its head: its newest records were removed. */
  | 'deleted-tail'
  /** A record's MAC does not match its content: altered, or rewritten without the key. */
  | 'mac-mismatch'
  /** A record does not link to the one before it. */
  | 'broken-link'
  /** Positions are missing inside a chain: records removed from the middle. */
  | 'gap'
  /** A chain starts after position 1 with no signed cut there: its oldest records were removed outside a purge. */
  | 'deleted-head'
  /** A checkpoint line without a valid signature. */
  | 'bad-checkpoint'
  /**
   * `audit.access_log_child` (what a child's access history is read from) disagrees with the
   * records' children: a record hidden from a child's history, or shown in one it does not name.
   */
  | 'history-mismatch';

export interface ChainProblem {
  kind: ProblemKind;
  chain: string | null;
  /** Position in the chain (chain_seq), or the global seq for the legacy chain. */
  seq: number | null;
  message: string;
}

export interface ChainReport {
  records: number;
  chains: number;
  checkpoints: number;
  /** Tampering found; empty when every check holds. */
  problems: ChainProblem[];
  /** What the verifier could not vouch for, without it being tampering (unkeyed legacy records, a chain never checkpointed). */
  warnings: string[];
  /** The first problem (kept for the callers of the first version). */
  broken: { seq: number; reason: string } | null;
}

interface Row {
  seq: string;
  chain: string | null;
  chain_seq: string | null;
  kind: AuditRecord['kind'];
  at: Date;
  member: string;
  partner_id: string;
  audience: string;
  verified: boolean;
  claims: Record<string, unknown> | null;
  operation_name: string | null;
  operation_type: string;
  document_hash: string;
  children: string[];
  categories: string[];
  outcome: string;
  detail: Record<string, unknown> | null;
  prev_hash: string;
  hash: string;
}

const recordOf = (row: Row): AuditRecord => ({
  at: row.at,
  kind: row.kind,
  member: row.member,
  partnerId: row.partner_id,
  audience: row.audience,
  verified: row.verified,
  claims: row.claims,
  operationName: row.operation_name,
  operationType: row.operation_type,
  documentHash: row.document_hash,
  children: row.children,
  categories: row.categories,
  outcome: row.outcome,
  detail: row.detail,
});

const MAX_PROBLEMS = 100;

export interface AuditVerifyOptions {
  keys: AuditKeys;
  /** The checkpoint directory (AUDIT_CHECKPOINT_DIR). */
  checkpointDir: string;
  /** Rows fetched per round trip from the server-side cursor. */
  fetchSize?: number;
}

/**
 * Verifies the whole audit log against the key and the signed checkpoints, streaming it through
 * a server-side cursor in (chain, position) order: memory holds one batch of rows and, per
 * chain, its furthest checkpoint and its cuts.
 *
 * Per chain: it starts at position 1 from the chain's keyed genesis, or at a signed cut
 * (after a purge); every record must follow the one before (no gap), link to its MAC, and carry
 * the MAC of its content under the key; the last record must reach at least the furthest
 * signed checkpoint of the chain's head, with the same MAC there. A chain the checkpoints know
 * and the log no longer holds has lost its tail too. Then `audit.access_log_child`, from which a
 * child's access history is read, must hold each record's children and no other child of a record.
 */
export async function verifyAuditLog(url: string, options: AuditVerifyOptions): Promise<ChainReport> {
  const { keys } = options;
  const fetchSize = options.fetchSize ?? 5000;
  const problems: ChainProblem[] = [];
  const warnings: string[] = [];
  const problem = (p: ChainProblem) => {
    if (problems.length < MAX_PROBLEMS) problems.push(p);
  };
  const checkpoints = await readCheckpoints(options.checkpointDir, keys);
  for (const line of checkpoints.forged) problem({ kind: 'bad-checkpoint', chain: null, seq: null, message: `checkpoint ${line}` });

  const client = new Client({ connectionString: url, application_name: 'passerelle-audit-verify' });
  await client.connect();
  let records = 0;
  let chains = 0;
  const seen = new Set<string>();
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    // A writer's INSERTs overlap: for a moment, a record may be committed before the one it
    // follows. A hole among the last minute's records is that, not tampering.
    const { rows: [{ recent }] } = await client.query<{ recent: Date }>(`SELECT now() - interval '1 minute' AS recent`);

    // Records written before keyed chains: an unkeyed sha256 chain in global order.
    await client.query(`DECLARE legacy NO SCROLL CURSOR FOR SELECT * FROM audit.access_log WHERE chain IS NULL ORDER BY seq`);
    let legacyPrevious: string | null = null;
    let legacy = 0;
    for (;;) {
      const { rows } = await client.query<Row>(`FETCH ${fetchSize} FROM legacy`);
      for (const row of rows) {
        legacy += 1;
        if (legacyPrevious !== null && row.prev_hash !== legacyPrevious) {
          problem({ kind: 'broken-link', chain: null, seq: Number(row.seq), message: `legacy record ${row.seq} does not link to the one before it (a record before it was removed or altered)` });
        } else if (legacyPrevious === null && row.prev_hash !== GENESIS) {
          warnings.push(`the legacy records start at ${row.seq}, after others were removed (a purge)`);
        }
        if (legacyChainHash(row.prev_hash, recordOf(row)) !== row.hash) {
          problem({ kind: 'mac-mismatch', chain: null, seq: Number(row.seq), message: `legacy record ${row.seq} no longer matches its hash (altered)` });
        }
        legacyPrevious = row.hash;
      }
      if (rows.length < fetchSize) break;
    }
    await client.query('CLOSE legacy');
    records += legacy;
    if (legacy > 0) warnings.push(`${legacy} legacy records (written before keyed chains) are linked by plain sha256: anyone can recompute their links, so only their internal consistency is checked`);

    await client.query(`DECLARE keyed NO SCROLL CURSOR FOR SELECT * FROM audit.access_log WHERE chain IS NOT NULL ORDER BY chain, chain_seq`);
    let current: { chain: string; anchors: ChainAnchors | undefined; expected: number; previous: string } | null = null;
    const finish = () => {
      if (!current) return;
      endOfChain(current.chain, current.expected - 1, current.anchors, problem, warnings);
    };
    for (;;) {
      const { rows } = await client.query<Row>(`FETCH ${fetchSize} FROM keyed`);
      for (const row of rows) {
        records += 1;
        const chain = row.chain!;
        const seq = Number(row.chain_seq);
        if (!current || current.chain !== chain) {
          finish();
          chains += 1;
          seen.add(chain);
          const anchors = checkpoints.anchors.get(chain);
          let previous: string;
          if (seq === 1) previous = chainGenesis(keys, chain);
          else {
            const cut = anchors?.cuts.get(seq - 1);
            if (cut) previous = cut.head;
            else if (voided(anchors, 1, seq - 1)) previous = row.prev_hash;
            else {
              problem({ kind: 'deleted-head', chain, seq, message: `chain ${chain} starts at record ${seq} with no signed cut at ${seq - 1}: records 1 to ${seq - 1} were removed outside a purge` });
              previous = row.prev_hash;
            }
          }
          current = { chain, anchors, expected: seq, previous };
        }
        if (seq !== current.expected) {
          if (row.at > recent) {
            warnings.push(`chain ${chain}: records ${current.expected} to ${seq - 1} were not yet committed (written in the last minute)`);
          } else if (!voided(current.anchors, current.expected, seq - 1)) {
            problem({ kind: 'gap', chain, seq, message: `chain ${chain}: records ${current.expected} to ${seq - 1} are missing (removed from the middle)` });
          }
          current.previous = row.prev_hash;
        } else if (row.prev_hash !== current.previous) {
          problem({ kind: 'broken-link', chain, seq, message: `chain ${chain}: record ${seq} does not link to the record before it (that one was altered or replaced)` });
        }
        const head = current.anchors?.lastHead;
        if (head && head.seq === seq && head.head !== row.hash) {
          problem({ kind: 'mac-mismatch', chain, seq, message: `chain ${chain}: record ${seq} is not the one checkpointed at ${head.at} (rewritten)` });
        }
        if (chainMac(keys, chain, seq, row.prev_hash, recordOf(row)) !== row.hash) {
          problem({ kind: 'mac-mismatch', chain, seq, message: `chain ${chain}: record ${seq} (seq ${row.seq}) does not carry the MAC of its content under the audit key (altered, or rewritten without the key)` });
        }
        current.previous = row.hash;
        current.expected = seq + 1;
      }
      if (rows.length < fetchSize) break;
    }
    finish();
    await client.query('CLOSE keyed');

    // A child's access history is read from audit.access_log_child, which the MACs do not cover:
    // in the same snapshot, it must hold each record's children, and no child a record does not
    // name (one pass over each).
    const { rows: [{ side }] } = await client.query<{ side: string | null }>(`SELECT to_regclass('audit.access_log_child')::text AS side`);
    if (side === null) warnings.push('audit.access_log_child does not exist yet (the log is not migrated): the children\'s access histories were not checked');
    const { rows: mismatched } = side === null ? { rows: [] } : await client.query<{ seq: string; child_id: string; extra: boolean }>(
      `SELECT coalesce(p.seq, x.seq) AS seq, coalesce(p.child_id, x.child_id) AS child_id, p.seq IS NULL AS extra
         FROM (SELECT DISTINCT c.id AS child_id, l.seq FROM audit.access_log l CROSS JOIN LATERAL unnest(l.children) AS c(id) WHERE c.id IS NOT NULL) p
         FULL JOIN audit.access_log_child x ON x.child_id = p.child_id AND x.seq = p.seq
        WHERE x.seq IS NULL
           -- A row whose record is gone shows nothing (the history is joined to the log); the
           -- record's removal is the chain's problem, found above.
           OR (p.seq IS NULL AND EXISTS (SELECT 1 FROM audit.access_log l WHERE l.seq = x.seq))
        LIMIT $1`,
      [MAX_PROBLEMS],
    );
    for (const row of mismatched) {
      problem({
        kind: 'history-mismatch',
        chain: null,
        seq: Number(row.seq),
        message: row.extra
          ? `child ${row.child_id}'s access history shows record ${row.seq} (seq), which does not name the child (added to audit.access_log_child)`
          : `record ${row.seq} (seq) names child ${row.child_id}, but the child's access history does not show it (removed from audit.access_log_child)`,
      });
    }
    await client.query('COMMIT');
  } finally {
    await client.end();
  }
  for (const [chain, anchors] of checkpoints.anchors) {
    if (seen.has(chain)) continue;
    const lastCut = Math.max(0, ...anchors.cuts.keys());
    if (anchors.lastHead && anchors.lastHead.seq > lastCut) {
      problem({
        kind: 'deleted-tail',
        chain,
        seq: anchors.lastHead.seq,
        message: `chain ${chain}: checkpointed at record ${anchors.lastHead.seq} on ${anchors.lastHead.at}, but the log holds none of its records after ${lastCut} (removed)`,
      });
    }
  }
  const first = problems.find((p) => p.kind !== 'bad-checkpoint') ?? problems[0];
  return {
    records,
    chains,
    checkpoints: checkpoints.read,
    problems,
    warnings,
    broken: first ? { seq: first.seq ?? 0, reason: first.message } : null,
  };
}

/** Whether signed voids cover every position from `from` to `to` (a failed INSERT, not a removal). */
function voided(anchors: ChainAnchors | undefined, from: number, to: number): boolean {
  if (!anchors || anchors.voids.length === 0) return false;
  let next = from;
  for (const [a, b] of [...anchors.voids].sort((x, y) => x[0] - y[0])) {
    if (a > next) break;
    next = Math.max(next, b + 1);
    if (next > to) return true;
  }
  return next > to;
}

function endOfChain(
  chain: string,
  last: number,
  anchors: ChainAnchors | undefined,
  problem: (p: ChainProblem) => void,
  warnings: string[],
): void {
  const head = anchors?.lastHead;
  if (!head) {
    warnings.push(`chain ${chain} (${last} records) has no checkpoint yet: removing its newest records would not be seen`);
    return;
  }
  if (head.seq > last) {
    problem({
      kind: 'deleted-tail',
      chain,
      seq: last + 1,
      message: `chain ${chain}: the log ends at record ${last}, but record ${head.seq} was checkpointed on ${head.at}: records ${last + 1} to ${head.seq} (at least) were removed`,
    });
  }
}
