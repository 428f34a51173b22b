import { casesSubgraph } from '@passerelle/cases';
import { startSubgraph, type RunningSubgraph } from '@passerelle/common';
import { createServer } from 'node:net';
import { SETUP_TIMEOUT_MS } from './support/timeouts';

function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

describe('a database that is down at start', () => {
  let running: RunningSubgraph;
  const lines: string[] = [];

  beforeAll(async () => {
    const port = await closedPort();
    running = await startSubgraph(casesSubgraph, {
      databaseUrl: `postgres://postgres@127.0.0.1:${port}/nowhere`,
      port: 0,
      host: '127.0.0.1',
      signingKey: 'a-signing-key-for-this-test-only-000000',
      log: { info: (m) => lines.push(m), error: (m) => lines.push(m), debug: () => undefined },
    });
  }, SETUP_TIMEOUT_MS);
  afterAll(() => running.stop());

  it('keeps the service alive, says why on /ready, and retries with a log line', async () => {
    const health = await fetch(new URL('/health', running.url));
    expect(health.status).toBe(200);
    const ready = await fetch(new URL('/ready', running.url));
    expect(ready.status).toBe(503);
    expect(await ready.json()).toEqual({ ready: false, checks: { database: 'not connected' } });
    for (let i = 0; i < 50 && lines.length === 0; i++) await new Promise((r) => setTimeout(r, 100));
    expect(lines[0]).toMatch(/^database 127\.0\.0\.1:\d+\/nowhere not reachable \(.+\); retry 1 in 2s$/);
  });
});
