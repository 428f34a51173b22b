import { spawn, type ChildProcess } from 'node:child_process';
import { Agent, request } from 'node:http';
import path from 'node:path';
import { Client } from 'pg';
import { createTestDatabase } from './support/database';
import { DEPARTMENT, tokenFor } from './support/stack';
import { SETUP_TIMEOUT_MS } from './support/timeouts';

/**
 * Issue 12, item 2: SIGTERM drains. `npm start`'s process (node tools/dist/start.js) on the test
 * server's database gets SIGTERM while 20 requests are in flight: it refuses new connections,
 * answers all 20 (each with its audit record), closes its pools and exits 0.
 */
const SLOW = /* GraphQL */ `
  query Drain {
    children(first: 100) {
      nodes {
        id firstNames lastName
        placements(first: 5) { nodes { startDate endDate facility { name kind } } }
        enrollments(first: 5) { nodes { classLevel school { name code } } }
      }
    }
  }
`;

interface Answer {
  status: number;
  body: { data?: { children?: { nodes: unknown[] } } | null; errors?: unknown[] };
  at: number;
}

describe('SIGTERM with requests in flight', () => {
  jest.setTimeout(240_000);
  let database: { url: string; drop(): Promise<void> };
  let platform: ChildProcess | undefined;

  beforeAll(async () => {
    database = await createTestDatabase();
  }, SETUP_TIMEOUT_MS);
  afterAll(async () => {
    if (platform && platform.exitCode === null && platform.signalCode === null) platform.kill('SIGKILL');
    await database?.drop();
  });

  it('answers the 20 requests in flight, records each, and exits 0', async () => {
    const child = spawn(process.execPath, [path.resolve(__dirname, '../tools/dist/start.js')], {
      env: {
        ...process.env,
        DATABASE_URL: database.url,
        GATEWAY_PORT: '0',
        CASES_PORT: '0',
        PLACEMENTS_PORT: '0',
        PARTNERS_PORT: '0',
        SEED_CHILDREN: '200',
        SHUTDOWN_GRACE_MS: '30000',
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    platform = child;
    let output = '';
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((resolve) =>
      child.once('exit', (code, signal) => resolve({ code, signal, at: Date.now() })),
    );
    const gatewayUrl = await new Promise<string>((resolve, reject) => {
      child.stdout!.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const match = /Passerelle gateway: (\S+)/.exec(output);
        if (match) resolve(match[1]!);
      });
      void exited.then(({ code }) => reject(new Error(`the platform exited (${code}) before it was ready: ${output}`)));
    });

    const token = await tokenFor(DEPARTMENT);
    const body = JSON.stringify({ query: SLOW, operationName: 'Drain' });
    const warm = await send(new Agent(), gatewayUrl, token, body); // the principal is checked once, then cached
    expect(warm.status).toBe(200);

    // 20 requests on keep-alive connections: each fully sent before the signal.
    const agent = new Agent({ keepAlive: true, maxSockets: 20 });
    const sent: Promise<void>[] = [];
    const answers = Array.from({ length: 20 }, () => send(agent, gatewayUrl, token, body, (written) => sent.push(written)));
    await Promise.all(sent);
    // A connection opened after the 20 and answered: the gateway has accepted the 20 before it
    // (the listen backlog is first in, first out). A request still in the backlog when the
    // listening socket closes is not in flight yet: it is reset, as any new connection is.
    expect((await fetch(new URL('/health', gatewayUrl))).status).toBe(200);
    const signalledAt = Date.now();
    child.kill('SIGTERM');
    const results = await Promise.all(answers);
    const exit = await exited;
    agent.destroy();
    process.stderr.write(`[shutdown] drained and exited ${exit.at - signalledAt} ms after SIGTERM\n`);

    expect({ code: exit.code, signal: exit.signal }).toEqual({ code: 0, signal: null });
    for (const result of results) {
      expect(result.status).toBe(200);
      expect(result.body.errors).toBeUndefined();
      expect(result.body.data!.children!.nodes).toHaveLength(100);
    }
    // Not answered before the signal: they were in flight, and drained.
    expect(results.filter((r) => r.at >= signalledAt).length).toBeGreaterThan(0);
    expect(output).toMatch(/SIGTERM: draining/);

    const client = new Client({ connectionString: database.url });
    await client.connect();
    try {
      const recorded = await client.query<{ n: string }>(
        `SELECT count(*) AS n FROM audit.access_log WHERE operation_name = 'Drain' AND outcome = 'ok'`,
      );
      expect(Number(recorded.rows[0]!.n)).toBe(21); // the warm-up and the 20
    } finally {
      await client.end();
    }
  });
});

function send(agent: Agent, url: string, token: string, body: string, onSent?: (written: Promise<void>) => void): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(url, {
      method: 'POST',
      agent,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'content-length': Buffer.byteLength(body) },
    });
    onSent?.(new Promise((written) => req.once('finish', () => written())));
    req.once('error', reject);
    req.once('response', (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.once('end', () =>
        resolve({ status: response.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Answer['body'], at: Date.now() }),
      );
      response.once('error', reject);
    });
    req.end(body);
  });
}
