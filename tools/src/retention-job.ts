import {
  ACCESS_LOG_RULE,
  AuditWriter,
  CHILD_RETENTION_RULES,
  decide,
  dropStoredSlicesOf,
  mergeFacts,
  migrateAudit,
  ORPHAN_CONCERN_RULE,
  purgeAuditLog,
  UsageError,
  type AuditSettings,
  type Log,
  type RetentionModule,
} from '@passerelle/common';
import { casesRetention } from '@passerelle/cases';
import { partnersRetention } from '@passerelle/partners';
import { placementsRetention } from '@passerelle/placements';
import { userInfo } from 'node:os';
import { Client } from 'pg';

/**
 * The retention job (issue 15): archives the case files whose active term has passed and
 * eliminates those whose final term has passed, family by family (`CHILD_RETENTION_RULES`), then
 * the concerns that name no child, then the access log (the audit purge's own code).
 *
 * Cross-subgraph: each subgraph owns a retention module of SQL on its own schema (cases,
 * placements, partners: `<subgraph>/src/retention`); the job only orchestrates them. The three
 * schemas live on one PostgreSQL server (ARCHITECTURE.md), so one batch is one transaction across
 * the three modules: a child is archived or eliminated everywhere, or nowhere.
 *
 * Batched (children in id order, `batchSize` per transaction), resumable (the cursor of an
 * unfinished run is kept in `retention.run` and the next run starts after it), idempotent (a
 * decision depends only on the data and the day: a second run finds nothing left to do), and
 * single (a session advisory lock: a second replica's run stops at once with a UsageError).
 * Every batch that changes something is audited in the same chain as the gateway's records,
 * before its transaction commits: an archive with the children's ids (they remain, archived), an
 * elimination with counts only (an eliminated child's id would itself be a trace of the file).
 */
export const RETENTION_LOCK = 0x5e7e_1104;

const MODULES: readonly RetentionModule[] = [casesRetention, placementsRetention, partnersRetention];

export interface RetentionOptions {
  url: string;
  /** The day the job runs as (YYYY-MM-DD, French time). */
  today: string;
  dryRun: boolean;
  batchSize?: number;
  /** Needed unless `dryRun`: where archive and purge records are written. */
  audit?: AuditSettings;
  /** ACCESS_LOG family: remove audit records older than this many days (AUDIT_RETENTION_DAYS); absent: leave the log alone. */
  accessLogDays?: number;
  log?: Log;
  /** Stop after this many batches of children, leaving the run unfinished (to resume it). */
  maxBatches?: number;
}

export interface RetentionReport {
  run: string | null;
  /** Whether this run went on with an unfinished one (after the child `resumedAfter`; null: from the start). */
  resumed: boolean;
  resumedAfter: string | null;
  finished: boolean;
  children: number;
  batches: number;
  /** Kept in the active base, per family. */
  kept: Record<string, number>;
  /** Already in the intermediate archive, kept there, per family. */
  inArchive: Record<string, number>;
  archived: Record<string, number>;
  purged: Record<string, number>;
  concerns: { archived: number; purged: number };
  /** Rows eliminated per schema. */
  rowsDeleted: Record<string, number>;
  accessLog: { removedBefore: string; removed: number } | null;
}

const count = (counts: Record<string, number>, key: string, n = 1) => {
  counts[key] = (counts[key] ?? 0) + n;
};

function operator(): string {
  try {
    return `operator:${userInfo().username}`;
  } catch {
    return 'operator:unknown';
  }
}

async function ensureRunTable(client: Client): Promise<void> {
  await client.query('CREATE SCHEMA IF NOT EXISTS retention');
  await client.query(`CREATE TABLE IF NOT EXISTS retention.run (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    today date NOT NULL,
    started_at timestamptz NOT NULL DEFAULT now(),
    finished_at timestamptz,
    cursor uuid
  )`);
}

