import { Client } from 'pg';
import type { Log } from '../log';

/**
 * Revocation bites at the next request, on every replica (ARCHITECTURE.md). Two caches stand
 * between a change of rights and the next request: the gateway's directory answers (who may
 * act, with which grants) and each subgraph's slices (which children an institution sees).
 * Neither may outlive the change that makes it wrong, so the change itself invalidates them:
 * triggers on every table whose rows define an answer `pg_notify` a channel (migrations
 * `…-Invalidation.ts` of each subgraph), and every process that caches holds one LISTEN
 * connection and drops the affected entries.
 *
 * NOTIFY is transactional: delivered at commit, never before, so no reader sees an entry
 * dropped before the change is visible. It is also asynchronous: a client that gets its
 * mutation's answer could, on a loaded machine, send its next request before the listener has
 * read the notification. `sync()` closes that gap: a round trip on the LISTEN connection
 * itself. PostgreSQL signals listening backends before it acknowledges a COMMIT, and a backend
 * sends the notifications it holds before the ReadyForQuery that ends any later query, in
 * protocol order; so once a `SELECT 1` sent after the request arrived has returned, every
 * change committed before the request arrived has been handled. A cache hit costs that one
 * round trip (shared by every request waiting at the same time); a miss costs none.
 *
 * Fail safe: while the connection is not listening (startup, database restart, lost socket),
 * caches serve nothing and store nothing (every request computes its answer), and every
 * connect and disconnect starts a new epoch that voids what was stored before, since
 * notifications may have been missed in between.
 */
export const DIRECTORY_CHANNEL = 'passerelle_directory';
export const SCOPE_CHANNEL = 'passerelle_scope';

export interface ChangeListenerOptions {
  url: string;
  channels: readonly string[];
  log?: Log;
  /** Pause before reconnecting (doubles up to `maxRetryMs`). */
  retryMs?: number;
  maxRetryMs?: number;
  /** A `sync()` round trip slower than this counts as a lost connection. */
  syncTimeoutMs?: number;
  /** application_name, for pg_stat_activity. */
  name?: string;
}

type Handler = (channel: string, payload: string) => void;

export class ChangeListener {
  private client: Client | null = null;
  private listeningNow = false;
  private epochNow = 0;
  private stopped = false;
  private retryTimer: NodeJS.Timeout | null = null;
  private retryMs: number;
  private running: Promise<boolean> | null = null;
  private queued: Promise<boolean> | null = null;
  private readonly handlers = new Set<Handler>();
  private readonly resets = new Set<() => void>();
  private connectedWaiters: (() => void)[] = [];

  constructor(private readonly options: ChangeListenerOptions) {
    this.retryMs = options.retryMs ?? 250;
    void this.connect();
  }

  /** True while LISTEN is in place on every channel: only then may a cache serve an entry. */
  get listening(): boolean {
    return this.listeningNow;
  }

  /** Changes at every connect and disconnect: an entry stored under another epoch is void. */
  get epoch(): number {
    return this.epochNow;
  }

  /** Calls `handler` for every notification on the listener's channels. */
  onChange(handler: Handler): () => void {
    this.handlers.add(handler);
    return () => this.handlers.delete(handler);
  }

  /** Calls `reset` whenever notifications may have been missed (connect, disconnect). */
  onReset(reset: () => void): () => void {
    this.resets.add(reset);
    return () => this.resets.delete(reset);
  }

  /** Resolves once listening (tests, and services that want a warm start). */
  whenListening(): Promise<void> {
    if (this.listeningNow) return Promise.resolve();
    return new Promise((resolve) => this.connectedWaiters.push(resolve));
  }

  /**
   * Resolves true once every notification committed before this call has been handled; false
   * when the listener is not connected (then nothing cached may be trusted).
   */
  sync(): Promise<boolean> {
    if (!this.listeningNow) return Promise.resolve(false);
    // A round trip already on the wire may have been sent before this call: it proves nothing
    // for us. Join the next one, sent once it returns (one extra round trip at most).
    if (this.queued) return this.queued;
    if (!this.running) return (this.running = this.roundTrip());
    this.queued = this.running.then(() => {
      this.queued = null;
      if (!this.listeningNow) return false;
      return (this.running = this.roundTrip());
    });
    return this.queued;
  }

