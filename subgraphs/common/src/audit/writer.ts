import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { Pool, type PoolClient } from 'pg';
import { DataSource } from 'typeorm';
import { isDatabaseUnavailable } from '../errors';
import type { Log } from '../log';
import { chainGenesis, chainMac, storableRecord, type AuditKeys, type AuditRecord } from './chain';
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
  /** Most INSERTs in flight at once, each on its own connection (their commits overlap). */
  maxInFlight?: number;
  /** Told how long each append took to commit (or fail), in seconds: the metrics' audit lag. */
  observe?: (seconds: number, committed: boolean) => void;
}

interface Pending {
  record: AuditRecord;
  resolve(mac: string): void;
  reject(error: unknown): void;
}

interface Batch {
  chain: string;
  from: number;
  to: number;
  lastMac: string;
  state: 'pending' | 'ok' | 'failed';
}

const COLUMNS = [
  'chain', 'chain_seq', 'kind', 'at', 'member', 'partner_id', 'audience', 'verified', 'claims', 'operation_name',
  'operation_type', 'document_hash', 'children', 'categories', 'outcome', 'detail', 'prev_hash', 'hash',
] as const;
const CASTS: Record<string, string> = { children: '::uuid[]', categories: '::text[]', claims: '::jsonb', detail: '::jsonb' };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Appends records to this writer's own chain (one per process: replicas never wait for each
 * other, and nothing is locked). Group commit: the records that arrive while INSERTs are in
 * flight queue, and the next INSERT takes them all — one statement, one transaction, each record
 * linked to the one before by its MAC. Up to `maxInFlight` INSERTs run at once on their own
 * connections, each linked to the one launched before it (the head lives in memory: nobody else
 * writes this chain), so that their commits overlap.
 *
 * When an INSERT fails, its records' callers get the error (the gateway then withholds their
 * answers) and nothing new is launched until those in flight settle. If only the newest failed,
 * the chain goes on from where the database says it stands. If a later one committed after it
 * (a hole), the writer signs a `void` checkpoint of the failed positions and moves to a new
 * chain: the verifier accepts that hole, and only it.
 *
 * Its connections take the role `passerelle_audit_writer` (INSERT and SELECT only).
 */
export class AuditWriter {
  private chainName: string;
  private readonly prefix: string;
  private readonly pool: Pool;
  private readonly keys: AuditKeys;
  private readonly sink: CheckpointSink;
  private readonly log?: Log;
  private readonly maxBatch: number;
  private readonly maxInFlight: number;
  /** Told how long each append took to commit (or fail), in seconds (the gateway's metrics set it). */
  observe?: (seconds: number, committed: boolean) => void;
  private queue: Pending[] = [];
  private inFlight: Batch[] = [];
  /** Next position and MAC to link to (launched, not necessarily committed). */
  private seq = 0;
  private head: string;
  /** The furthest record known committed with everything before it settled. */
  private committed: { seq: number; head: string };
  private failed = false;
  private headUncertain = false;
  private recovering = false;
  private checkpointed = 0;
  private checkpointing: Promise<void> = Promise.resolve();
  private readonly timer?: NodeJS.Timeout;
  private closed = false;
  private idle: (() => void)[] = [];

