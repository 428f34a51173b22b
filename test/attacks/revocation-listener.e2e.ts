import { ChangeListener, InvalidatedCache } from '@passerelle/common';
import { randomBytes } from 'node:crypto';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { Client } from 'pg';
import { SETUP_TIMEOUT_MS } from '../support/timeouts';

/**
 * Issue 10, class 11, the fail-safe: a cache whose LISTEN connection is down serves nothing (a
 * notification missed then could keep a revoked right alive), and what it held before the
 * outage is void once it is back. The database "restarts" behind a TCP proxy that the test
 * cuts and restores; notifications are sent straight to PostgreSQL, as a trigger would.
 */
const ADMIN = process.env.PASSERELLE_TEST_ADMIN_URL!;

/** A TCP proxy to PostgreSQL that can drop every connection and refuse new ones. */
async function proxy(target: URL): Promise<{ url: string; cut(): Promise<void>; restore(): Promise<void>; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  let server: Server;
  let port = 0;
  const open = () =>
    new Promise<void>((resolve) => {
      server = createServer((inbound) => {
        const outbound = connect(Number(target.port || 5432), target.hostname);
        for (const s of [inbound, outbound]) {
          sockets.add(s);
          s.on('close', () => sockets.delete(s));
          s.on('error', () => undefined);
        }
        inbound.pipe(outbound).pipe(inbound);
      }).listen(port, '127.0.0.1', () => {
        port = (server.address() as { port: number }).port;
        resolve();
      });
    });
  const cut = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      for (const s of sockets) s.destroy();
    });
  await open();
  const url = new URL(target);
  url.host = `127.0.0.1:${port}`;
  return { url: url.toString(), cut, restore: open, close: cut };
}

describe('a cache whose listener is not connected serves nothing', () => {
  const channel = `passerelle_test_${randomBytes(4).toString('hex')}`;
  let db: Awaited<ReturnType<typeof proxy>>;
  let listener: ChangeListener;
  let notifier: Client;
  let computed = 0;
  let cache: InvalidatedCache<number>;
  const get = () => cache.get('partner-1|x', async () => ++computed);
  const notify = (payload: string) => notifier.query('SELECT pg_notify($1, $2)', [channel, payload]);
  const nextReset = () => new Promise<void>((resolve) => {
    const off = listener.onReset(() => {
      off();
      resolve();
    });
  });

  beforeAll(async () => {
    db = await proxy(new URL(ADMIN));
    listener = new ChangeListener({ url: db.url, channels: [channel], retryMs: 20, maxRetryMs: 50 });
    cache = new InvalidatedCache<number>(listener, { ttlMs: 600_000, maxEntries: 100 });
    listener.onChange((_, payload) => cache.invalidate(`${payload}|`));
    notifier = new Client({ connectionString: ADMIN });
    await notifier.connect();
  }, SETUP_TIMEOUT_MS);
  afterAll(async () => {
    await listener?.stop();
    await notifier?.end();
    await db?.close();
  });

  it('before the listener is up: computes every time, stores nothing', async () => {
    const starting = new ChangeListener({ url: 'postgres://postgres@127.0.0.1:1/nowhere', channels: [channel], retryMs: 10_000 });
    const cold = new InvalidatedCache<number>(starting, { ttlMs: 600_000, maxEntries: 100 });
    let n = 0;
    expect(await cold.get('k', async () => ++n)).toBe(1);
    expect(await cold.get('k', async () => ++n)).toBe(2);
    expect(cold.size).toBe(0);
    expect(await starting.sync()).toBe(false);
    await starting.stop();
  });

  it('while listening: serves a hit, and a notification committed before the next call drops it', async () => {
    await listener.whenListening();
    const first = await get();
    expect(await get()).toBe(first);
    await notify('partner-1');
    // No wait: the next call's sync() round trip brings the notification in first.
    expect(await get()).toBe(first + 1);
    await notify('partner-2'); // another partner's change leaves this entry alone
    expect(await get()).toBe(first + 1);
  });

  it('a database restart: nothing served while down, a missed notification cannot keep an entry alive', async () => {
    await listener.whenListening();
    const warm = await get();
    expect(await get()).toBe(warm);
    const lost = nextReset();
    await db.cut();
    await lost;
    expect(listener.listening).toBe(false);
    expect(await listener.sync()).toBe(false);
    // Down: every call computes, nothing is stored.
    const a = await get();
    const b = await get();
    expect([a, b]).toEqual([warm + 1, warm + 2]);
    expect(cache.size).toBe(0);
    await notify('partner-1'); // missed: nobody is listening through the proxy
    await db.restore();
    await listener.whenListening();
    // Back: what was held before the outage is gone, caching resumes.
    const c = await get();
    expect(c).toBe(warm + 3);
    expect(await get()).toBe(c);
  });

  it('a silent connection loss (simulated) voids the cache the same way', async () => {
    await listener.whenListening();
    const warm = await get();
    const lost = nextReset();
    listener.simulateLoss();
    await lost;
    expect(await get()).toBe(warm + 1);
    await listener.whenListening();
    const after = await get();
    expect(after).toBeGreaterThan(warm);
    expect(await get()).toBe(after);
  });
});