  /** Drops the connection as a database restart would (tests of the fail-safe path). */
  simulateLoss(): void {
    const client = this.client;
    if (client) this.lost(client, new Error('connection dropped on purpose'));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    const client = this.client;
    this.client = null;
    this.setListening(false);
    if (client) await client.end().catch(() => undefined);
  }

  private roundTrip(): Promise<boolean> {
    const client = this.client;
    const trip = (async () => {
      if (!client) return false;
      let timer: NodeJS.Timeout | undefined;
      try {
        await Promise.race([
          client.query('SELECT 1'),
          new Promise((_, reject) => {
            timer = setTimeout(() => reject(new Error('no answer to a sync round trip')), this.options.syncTimeoutMs ?? 2000);
          }),
        ]);
        return this.listeningNow && this.client === client;
      } catch (error) {
        this.lost(client, error as Error);
        return false;
      } finally {
        clearTimeout(timer);
      }
    })();
    void trip.then(() => {
      if (this.running === trip) this.running = null;
    });
    return trip;
  }

  private setListening(listening: boolean): void {
    this.listeningNow = listening;
    this.epochNow += 1;
    for (const reset of this.resets) reset();
    if (listening) {
      const waiters = this.connectedWaiters;
      this.connectedWaiters = [];
      waiters.forEach((w) => w());
    }
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const client = new Client({
      connectionString: this.options.url,
      application_name: this.options.name ?? 'passerelle-invalidation',
      keepAlive: true,
    });
    this.client = client;
    // Without an 'error' listener a dropped connection would crash the process.
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client, new Error('connection ended')));
    client.on('notification', (message) => {
      if (this.client !== client) return;
      for (const handler of this.handlers) handler(message.channel, message.payload ?? '');
    });
    try {
      await client.connect();
      for (const channel of this.options.channels) await client.query(`LISTEN "${channel.replace(/"/g, '')}"`);
    } catch (error) {
      this.lost(client, error as Error);
      return;
    }
    if (this.client !== client || this.stopped) return;
    this.retryMs = this.options.retryMs ?? 250;
    this.setListening(true);
  }

  private lost(client: Client, error: Error): void {
    if (this.client !== client) return;
    this.client = null;
    client.removeAllListeners('notification');
    client.end().catch(() => undefined);
    if (this.stopped) return;
    const wasListening = this.listeningNow;
    this.setListening(false);
    // Once per outage, and not before the first connection (the service's own database
    // retries already say the database is unreachable).
    const line = `cache invalidation listener ${wasListening ? 'lost' : 'not connected'} (${error.message}): caches bypassed until it is back`;
    if (wasListening) this.options.log?.error(line);
    else this.options.log?.debug(line);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.connect();
    }, this.retryMs);
    this.retryTimer.unref?.();
    this.retryMs = Math.min(this.retryMs * 2, this.options.maxRetryMs ?? 5000);
  }
}

const PARIS_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' });

/**
 * Today in France: part of every cache key, since "in force today" and "enrolled today" are
 * facts of the French calendar day, which turns without any row changing.
 */
export function cacheDay(now: Date = new Date()): string {
  // Formatted once a minute (it was 0.4 % of the gateway's CPU per request): France's offsets
  // from UTC are whole hours, so its day turns on a UTC minute's boundary, never within one.
  const minute = Math.floor(now.getTime() / 60_000);
  if (minute !== lastDay.minute) lastDay = { minute, day: PARIS_DAY.format(now) };
  return lastDay.day;
}
let lastDay = { minute: Number.NaN, day: '' };