export async function runRetention(options: RetentionOptions): Promise<RetentionReport> {
  if (!options.dryRun && !options.audit) throw new Error('the retention job audits what it does: audit settings are required');
  const batchSize = options.batchSize ?? 1000;
  const lock = new Client({ connectionString: options.url, application_name: 'passerelle-retention-lock' });
  const db = new Client({ connectionString: options.url, application_name: 'passerelle-retention' });
  await lock.connect();
  await db.connect();
  // A batch's statements run in milliseconds; PostgreSQL's JIT (over jit_above_cost, which the
  // per-child LATERAL lookups reach on estimates) compiled them for ten times longer.
  await db.query('SET jit = off');
  let writer: AuditWriter | null = null;
  const report: RetentionReport = {
    run: null, resumed: false, resumedAfter: null, finished: false, children: 0, batches: 0, kept: {}, inArchive: {}, archived: {}, purged: {},
    concerns: { archived: 0, purged: 0 }, rowsDeleted: {}, accessLog: null,
  };
  try {
    const { rows: locked } = await lock.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1) AS ok', [RETENTION_LOCK]);
    if (!locked[0]?.ok) throw new UsageError('npm run retention: another retention run holds the lock (another replica, or a run still going): nothing done');
    const member = operator();
    let cursor: string | null = null;
    if (!options.dryRun) {
      await migrateAudit(options.url);
      await ensureRunTable(db);
      const unfinished = await db.query<{ id: string; cursor: string | null }>(
        'SELECT id, cursor FROM retention.run WHERE finished_at IS NULL ORDER BY started_at DESC LIMIT 1',
      );
      if (unfinished.rows[0]) {
        report.run = unfinished.rows[0].id;
        cursor = unfinished.rows[0].cursor;
        report.resumedAfter = cursor;
        report.resumed = true;
      } else {
        report.run = (await db.query<{ id: string }>('INSERT INTO retention.run (today) VALUES ($1) RETURNING id', [options.today])).rows[0]!.id;
      }
      writer = new AuditWriter(options.url, { keys: options.audit!.keys, checkpoints: options.audit!.checkpoints, name: 'retention', log: options.log });
    }
    const audit = async (operationType: 'archive' | 'purge', children: string[], detail: Record<string, unknown>) => {
      await writer!.append({
        at: new Date(), kind: 'retention', member, partnerId: '', audience: 'system', verified: false, claims: null,
        operationName: 'retention', operationType, documentHash: '', children, categories: ['CASE_FILE'], outcome: 'ok',
        detail: { run: report.run, today: options.today, ...detail },
      });
    };

    // 1. Children's files, batch by batch.
    for (;;) {
      if (options.maxBatches !== undefined && report.batches >= options.maxBatches) return report;
      const page = await casesRetention.children(db, cursor, batchSize);
      if (page.length === 0) break;
      const ids = page.map((c) => c.id);
      const parts = await Promise.all(MODULES.map((m) => m.facts(db, ids, options.today)));
      const toArchive = new Map<string, string[]>();
      const toPurge = new Map<string, string[]>();
      for (const child of page) {
        const decision = decide(mergeFacts(parts.map((p) => p.get(child.id))), child.birthDate, child.archived, options.today);
        const target = decision.action === 'ARCHIVE' ? toArchive : decision.action === 'PURGE' ? toPurge : null;
        if (target) target.set(decision.family, [...(target.get(decision.family) ?? []), child.id]);
        else count(child.archived ? report.inArchive : report.kept, decision.family);
      }
      cursor = ids[ids.length - 1]!;
      report.children += page.length;
      report.batches += 1;
      for (const [family, list] of toArchive) count(report.archived, family, list.length);
      for (const [family, list] of toPurge) count(report.purged, family, list.length);
      if (options.dryRun) continue;
      await db.query('BEGIN');
      try {
        for (const [family, list] of toArchive) {
          for (const m of MODULES) await m.archive(db, list, family, new Date());
          await audit('archive', list, { family, children: list.length });
        }
        for (const [family, list] of toPurge) {
          const deleted: Record<string, number> = {};
          for (const m of MODULES) deleted[m.schema] = await m.purge(db, list);
          await dropStoredSlicesOf(db, list);
          for (const [schema, n] of Object.entries(deleted)) count(report.rowsDeleted, schema, n);
          await audit('purge', [], { family, children: list.length, rowsDeleted: deleted });
        }
        await db.query('UPDATE retention.run SET cursor = $2 WHERE id = $1', [report.run, cursor]);
        await db.query('COMMIT');
      } catch (error) {
        await db.query('ROLLBACK').catch(() => undefined);
        throw error;
      }
    }

    // 2. Concerns that name no child, closed without action.
    let after: string | null = null;
    for (;;) {
      const found = await casesRetention.orphanConcerns(db, options.today, ORPHAN_CONCERN_RULE.archive.months, ORPHAN_CONCERN_RULE.purge.months, after, batchSize);
      if (!found.last) break;
      after = found.last;
      report.concerns.archived += found.archive.length;
      report.concerns.purged += found.purge.length;
      if (options.dryRun || found.archive.length + found.purge.length === 0) continue;
      await db.query('BEGIN');
      try {
        if (found.archive.length > 0) {
          await casesRetention.archiveConcerns(db, found.archive, ORPHAN_CONCERN_RULE.family, new Date());
          await audit('archive', [], { family: ORPHAN_CONCERN_RULE.family, concerns: found.archive.length });
        }
        if (found.purge.length > 0) {
          const deleted = await casesRetention.purgeConcerns(db, found.purge);
          count(report.rowsDeleted, 'cases', deleted);
          await audit('purge', [], { family: ORPHAN_CONCERN_RULE.family, concerns: found.purge.length, rowsDeleted: { cases: deleted } });
        }
        await db.query('COMMIT');
      } catch (error) {
        await db.query('ROLLBACK').catch(() => undefined);
        throw error;
      }
    }

    // 3. The access log: the audit purge's own code (signed cuts, recorded in its own chain).
    if (options.accessLogDays !== undefined) {
      const cutoff = new Date(Date.parse(`${options.today}T00:00:00Z`) - options.accessLogDays * 86_400_000);
      if (options.dryRun) {
        const { rows } = await db.query<{ n: string }>(
          `SELECT CASE WHEN to_regclass('audit.access_log') IS NULL THEN 0 ELSE (SELECT count(*) FROM audit.access_log WHERE at < $1) END AS n`,
          [cutoff],
        ).catch(() => ({ rows: [{ n: '0' }] }));
        report.accessLog = { removedBefore: cutoff.toISOString(), removed: Number(rows[0]?.n ?? 0) };
      } else {
        const purged = await purgeAuditLog(options.url, options.audit!, cutoff, options.log);
        report.accessLog = { removedBefore: cutoff.toISOString(), removed: purged.removed };
      }
    }

    if (!options.dryRun) await db.query('UPDATE retention.run SET finished_at = now(), cursor = NULL WHERE id = $1', [report.run]);
    report.finished = true;
    return report;
  } finally {
    await writer?.close().catch(() => undefined);
    await db.end().catch(() => undefined);
    await lock.query('SELECT pg_advisory_unlock($1)', [RETENTION_LOCK]).catch(() => undefined);
    await lock.end().catch(() => undefined);
  }
}

