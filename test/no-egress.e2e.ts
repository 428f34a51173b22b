import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import dns from 'node:dns';
import { mkdtempSync, rmSync } from 'node:fs';
import https from 'node:https';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { repoPath, type Audience, type SeedPartnerKind } from '@passerelle/common';
import { createTestDatabase } from './support/database';
import { describeEgress, offending, readEgress, type EgressRecord } from './support/egress/records.cjs';
import { postGraphQL, seeded, tokenFor } from './support/stack';

/**
 * Issue 17: nothing leaves the département unasked. Every process of the test run carries the
 * egress recorder (test/support/egress/preload.cjs, loaded through NODE_OPTIONS by the global
 * setup), and the global teardown fails the run on any attempt outside loopback. This file proves
 * the recorder sees what it must, then runs the platform the two ways it ships — `npm start` (one
 * process) and the docker-compose topology (one process per service, plus the seed tool) — with
 * an environment that would switch Apollo's reporting on, and checks that every process tried to
 * reach nothing but loopback (PostgreSQL, the subgraphs, the gateway), from start to stop.
 */

interface Recorder {
  dir: string;
  deliberately<T>(fn: () => T): T;
}
const recorder = (net as unknown as Record<symbol, Recorder | undefined>)[Symbol.for('passerelle.egress')];

/** What an operator's environment could hold to switch Apollo's own reporting on. */
const APOLLO_REPORTING_ENV = {
  APOLLO_KEY: 'service:passerelle-test:not-a-real-key',
  APOLLO_GRAPH_REF: 'passerelle-test@current',
};

const CHILDREN = /* GraphQL */ `
  query Children {
    children(first: 20) {
      nodes {
        id
        lastName
        placements(first: 3) { nodes { startDate facility { name } } }
        enrollments(first: 3) { nodes { classLevel school { name } } }
      }
    }
  }
`;
const PUPILS = /* GraphQL */ `
  query Pupils {
    children(first: 20) { nodes { id lastName enrollments(first: 3) { nodes { classLevel } } } }
  }
`;

