import { Pool } from 'pg';
import type { Log } from '../log';
import { backoffDelay, type BackoffOptions } from './backoff';
import { webhookEndpoints, type Queryable } from './endpoints';
import { DeliveryStatus } from './outbox';
import { signWebhook, WEBHOOK_HEADERS } from './signature';

/**
 * Delivers a subgraph's outbox to the partners' webhooks (docs/NOTIFICATIONS.md).
 *
 * It runs inside each replica of the subgraph that owns the outbox (cases, placements): the
 * outbox is that subgraph's table, so no other process reads it, and there is nothing more to
 * deploy or to keep alive. Replicas share the work safely: a batch is claimed with
 * `SELECT … FOR UPDATE SKIP LOCKED` and leased (its `next_attempt_at` pushed past the HTTP
 * timeout) in one statement, so two replicas never claim the same row at once, and a replica
 * that dies mid-delivery leaves rows that come due again when the lease ends: at-least-once,
 * with the notification's id as the idempotency id. All delivery state is in PostgreSQL, so a
 * restart loses nothing. After `maxAttempts` failures a notification is dead-lettered (DEAD):
 * kept, shown to its recipient, and retried only on request.
 *
 * Its own small pool, outside the subgraph's statement counter: delivery is not a request's work.
 */
export interface DispatcherOptions {
  databaseUrl: string;
  /** The subgraph's schema: its outbox is `<schema>.notification`. */
  schema: string;
  log: Log;
  maxAttempts: number;
  backoff: BackoffOptions;
  /** How long one delivery may take before it counts as failed (ms). */
  timeoutMs: number;
  /** How often the outbox is polled when idle (ms). */
  pollMs: number;
  batchSize?: number;
  /** The deadline scan (idempotent), run at start and every `intervalMs`. */
  deadlines?: { scan(db: Queryable, withinDays: number): Promise<number>; withinDays: number; intervalMs: number };
  /** For tests: the jitter's random source, the HTTP client. */
  random?: () => number;
  fetch?: typeof fetch;
}

export interface DispatchRound {
  claimed: number;
  delivered: number;
  retried: number;
  dead: number;
  /** No webhook configured for the recipient: left in the inbox only. */
  inboxOnly: number;
}

interface ClaimedRow {
  id: string;
  kind: string;
  recipient_partner_id: string;
  subject_type: string;
  subject_id: string;
  due_on: string | null;
  created_at: Date;
  attempts: number;
}

/** The JSON body POSTed for one notification: ids, kind and due date, never a record's content. */
export function webhookBody(source: string, row: Omit<ClaimedRow, 'attempts'>): string {
  return JSON.stringify({
    id: row.id,
    type: row.kind,
    source,
    createdAt: new Date(row.created_at).toISOString(),
    recipient: { partnerId: row.recipient_partner_id },
    subject: { type: row.subject_type, id: row.subject_id },
    dueOn: row.due_on,
  });
}

export class NotificationDispatcher {
  private readonly pool: Pool;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;
  private stopped = false;
  private stopping: Promise<void> | null = null;
  private lastScan = 0;
  private readonly table: string;

  constructor(private readonly options: DispatcherOptions) {
    this.table = `${options.schema}.notification`;
    this.pool = new Pool({
      connectionString: options.databaseUrl,
      max: 2,
      connectionTimeoutMillis: 10_000,
      idleTimeoutMillis: 60_000,
      application_name: `passerelle-${options.schema}-dispatcher`,
    });
    this.pool.on('error', (error) => options.log.error(`dispatcher connection: ${error.message}`));
  }

  /** Polls until `stop`; errors (the database away) are logged and the loop goes on. */
  start(): void {
    if (this.timer || this.stopped) return;
    const loop = async () => {
      this.timer = null;
      if (this.stopped) return;
      let busy = false;
      try {
        await this.maybeScan();
        const round = await this.runOnce();
        busy = round.claimed >= (this.options.batchSize ?? 20);
      } catch (error) {
        this.options.log.error(`dispatcher: ${error instanceof Error ? error.message : String(error)}`);
      }
      if (!this.stopped) this.timer = setTimeout(() => void (this.running = loop()), busy ? 0 : this.options.pollMs);
    };
    this.running = loop();
  }