/**
 * A map of promised answers that a `ChangeListener` keeps honest: nothing is served or stored
 * unless the listener is listening, a hit is served only after `sync()`, and notifications
 * drop entries through `invalidate`. `ttlMs` stays as a bound, not as the guarantee.
 *
 * With `refreshAfterMs`, a hit older than that (and younger than `ttlMs`) is served as before
 * and recomputed beside the request, so that a large entry (a court's 20 000 children, asked of
 * cases) is not rebuilt on some request's path every `ttlMs` (the p95 spikes of a judge's reads).
 * What is served is bounded exactly as without it — younger than `ttlMs`, of the listener's
 * epoch, after `sync()` — and a recomputation replaces its entry only if nothing dropped the
 * entry meanwhile (a notification, a reset, the listener lost): otherwise it is thrown away.
 */
export class InvalidatedCache<V> {
  private readonly entries = new Map<string, Entry<V>>();

  constructor(
    private readonly listener: ChangeListener | null,
    private readonly options: { ttlMs: number; maxEntries: number; refreshAfterMs?: number },
  ) {
    listener?.onReset(() => this.entries.clear());
  }

  get size(): number {
    return this.entries.size;
  }

  async get(key: string, compute: () => Promise<V>): Promise<V> {
    const listener = this.listener;
    if (!listener?.listening) return compute();
    if (this.entries.has(key)) {
      // Every change committed before this request must have dropped its entries first.
      if (!(await listener.sync())) return compute();
      const hit = this.entries.get(key);
      const age = hit ? Date.now() - hit.at : Infinity;
      if (hit && hit.epoch === listener.epoch && age < this.options.ttlMs) {
        if (this.options.refreshAfterMs !== undefined && age >= this.options.refreshAfterMs) this.refresh(key, hit, compute);
        return hit.value;
      }
      if (!listener.listening) return compute();
    }
    return this.store(key, { at: Date.now(), epoch: listener.epoch, value: compute() });
  }

  private store(key: string, entry: Entry<V>): Promise<V> {
    if (this.entries.size >= this.options.maxEntries) this.entries.clear();
    this.entries.set(key, entry);
    entry.value.then(
      (value) => {
        entry.settled = { value };
      },
      // A failure is not an answer to remember.
      () => {
        if (this.entries.get(key) === entry) this.entries.delete(key);
      },
    );
    return entry.value;
  }

  /** Recomputes `hit` beside the request; the answer replaces it only if `hit` is still the entry. */
  private refresh(key: string, hit: Entry<V>, compute: () => Promise<V>): void {
    if (hit.refreshing) return;
    hit.refreshing = true;
    const at = Date.now();
    const epoch = hit.epoch;
    compute().then(
      (value) => {
        if (this.entries.get(key) === hit && this.listener?.listening && this.listener.epoch === epoch) {
          this.entries.set(key, { at, epoch, value: Promise.resolve(value), settled: { value } });
        }
      },
      // The entry it would have replaced stays until its own bound; the next hit tries again.
      () => {
        hit.refreshing = false;
      },
    );
  }

  /**
   * A change the entries can take in without recomputing (a child created joins the cached
   * teams of its commune): each entry under `prefix` that `concerns` is replaced by `patch` of its
   * answer, with the bound and epoch it had; one still being computed is dropped (its answer may
   * or may not have seen the change), and so is a recomputation under way beside the requests.
   */
  amend(prefix: string, concerns: (key: string) => boolean, patch: (value: V) => V): void {
    for (const [key, entry] of this.entries) {
      if (!key.startsWith(prefix) || !concerns(key)) continue;
      if (!entry.settled) {
        this.entries.delete(key);
        continue;
      }
      const value = patch(entry.settled.value);
      if (value !== entry.settled.value) this.entries.set(key, { at: entry.at, epoch: entry.epoch, value: Promise.resolve(value), settled: { value } });
    }
  }

  /** Drops the entries whose key starts with `prefix` (every entry for ''). */
  invalidate(prefix: string): void {
    if (prefix === '') {
      this.entries.clear();
      return;
    }
    for (const key of this.entries.keys()) if (key.startsWith(prefix)) this.entries.delete(key);
  }
}

interface Entry<V> {
  /** When its computation started: what `ttlMs` is counted from. */
  at: number;
  epoch: number;
  value: Promise<V>;
  /** A recomputation beside the requests is under way (`refreshAfterMs`). */
  refreshing?: boolean;
  /** Its answer, once it came (what `amend` patches). */
  settled?: { value: V };
}