function freshDir(): string {
  return mkdtempSync(path.join(tmpdir(), 'passerelle-egress-test-'));
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

interface Started {
  name: string;
  child: ChildProcess;
  /** The first match of `ready` in its output. */
  match: RegExpMatchArray;
  output(): string;
  /** SIGTERM, then waits for the process to exit (its own shutdown path). */
  stop(): Promise<number | null>;
}

/** Starts a compiled entry point as its own Node process and waits for `ready` in its output. */
function startProcess(name: string, script: string, args: string[], env: NodeJS.ProcessEnv, ready: RegExp): Promise<Started> {
  const child = spawn(process.execPath, [repoPath(script), ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const started: Omit<Started, 'match'> = {
    name,
    child,
    output: () => output,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const match = output.match(ready);
      if (match) {
        child.stdout!.off('data', onData);
        child.stderr!.off('data', onData);
        child.stdout!.on('data', (c: Buffer) => (output += c.toString('utf8')));
        child.stderr!.on('data', (c: Buffer) => (output += c.toString('utf8')));
        resolve({ ...started, match });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    void exited.then((code) => reject(new Error(`${name} exited (${code}) before it was ready:\n${output}`)));
  });
}

async function queryAs(url: string, query: string, audience: Audience, kind: SeedPartnerKind) {
  const token = await tokenFor(seeded(audience, kind));
  return postGraphQL<{ children: { nodes: { id: string }[] } }>(url, query, {}, { authorization: `Bearer ${token}` });
}

/** The environment of a platform process: the test's own (NODE_OPTIONS carries the recorder), plus `extra`. */
function platformEnv(egressDir: string, extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...APOLLO_REPORTING_ENV, LOG_LEVEL: 'info', ...extra };
  env.PASSERELLE_EGRESS_DIR = egressDir;
  delete env.APOLLO_TELEMETRY_DISABLED; // the platform must turn it off itself
  return env;
}

function expectOnlyLoopback(records: EgressRecord[]) {
  const bad = offending(records);
  if (bad.length > 0) throw new Error(`outbound attempts outside loopback:\n${describeEgress(bad)}`);
  expect(bad).toEqual([]);
}

describe('the egress recorder (the check cannot pass silently)', () => {
  it('is loaded in the test process', () => {
    expect(recorder).toBeDefined();
    expect(process.env.NODE_OPTIONS).toContain('egress/preload.cjs');
  });

  it('records and refuses TCP, HTTP(S), fetch and DNS attempts to a non-loopback destination', async () => {
    const mine = () => readEgress(recorder!.dir).filter((r) => r.pid === process.pid && !r.loopback && r.deliberate);
    const before = mine().length;
    await recorder!.deliberately(async () => {
      // 192.0.2.1 is TEST-NET-1 (RFC 5737): never a real host.
      const tcp = await new Promise<NodeJS.ErrnoException>((resolve, reject) => {
        const socket = net.connect(9, '192.0.2.1');
        socket.once('connect', () => reject(new Error('connected to 192.0.2.1')));
        socket.once('error', resolve);
      });
      expect(tcp.code).toBe('ECONNREFUSED');
      await expect(fetch('http://192.0.2.1:8080/v1/metrics')).rejects.toThrow();
      const tls = await new Promise<NodeJS.ErrnoException>((resolve) => {
        https.get('https://telemetry.example/report', () => resolve(new Error('answered'))).once('error', resolve);
      });
      expect(tls.code).toBe('ECONNREFUSED');
      await expect(dns.promises.lookup('metadata.google.internal')).rejects.toMatchObject({ code: 'ENOTFOUND' });
      await expect(dns.promises.resolve4('example.org')).rejects.toMatchObject({ code: 'ENOTFOUND' });
    });
    expect(
      mine()
        .slice(before)
        .map((r) => [r.kind, r.host, r.port ?? null]),
    ).toEqual([
      ['tcp', '192.0.2.1', 9],
      ['fetch', '192.0.2.1', 8080],
      ['tls', 'telemetry.example', 443],
      ['dns.lookup', 'metadata.google.internal', null],
      ['dns.resolve4', 'example.org', null],
    ]);
  });

  it('is inherited by a process the tests start, where an attempt outside loopback counts against the run', () => {
    const dir = freshDir();
    try {
      const script = [
        "require('node:net').connect(4318, '192.0.2.1').on('error', (e) => console.log('tcp', e.code));",
        "fetch('https://usage-reporting.example/v1/metrics').catch((e) => console.log('fetch', e.cause && e.cause.code));",
        "require('node:net').connect(1, '127.0.0.1').on('error', () => {});",
      ].join('\n');
      const result = spawnSync(process.execPath, ['-e', script], {
        env: { ...process.env, PASSERELLE_EGRESS_DIR: dir },
        encoding: 'utf8',
      });
      expect(result.stdout).toContain('tcp ECONNREFUSED');
      expect(result.stdout).toContain('fetch ECONNREFUSED');
      const records = readEgress(dir);
      expect(records.every((r) => r.pid === result.pid)).toBe(true);
      expect(offending(records).map((r) => [r.kind, r.host, r.port])).toEqual([
        ['tcp', '192.0.2.1', 4318],
        ['fetch', 'usage-reporting.example', 443],
      ]);
      expect(records.filter((r) => r.loopback).map((r) => [r.kind, r.host, r.port])).toEqual([['tcp', '127.0.0.1', 1]]);
      expect(describeEgress(offending(records))).toContain('fetch usage-reporting.example:443');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('`npm start` (the whole platform in one process) reaches nothing but loopback', () => {
  const dir = freshDir();
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let platform: Started;
  let gatewayUrl: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    platform = await startProcess(
      'npm start',
      'tools/dist/start.js',
      [],
      platformEnv(dir, {
        DATABASE_URL: database.url,
        GATEWAY_PORT: '0',
        CASES_PORT: '0',
        PLACEMENTS_PORT: '0',
        PARTNERS_PORT: '0',
        SEED_CHILDREN: '40',
      }),
      /Passerelle gateway: (http:\S+)/,
    );
    gatewayUrl = platform.match[1]!;
  }, 180_000);
  afterAll(async () => {
    await platform?.stop();
    await database?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers queries that cross the three subgraphs, for the département and for a school', async () => {
    const department = await queryAs(gatewayUrl, CHILDREN, 'department', 'DEPARTMENT');
    expect(department.errors).toBeUndefined();
    expect(department.data!.children.nodes.length).toBeGreaterThan(0);
    const school = await queryAs(gatewayUrl, PUPILS, 'school', 'SCHOOL');
    expect(school.errors).toBeUndefined();
  });

  it('stops on SIGTERM having tried, from start to stop, to reach only loopback', async () => {
    expect(await platform.stop()).toBe(0);
    const records = readEgress(dir);
    // The recorder was in that process: it saw the database and the subgraphs.
    expect(records.some((r) => r.pid === platform.child.pid && r.kind === 'tcp')).toBe(true);
    expect(new Set(records.map((r) => r.pid))).toEqual(new Set([platform.child.pid]));
    expectOnlyLoopback(records);
  });
});

describe('the docker-compose topology (seed tool, three subgraphs, gateway) reaches nothing but loopback', () => {
  const dir = freshDir();
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  const services: Started[] = [];
  let gatewayUrl: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    const [cases, placements, partners, gateway] = await Promise.all([freePort(), freePort(), freePort(), freePort()]);
    const common = {
      DATABASE_URL: database.url,
      PRINCIPAL_SIGNING_KEY: 'no-egress-test-signing-key-0123456789abcdef',
      CASES_URL: `http://127.0.0.1:${cases}/graphql`,
      PLACEMENTS_URL: `http://127.0.0.1:${placements}/graphql`,
      PARTNERS_URL: `http://127.0.0.1:${partners}/graphql`,
    };
    const env = (extra: Record<string, string> = {}) => platformEnv(dir, { ...common, ...extra });
    const seed = await startProcess('seed', 'tools/dist/seed.js', ['--children', '40'], env(), /seeded 40 children/);
    await seed.stop();
    services.push(
      ...(await Promise.all([
        startProcess('cases', 'subgraphs/cases/dist/main.js', [], env({ CASES_PORT: String(cases) }), /\[cases\] ready/),
        startProcess('placements', 'subgraphs/placements/dist/main.js', [], env({ PLACEMENTS_PORT: String(placements) }), /\[placements\] ready/),
        startProcess('partners', 'subgraphs/partners/dist/main.js', [], env({ PARTNERS_PORT: String(partners) }), /\[partners\] ready/),
      ])),
    );
    const gatewayProcess = await startProcess('gateway', 'gateway/dist/main.js', [], env({ GATEWAY_PORT: String(gateway) }), /listening on (http:\S+)/);
    services.push(gatewayProcess);
    gatewayUrl = gatewayProcess.match[1]!;
    services.unshift(seed);
  }, 240_000);
  afterAll(async () => {
    await Promise.all(services.map((s) => s.stop()));
    await database?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers queries that cross the three subgraphs, for the département and for a school', async () => {
    const department = await queryAs(gatewayUrl, CHILDREN, 'department', 'DEPARTMENT');
    expect(department.errors).toBeUndefined();
    expect(department.data!.children.nodes.length).toBeGreaterThan(0);
    const school = await queryAs(gatewayUrl, PUPILS, 'school', 'SCHOOL');
    expect(school.errors).toBeUndefined();
  });

  it('every process stops on SIGTERM having tried, from start to stop, to reach only loopback', async () => {
    // The gateway first, as docker compose does (the subgraphs depend on nothing after it).
    const order = [...services].reverse();
    for (const s of order) await s.stop();
    const records = readEgress(dir);
    // The recorder was in each of the five processes.
    for (const s of services) {
      expect([s.name, records.some((r) => r.pid === s.child.pid && r.kind === 'tcp')]).toEqual([s.name, true]);
    }
    expectOnlyLoopback(records);
  });
});