  /** Idempotent: waits for the round in progress, then closes the pool. */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      this.stopped = true;
      if (this.timer) clearTimeout(this.timer);
      this.timer = null;
      await this.running?.catch(() => undefined);
      await this.pool.end();
    })();
    return this.stopping;
  }

  private async maybeScan(): Promise<void> {
    const deadlines = this.options.deadlines;
    if (!deadlines || Date.now() - this.lastScan < deadlines.intervalMs) return;
    this.lastScan = Date.now();
    const written = await deadlines.scan(this.pool, deadlines.withinDays);
    if (written > 0) this.options.log.info(`deadline scan: ${written} notification(s)`);
  }

  /** Claims one batch of due deliveries and attempts each; what a replica does at every poll. */
  async runOnce(): Promise<DispatchRound> {
    const { rows } = await this.pool.query<ClaimedRow>(
      `UPDATE ${this.table} n
          SET attempts = n.attempts + 1,
              next_attempt_at = now() + make_interval(secs => $2::double precision / 1000)
        WHERE n.id IN (
          SELECT id FROM ${this.table}
           WHERE delivery_status = 'PENDING' AND next_attempt_at <= now()
           ORDER BY next_attempt_at
           LIMIT $1
           FOR UPDATE SKIP LOCKED)
       RETURNING n.id, n.kind, n.recipient_partner_id, n.subject_type, n.subject_id, n.due_on::text AS due_on, n.created_at, n.attempts`,
      [this.options.batchSize ?? 20, this.options.timeoutMs + 30_000],
    );
    const round: DispatchRound = { claimed: rows.length, delivered: 0, retried: 0, dead: 0, inboxOnly: 0 };
    if (rows.length === 0) return round;
    const endpoints = await webhookEndpoints.many(this.pool, rows.map((r) => r.recipient_partner_id));
    await Promise.all(
      rows.map(async (row) => {
        const endpoint = endpoints.get(row.recipient_partner_id);
        if (!endpoint) {
          await this.settle(row.id, DeliveryStatus.NONE, null);
          round.inboxOnly++;
          return;
        }
        const failure = await this.deliver(endpoint.url, endpoint.secret, row);
        if (failure === null) {
          await this.settle(row.id, DeliveryStatus.DELIVERED, null);
          round.delivered++;
        } else if (row.attempts >= this.options.maxAttempts) {
          await this.settle(row.id, DeliveryStatus.DEAD, failure);
          this.options.log.error(`notification ${row.id} dead-lettered after ${row.attempts} attempts: ${failure}`);
          round.dead++;
        } else {
          const delay = backoffDelay(row.attempts, this.options.backoff, this.options.random);
          await this.pool.query(
            `UPDATE ${this.table} SET last_error = $2, next_attempt_at = now() + make_interval(secs => $3::double precision / 1000) WHERE id = $1 AND delivery_status = 'PENDING'`,
            [row.id, failure, delay],
          );
          round.retried++;
        }
      }),
    );
    return round;
  }

  private async settle(id: string, status: DeliveryStatus, error: string | null): Promise<void> {
    await this.pool.query(
      `UPDATE ${this.table}
          SET delivery_status = $2, last_error = $3, next_attempt_at = NULL,
              delivered_at = CASE WHEN $2 = 'DELIVERED' THEN now() ELSE delivered_at END
        WHERE id = $1 AND delivery_status = 'PENDING'`,
      [id, status, error],
    );
  }

  /** One POST; null when the receiver took it (2xx), else why not (never a redirect followed). */
  private async deliver(url: string, secret: string, row: ClaimedRow): Promise<string | null> {
    const body = webhookBody(this.options.schema, row);
    const timestamp = Math.floor(Date.now() / 1000);
    try {
      const response = await (this.options.fetch ?? fetch)(url, {
        method: 'POST',
        redirect: 'manual',
        signal: AbortSignal.timeout(this.options.timeoutMs),
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Passerelle-Webhooks/1',
          [WEBHOOK_HEADERS.id]: row.id,
          [WEBHOOK_HEADERS.timestamp]: String(timestamp),
          [WEBHOOK_HEADERS.signature]: signWebhook(secret, timestamp, body),
          [WEBHOOK_HEADERS.attempt]: String(row.attempts),
        },
        body,
      });
      await response.body?.cancel().catch(() => undefined);
      return response.status >= 200 && response.status < 300 ? null : `HTTP ${response.status}`;
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause?.code;
      return (error as Error).name === 'TimeoutError' ? `no answer within ${this.options.timeoutMs} ms` : `unreachable${cause ? ` (${cause})` : ''}`;
    }
  }
}
