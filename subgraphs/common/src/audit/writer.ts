import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { Pool, type PoolClient } from 'pg';
import { DataSource } from 'typeorm';
import { isDatabaseUnavailable } from '../errors';
import type { Log } from '../log';
import { chainGenesis, chainMac, type AuditKeys, type AuditRecord } from './chain';
import { signCheckpoint, type CheckpointSink } from './checkpoint';
import { auditMigrations } from './schema';

const MIGRATION_LOCK = 0x5a55e11f;

/** Creates the audit schema and table (idempotent), as the connection's own user. */
export async function migrateAudit(url: string): Promise<void> {
  const dataSource = new DataSource({
    type: 'postgres',
    url,
    schema: 'audit',
    migrations: auditMigrations,
    migrationsTableName: 'migrations',
    logging: false,
    extra: { max: 1, application_name: 'passerelle-audit-migrate' },
  });
  await dataSource.initialize();
  try {
    await dataSource.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await dataSource.query('CREATE SCHEMA IF NOT EXISTS audit');
    await dataSource.runMigrations({ transaction: 'each' });
    await dataSource.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
  } finally {
    await dataSource.destroy();
  }
}

export interface AuditWriterOptions {
  keys: AuditKeys;
  /** Where the signed checkpoints of this writer's chain head go (outside the database). */
  checkpoints: CheckpointSink;
  /** Prefix of the chain's name (`gateway`, `purge`, …); a random suffix makes it this process's own. */
  name?: string;
  /** How often (ms) the head is checkpointed when it moved; 0: only at close and on demand. */
  checkpointIntervalMs?: number;
  log?: Log;
  /** Most records per INSERT. */
  maxBatch?: number;
}

interface Pending {
  record: AuditRecord;
  resolve(mac: string): void;
  reject(error: unknown): void;
}

const COLUMNS = [
  'chain', 'chain_seq', 'kind', 'at', 'member', 'partner_id', 'audience', 'verified', 'claims', 'operation_name',
  'operation_type', 'document_hash', 'children', 'categories', 'outcome', 'detail', 'prev_hash', 'hash',
] as const;
const CASTS: Record<string, string> = { children: '::uuid[]', categories: '::text[]', claims: '::jsonb', detail: '::jsonb' };

/**
 * Appends records to this writer's own chain (one per process: replicas never wait for each
 * other). Group commit: while one INSERT is in flight, the records that arrive queue, and the
 * next INSERT takes them all — one statement, one transaction, each record linked to the one
 * before by its MAC. The chain's head lives in memory (nobody else writes this chain); after a
 * failed INSERT it is read back from the database before the next one. Its connections take the
 * role `passerelle_audit_writer` (INSERT and SELECT only).
 */
export class AuditWriter {
  readonly chain: string;
  private readonly pool: Pool;
  private readonly keys: AuditKeys;
  private readonly sink: CheckpointSink;
  private readonly log?: Log;
  private readonly maxBatch: number;
  private queue: Pending[] = [];
  private flushing: Promise<void> | null = null;
  private seq = 0;
  private head: string;
  private headUncertain = false;
  private checkpointed = 0;
  private checkpointing: Promise<void> = Promise.resolve();
  private readonly timer?: NodeJS.Timeout;
  private closed = false;

  constructor(url: string, options: AuditWriterOptions) {
    this.keys = options.keys;
    this.sink = options.checkpoints;
    this.log = options.log;
    this.maxBatch = options.maxBatch ?? 500;
    this.chain = `${options.name ?? 'gateway'}.${hostname().replace(/[^A-Za-z0-9-]/g, '-')}.${randomUUID()}`;
    this.head = chainGenesis(this.keys, this.chain);
    this.pool = new Pool({
      connectionString: url,
      max: 2,
      options: '-c role=passerelle_audit_writer',
      application_name: 'passerelle-audit',
    });
    this.pool.on('error', (error) => this.log?.error(`audit connection: ${error.message}`));
    if (options.checkpointIntervalMs) {
      this.timer = setInterval(() => {
        this.checkpoint().catch((error: Error) => this.log?.error(`audit checkpoint not written: ${error.message}`));
      }, options.checkpointIntervalMs);
      this.timer.unref();
    }
  }