/** The report as the command prints it: one line per family and action. */
export function formatRetentionReport(report: RetentionReport, dryRun: boolean): string {
  const verb = (done: string, would: string) => (dryRun ? would : done);
  const lines: string[] = [];
  lines.push(`${dryRun ? 'dry run: nothing changed' : `run ${report.run}${report.resumed ? ` (resuming an unfinished run${report.resumedAfter ? ` after child ${report.resumedAfter}` : ''})` : ''}`}; ${report.children} children in ${report.batches} batches`);
  for (const rule of CHILD_RETENTION_RULES) {
    const f = rule.family;
    lines.push(`${f}: ${verb('archived', 'would archive')} ${report.archived[f] ?? 0}, ${verb('eliminated', 'would eliminate')} ${report.purged[f] ?? 0}, kept ${report.kept[f] ?? 0} active and ${report.inArchive[f] ?? 0} in the archive (${rule.source})`);
  }
  lines.push(`${ORPHAN_CONCERN_RULE.family} (concerns naming no child): ${verb('archived', 'would archive')} ${report.concerns.archived}, ${verb('eliminated', 'would eliminate')} ${report.concerns.purged}`);
  if (report.accessLog) lines.push(`${ACCESS_LOG_RULE.family}: ${verb('removed', 'would remove about')} ${report.accessLog.removed} records before ${report.accessLog.removedBefore}`);
  else lines.push(`${ACCESS_LOG_RULE.family}: left to \`npm run audit:purge\` (--access-log to include it)`);
  if (!dryRun && Object.keys(report.rowsDeleted).length > 0) {
    lines.push(`rows eliminated: ${Object.entries(report.rowsDeleted).map(([s, n]) => `${s} ${n}`).join(', ')}`);
  }
  if (!report.finished) lines.push('unfinished: the next run resumes after the last batch');
  return `${lines.join('\n')}\n`;
}
