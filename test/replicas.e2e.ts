import { childId, childSchool, partnerMemberId, PRINCIPAL_HEADER, worldSize, type SeedPlan } from '@passerelle/common';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { startBalancer, type Balancer } from './support/balancer';
import { createTestDatabase } from './support/database';
import { DEPARTMENT, DIRECTORY_ADMIN, postGraphQL, seeded, tokenFor, type GraphQLResponse } from './support/stack';
import { SETUP_TIMEOUT_MS } from './support/timeouts';

/**
 * Issue 14, goal 5: the platform as docker-compose.replicas.yml runs it — two replicas of every
 * service, each its own OS process (module state is per process, as in containers), behind
 * round-robin balancers that are not sticky, on one fresh database. Whatever one process keeps
 * for itself must not change an answer: migrations at a concurrent start, cursors, caches and
 * their revocation, single-use principal headers, the audit chains.
 */
const PARIS = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' });
const PLAN: SeedPlan = { children: 120, today: PARIS.format(new Date()) };
const SIZE = worldSize(PLAN);
const pupilsOf = (s: number) => Array.from({ length: PLAN.children }, (_, i) => i).filter((i) => childSchool(PLAN, SIZE, i) === s);
const SIGNING_KEY = 'replicas-test-signing-key-replicas-test-signing-key';
const ROOT = path.resolve(__dirname, '..');
const SUBGRAPHS = [
  { name: 'cases', script: 'subgraphs/cases/dist/main.js', port: 'CASES_PORT', url: 'CASES_URL' },
  { name: 'placements', script: 'subgraphs/placements/dist/main.js', port: 'PLACEMENTS_PORT', url: 'PLACEMENTS_URL' },
  { name: 'partners', script: 'subgraphs/partners/dist/main.js', port: 'PARTNERS_PORT', url: 'PARTNERS_URL' },
] as const;

const CHILDREN = /* GraphQL */ `
  query Children($after: String) {
    children(first: 15, after: $after) {
      nodes {
        id lastName
        placements(first: 3) { nodes { startDate facility { name } } }
        enrollments(first: 2) { nodes { classLevel school { name } } }
      }
      pageInfo { endCursor hasNextPage }
    }
  }
`;
/** An answer without its cursor: a cursor is sealed with a fresh nonce each time, so two seals of one position differ. */
const uncursored = (data: any) => ({ ...data, children: { ...data.children, pageInfo: { ...data.children.pageInfo, endCursor: '<sealed>' } } });
const CHILD = `query ($id: ID!) { child(id: $id) { id lastName } }`;

interface Service {
  name: string;
  child: ChildProcess;
  url: string;
  output: () => string;
  exited: Promise<number | null>;
}

/** Every process the test started, whatever became of its start: afterAll ends them all. */
const spawned: ChildProcess[] = [];

function start(name: string, script: string, env: Record<string, string>): Promise<Service> {
  const child = spawn(process.execPath, [path.join(ROOT, script)], {
    env: { ...process.env, ...env, LOG_LEVEL: 'info', LOG_FORMAT: 'line' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  spawned.push(child);
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise<Service>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match) resolve({ name, child, url: match[1]!, output: () => output, exited });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    void exited.then((code) => reject(new Error(`${name} exited (${code}) before listening:\n${output}`)));
  });
}

async function ready(service: Service): Promise<void> {
  for (let attempt = 0; attempt < 600; attempt++) {
    const answer = await fetch(`${service.url}/ready`).catch(() => null);
    if (answer?.ok) return;
    if (service.child.exitCode !== null) throw new Error(`${service.name} exited (${service.child.exitCode}):\n${service.output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${service.name} not ready after 60 s:\n${service.output()}`);
}

function run(script: string, args: string[], env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(ROOT, script), ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
    child.once('exit', (code) => resolve({ code, output }));
  });
}

async function stopAll(services: Service[]): Promise<(number | null)[]> {
  for (const s of services) if (s.child.exitCode === null) s.child.kill('SIGTERM');
  return Promise.all(services.map((s) => s.exited));
}