  /** Resolves with the record's MAC once it is committed. */
  append(record: AuditRecord): Promise<string> {
    if (this.closed) return Promise.reject(new Error('the audit writer is closed'));
    return new Promise((resolve, reject) => {
      this.queue.push({ record, resolve, reject });
      if (!this.flushing) this.flushing = this.drain();
    });
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, this.maxBatch);
        try {
          const macs = await this.insert(batch.map((p) => p.record));
          batch.forEach((p, i) => p.resolve(macs[i]!));
        } catch (error) {
          batch.forEach((p) => p.reject(error));
        }
      }
    } finally {
      this.flushing = null;
    }
  }

  private async withClient<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    // A checked-out client whose connection drops emits 'error' on itself: without a listener
    // that kills the process. It is then destroyed on release, never pooled again.
    let broken: Error | undefined;
    const onError = (error: Error) => {
      broken = error;
    };
    client.on('error', onError);
    try {
      return await work(client);
    } catch (error) {
      broken ??= isDatabaseUnavailable(error) ? (error as Error) : undefined;
      throw error;
    } finally {
      client.off('error', onError);
      client.release(broken ?? false);
    }
  }

  private async insert(records: AuditRecord[]): Promise<string[]> {
    return this.withClient(async (client) => {
      if (this.headUncertain) {
        // The last INSERT failed: it may have committed or not. Read where the chain stands.
        const last = await client.query<{ chain_seq: string; hash: string }>(
          'SELECT chain_seq, hash FROM audit.access_log WHERE chain = $1 ORDER BY chain_seq DESC LIMIT 1',
          [this.chain],
        );
        this.seq = last.rows[0] ? Number(last.rows[0].chain_seq) : 0;
        this.head = last.rows[0]?.hash ?? chainGenesis(this.keys, this.chain);
        this.headUncertain = false;
      }
      let previous = this.head;
      let seq = this.seq;
      const values: unknown[] = [];
      const rows: string[] = [];
      const macs: string[] = [];
      for (const record of records) {
        seq += 1;
        const mac = chainMac(this.keys, this.chain, seq, previous, record);
        const row = [
          this.chain, seq, record.kind ?? 'request', record.at, record.member, record.partnerId, record.audience,
          record.verified ?? true, record.claims ? JSON.stringify(record.claims) : null, record.operationName,
          record.operationType, record.documentHash, record.children, record.categories, record.outcome,
          record.detail ? JSON.stringify(record.detail) : null, previous, mac,
        ];
        rows.push(`(${COLUMNS.map((c, i) => `$${values.length + i + 1}${CASTS[c] ?? ''}`).join(', ')})`);
        values.push(...row);
        macs.push(mac);
        previous = mac;
      }
      try {
        await client.query(`INSERT INTO audit.access_log (${COLUMNS.join(', ')}) VALUES ${rows.join(', ')}`, values);
      } catch (error) {
        this.headUncertain = true;
        throw error;
      }
      this.seq = seq;
      this.head = previous;
      return macs;
    });
  }

  /** Writes a signed checkpoint of the chain's head outside the database, if it moved since the last. */
  checkpoint(): Promise<void> {
    this.checkpointing = this.checkpointing.then(async () => {
      if (this.seq === this.checkpointed || this.headUncertain) return;
      const seq = this.seq;
      await this.sink.write(signCheckpoint(this.keys, { chain: this.chain, seq, head: this.head, at: new Date().toISOString(), kind: 'head' }));
      this.checkpointed = seq;
    });
    return this.checkpointing;
  }

  /** Where the chain stands (records committed, MAC of the last). */
  position(): { chain: string; seq: number; head: string } {
    return { chain: this.chain, seq: this.seq, head: this.head };
  }

  async ready(): Promise<boolean> {
    try {
      await this.pool.query('SELECT 1 FROM audit.access_log LIMIT 1');
      return true;
    } catch {
      return false;
    }
  }

  /** Waits for the queued records, checkpoints the head, closes the pool. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    while (this.flushing) await this.flushing;
    try {
      await this.checkpoint();
    } catch (error) {
      this.log?.error(`audit checkpoint at shutdown not written: ${(error as Error).message}`);
    }
    await this.pool.end();
  }
}

/**
 * The audit store for a service: migrated in the background, retried with a log line while the
 * database is down (the service's /ready stays red meanwhile, through `writer.ready()`).
 */
export function openAudit(
  url: string,
  log: Log,
  options: Omit<AuditWriterOptions, 'log'>,
  delayMs = 2000,
): { writer: AuditWriter; migrated: Promise<void>; stop(): Promise<void> } {
  const writer = new AuditWriter(url, { ...options, log });
  let stopped = false;
  const migrated = (async () => {
    for (let attempt = 1; !stopped; attempt++) {
      try {
        await migrateAudit(url);
        return;
      } catch (error) {
        log.error(`audit store not ready (${(error as Error).message}); retry ${attempt} in ${delayMs / 1000}s`);
        await new Promise((resolve) => setTimeout(resolve, delayMs));
      }
    }
  })();
  migrated.catch(() => undefined);
  return {
    writer,
    migrated,
    async stop() {
      stopped = true;
      await writer.close();
    },
  };
}