  constructor(url: string, options: AuditWriterOptions) {
    this.keys = options.keys;
    this.sink = options.checkpoints;
    this.log = options.log;
    this.maxBatch = options.maxBatch ?? 500;
    this.maxInFlight = options.maxInFlight ?? 4;
    this.observe = options.observe;
    this.prefix = `${options.name ?? 'gateway'}.${hostname().replace(/[^A-Za-z0-9-]/g, '-')}`;
    this.chainName = `${this.prefix}.${randomUUID()}`;
    this.head = chainGenesis(this.keys, this.chainName);
    this.committed = { seq: 0, head: this.head };
    this.pool = new Pool({
      connectionString: url,
      max: this.maxInFlight + 1,
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

  /** The chain this writer appends to now (a new one after a hole). */
  get chain(): string {
    return this.chainName;
  }

  /** Resolves with the record's MAC once it is committed. */
  append(record: AuditRecord): Promise<string> {
    if (this.closed) return Promise.reject(new Error('the audit writer is closed'));
    const started = performance.now();
    const appended = new Promise<string>((resolve, reject) => {
      this.queue.push({ record, resolve, reject });
      this.pump();
    });
    const observe = this.observe;
    if (observe) {
      appended.then(
        () => observe((performance.now() - started) / 1000, true),
        () => observe((performance.now() - started) / 1000, false),
      );
    }
    return appended;
  }

  /** Records waiting to be written: queued, and in INSERTs not yet committed. */
  get backlog(): number {
    let pending = this.queue.length;
    for (const batch of this.inFlight) if (batch.state === 'pending') pending += batch.to - batch.from + 1;
    return pending;
  }

  private pump(): void {
    if (this.failed || this.recovering) {
      if (this.inFlight.length === 0 && !this.recovering) void this.recover();
      return;
    }
    while (this.queue.length > 0 && this.inFlight.length < this.maxInFlight && !this.headUncertain) {
      this.launch(this.queue.splice(0, this.maxBatch));
    }
    if (this.headUncertain && this.inFlight.length === 0 && this.queue.length > 0 && !this.recovering) void this.recover();
    if (this.queue.length === 0 && this.inFlight.length === 0) for (const done of this.idle.splice(0)) done();
  }

  private launch(pendings: Pending[]): void {
    const values: unknown[] = [];
    const rows: string[] = [];
    const macs: string[] = [];
    const chain = this.chainName;
    const from = this.seq + 1;
    let previous = this.head;
    let seq = this.seq;
    const accepted: Pending[] = [];
    for (const pending of pendings) {
      const { record } = pending;
      // Only what the column can hold: a malformed id must not make a whole batch fail.
      const clean = { ...storableRecord(record), children: record.children.filter((id) => UUID.test(id)) };
      let mac: string;
      try {
        mac = chainMac(this.keys, chain, seq + 1, previous, clean);
      } catch (error) {
        pending.reject(error); // not a record (an invalid date…): refused alone
        continue;
      }
      accepted.push(pending);
      seq += 1;
      const row = [
        chain, seq, clean.kind ?? 'request', clean.at, clean.member, clean.partnerId, clean.audience,
        clean.verified ?? true, clean.claims ? JSON.stringify(clean.claims) : null, clean.operationName,
        clean.operationType, clean.documentHash, clean.children, clean.categories, clean.outcome,
        clean.detail ? JSON.stringify(clean.detail) : null, previous, mac,
      ];
      rows.push(`(${COLUMNS.map((c, i) => `$${values.length + i + 1}${CASTS[c] ?? ''}`).join(', ')})`);
      values.push(...row);
      macs.push(mac);
      previous = mac;
    }
    if (accepted.length === 0) return;
    this.seq = seq;
    this.head = previous;
    const batch: Batch = { chain, from, to: seq, lastMac: previous, state: 'pending' };
    this.inFlight.push(batch);
    this.withClient((client) => client.query(`INSERT INTO audit.access_log (${COLUMNS.join(', ')}) VALUES ${rows.join(', ')}`, values)).then(
      () => {
        batch.state = 'ok';
        accepted.forEach((p, i) => p.resolve(macs[i]!));
        this.settle();
      },
      (error: unknown) => {
        batch.state = 'failed';
        this.failed = true;
        accepted.forEach((p) => p.reject(error));
        this.settle();
      },
    );
  }

  /** Moves the committed frontier over the settled batches at the front. */
  private settle(): void {
    while (this.inFlight[0] && this.inFlight[0].state !== 'pending') {
      const batch = this.inFlight.shift()!;
      if (batch.state === 'ok' && batch.chain === this.chainName) this.committed = { seq: batch.to, head: batch.lastMac };
      else if (batch.state === 'failed') this.failedRanges.push([batch.from, batch.to]);
    }
    if (this.failed && this.inFlight.length === 0) void this.recover();
    else this.pump();
  }

  private failedRanges: [number, number][] = [];

  /** After a failure, once nothing is in flight: go on from the database's tail, or void the hole and start a new chain. */
  private async recover(): Promise<void> {
    if (this.recovering) return;
    this.recovering = true;
    try {
      const ranges = this.failedRanges.splice(0);
      const hole = ranges.some(([, to]) => to < this.committed.seq);
      if (hole) {
        const at = new Date().toISOString();
        for (const [from, to] of ranges) {
          await this.sink
            .write(signCheckpoint(this.keys, { chain: this.chainName, seq: to, from, head: '', at, kind: 'void' }))
            .catch((error: Error) => this.log?.error(`audit void checkpoint not written: ${error.message}`));
        }
        await this.checkpoint().catch((error: Error) => this.log?.error(`audit checkpoint not written: ${error.message}`));
        this.chainName = `${this.prefix}.${randomUUID()}`;
        this.seq = 0;
        this.head = chainGenesis(this.keys, this.chainName);
        this.committed = { seq: 0, head: this.head };
        this.checkpointed = 0;
        this.headUncertain = false;
      } else if (ranges.length > 0 || this.headUncertain) {
        // The newest INSERTs failed, perhaps after committing: read where the chain stands.
        this.headUncertain = true;
        const last = await this.withClient((client) =>
          client.query<{ chain_seq: string; hash: string }>(
            'SELECT chain_seq, hash FROM audit.access_log WHERE chain = $1 ORDER BY chain_seq DESC LIMIT 1',
            [this.chainName],
          ),
        );
        const row = last.rows[0];
        this.seq = row ? Number(row.chain_seq) : 0;
        this.head = row?.hash ?? chainGenesis(this.keys, this.chainName);
        this.committed = { seq: this.seq, head: this.head };
        this.headUncertain = false;
      }
      this.failed = false;
    } catch (error) {
      // The database is still unreachable: the queued records fail now, the next ones try again.
      this.failed = false;
      this.headUncertain = true;
      for (const p of this.queue.splice(0)) p.reject(error);
    } finally {
      this.recovering = false;
    }
    this.pump();
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

  /** Writes a signed checkpoint of the chain's committed head outside the database, if it moved since the last. */
  checkpoint(): Promise<void> {
    this.checkpointing = this.checkpointing.then(async () => {
      const { seq, head } = this.committed;
      const chain = this.chainName;
      if (seq === this.checkpointed || seq === 0) return;
      await this.sink.write(signCheckpoint(this.keys, { chain, seq, head, at: new Date().toISOString(), kind: 'head' }));
      if (chain === this.chainName) this.checkpointed = seq;
    });
    return this.checkpointing;
  }

  /** Where the chain stands (records committed, MAC of the last). */
  position(): { chain: string; seq: number; head: string } {
    return { chain: this.chainName, ...this.committed };
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
    if (this.queue.length > 0 || this.inFlight.length > 0 || this.recovering) {
      await new Promise<void>((resolve) => {
        this.idle.push(resolve);
        this.pump();
      });
    }
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