describe('two replicas of every service behind balancers', () => {
  jest.setTimeout(180_000);
  let database: { url: string; drop(): Promise<void> };
  let checkpointDir: string;
  const balancers: Record<string, Balancer> = {};
  const replicas: Record<string, Service[]> = {};
  let gateways: Service[] = [];
  let front: Balancer;

  beforeAll(async () => {
    database = await createTestDatabase();
    checkpointDir = mkdtempSync(path.join(tmpdir(), 'passerelle-replicas-audit-'));
    // The balancers first: every service is given their addresses, never a replica's.
    for (const s of SUBGRAPHS) balancers[s.name] = await startBalancer();
    front = await startBalancer();
    const peers = Object.fromEntries(SUBGRAPHS.map((s) => [s.url, `${balancers[s.name]!.url}/graphql`]));
    const common = { DATABASE_URL: database.url, HOST: '127.0.0.1', PRINCIPAL_SIGNING_KEY: SIGNING_KEY, ...peers };
    // Six subgraph processes started at once on an empty database: they all migrate at start.
    const started = await Promise.all(
      SUBGRAPHS.flatMap((s) => [0, 1].map((i) => start(`${s.name}#${i}`, s.script, { ...common, [s.port]: '0' }))),
    );
    await Promise.all(started.map(ready));
    for (const s of SUBGRAPHS) {
      replicas[s.name] = started.filter((x) => x.name.startsWith(`${s.name}#`));
      balancers[s.name]!.targets = replicas[s.name]!.map((r) => r.url);
    }
    const seeded = await run('tools/dist/seed.js', ['--children', String(PLAN.children), '--today', PLAN.today], { DATABASE_URL: database.url });
    expect(seeded).toEqual({ code: 0, output: expect.any(String) });
    gateways = await Promise.all(
      [0, 1].map((i) => start(`gateway#${i}`, 'gateway/dist/main.js', { ...common, GATEWAY_PORT: '0', AUDIT_CHECKPOINT_DIR: checkpointDir })),
    );
    await Promise.all(gateways.map(ready));
    front.targets = gateways.map((g) => g.url);
  }, SETUP_TIMEOUT_MS);

  afterAll(async () => {
    await stopAll([...gateways, ...Object.values(replicas).flat()]);
    for (const child of spawned) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    for (const b of [front, ...Object.values(balancers)]) await b?.stop();
    await database?.drop();
    rmSync(checkpointDir, { recursive: true, force: true });
  });

  const ask = async <T = any>(url: string, query: string, variables: Record<string, unknown>, as = DEPARTMENT): Promise<GraphQLResponse<T>> =>
    postGraphQL<T>(`${url}/graphql`, query, variables, { authorization: `Bearer ${await tokenFor(as)}` });

  it('replicas started together on an empty database applied each migration once', async () => {
    const client = new Client({ connectionString: database.url });
    await client.connect();
    try {
      for (const s of SUBGRAPHS) {
        const { rows } = await client.query<{ n: number; distinct: number }>(
          `SELECT count(*)::int AS n, count(DISTINCT name)::int AS distinct FROM "${s.name}".migrations`,
        );
        expect(rows[0]!.n).toBeGreaterThan(0);
        expect(rows[0]!.n).toBe(rows[0]!.distinct);
      }
    } finally {
      await client.end();
    }
  });

  it('gives the same answer whichever replicas serve a request, and every replica serves', async () => {
    const answers = [];
    for (let i = 0; i < 6; i++) answers.push(await ask(front.url, CHILDREN, {}));
    for (const a of answers) expect(a.errors).toBeUndefined();
    expect(answers[0]!.data.children.nodes).toHaveLength(15);
    for (const a of answers.slice(1)) expect(uncursored(a.data)).toEqual(uncursored(answers[0]!.data));
    expect(front.hits).toEqual([3, 3]);
    for (const s of SUBGRAPHS) {
      expect(balancers[s.name]!.hits[0]).toBeGreaterThan(0);
      expect(balancers[s.name]!.hits[1]).toBeGreaterThan(0);
    }
  });

  it('a cursor sealed by one gateway pages on the other', async () => {
    const first = await ask(gateways[0]!.url, CHILDREN, {});
    expect(first.errors).toBeUndefined();
    const after = first.data.children.pageInfo.endCursor as string;
    const here = await ask(gateways[0]!.url, CHILDREN, { after });
    const there = await ask(gateways[1]!.url, CHILDREN, { after });
    expect(there.errors).toBeUndefined();
    expect(uncursored(there.data)).toEqual(uncursored(here.data));
    const ids = new Set(first.data.children.nodes.map((n: { id: string }) => n.id));
    expect(there.data.children.nodes.some((n: { id: string }) => ids.has(n.id))).toBe(false);
  });

  it('a concern a school sends through one gateway is the CRIP’s through the other', async () => {
    const school = seeded('school', 'SCHOOL', 0);
    const pupil = childId(pupilsOf(0)[0]!);
    const sent = await ask(
      gateways[0]!.url,
      `mutation ($input: SubmitConcernInput!) { submitConcern(input: $input) { id status } }`,
      {
        input: {
          idempotencyKey: 'replicas-1',
          channel: 'FORM',
          sourceKind: 'SCHOOL',
          urgency: 'NORMAL',
          content: 'Observed at school',
          childIds: [pupil],
          newChildren: [],
          parentsInformed: true,
        },
      },
      school,
    );
    expect(sent.errors).toBeUndefined();
    const id = sent.data.submitConcern.id as string;
    const read = await ask(gateways[1]!.url, `query ($id: ID!) { concern(id: $id) { id status } }`, { id }, seeded('crip', 'CRIP', 0));
    expect(read.errors).toBeUndefined();
    expect(read.data.concern).toEqual({ id, status: sent.data.submitConcern.status });
  });

  it('a principal header one cases replica accepted is refused by the other', async () => {
    const forwarded = balancers.cases!.forwarded.filter((f) => typeof f.headers[PRINCIPAL_HEADER] === 'string' && f.method === 'POST');
    expect(forwarded.length).toBeGreaterThan(0);
    const original = forwarded[0]!;
    const other = replicas.cases![1 - original.replica]!;
    const replayed = await fetch(`${other.url}${original.path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [PRINCIPAL_HEADER]: original.headers[PRINCIPAL_HEADER] as string },
      body: original.body,
    });
    const body = (await replayed.json()) as GraphQLResponse;
    expect(replayed.status).toBe(401);
    expect(body.data ?? null).toBeNull();
    expect(body.errors?.[0]?.message).toBe('principal header already used');
  });

  it('a member deactivated through one gateway is refused at once by the other', async () => {
    const school = seeded('school', 'SCHOOL', 3);
    const pupil = childId(pupilsOf(3)[0]!);
    // Both gateways and both replicas of each subgraph have this member's answers cached.
    for (let i = 0; i < 4; i++) {
      const warm = await ask(gateways[i % 2]!.url, CHILD, { id: pupil }, school);
      expect(warm.errors).toBeUndefined();
    }
    const member = partnerMemberId('SCHOOL', 3, 0);
    const { data } = await ask(gateways[0]!.url, `{ partnerMember(id: "${member}") { version } }`, {});
    const off = await ask(gateways[0]!.url, `mutation ($v: Int!) { updatePartnerMember(id: "${member}", version: $v, input: { active: false }) { active } }`, {
      v: data.partnerMember.version,
    }, DIRECTORY_ADMIN);
    expect(off.data?.updatePartnerMember).toEqual({ active: false });
    const next = await ask(gateways[1]!.url, CHILD, { id: pupil }, school);
    expect(next.status).toBe(403);
    expect(next.errors?.[0]?.message).toMatch(/no longer acts for/);
  });

  it('each gateway appended to a chain of its own, and the whole log verifies after they stop', async () => {
    const codes = await stopAll(gateways);
    expect(codes).toEqual([0, 0]);
    const client = new Client({ connectionString: database.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ chain: string; n: number }>(
        `SELECT chain, count(*)::int AS n FROM audit.access_log WHERE chain LIKE 'gateway.%' GROUP BY chain`,
      );
      expect(rows).toHaveLength(2);
      for (const r of rows) expect(r.n).toBeGreaterThan(3);
    } finally {
      await client.end();
    }
    const verified = await run('tools/dist/audit-verify.js', [], {
      DATABASE_URL: database.url,
      PRINCIPAL_SIGNING_KEY: SIGNING_KEY,
      AUDIT_CHECKPOINT_DIR: checkpointDir,
    });
    expect(verified.output).toContain('audit log whole');
    expect(verified.code).toBe(0);
  });

  it('every subgraph replica drains and exits 0 on SIGTERM', async () => {
    expect(await stopAll(Object.values(replicas).flat())).toEqual([0, 0, 0, 0, 0, 0]);
  });
});
