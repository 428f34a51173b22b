import { verifyAuditChain } from '@passerelle/common';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { Client } from 'pg';
import { seeded, startTestStack, type TestStack } from './support/stack';
import { SETUP_TIMEOUT_MS } from './support/timeouts';

async function sql<T extends object = Record<string, unknown>>(url: string, text: string, params: unknown[] = [], options?: string): Promise<T[]> {
  const client = new Client({ connectionString: url, options });
  await client.connect();
  try {
    return (await client.query(text, params)).rows as T[];
  } finally {
    await client.end();
  }
}

describe('the audit trail', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack({ children: 30 });
  }, SETUP_TIMEOUT_MS);
  afterAll(() => stack?.stop());

  it('records who read which children’s data, for which institution, with the operation and its categories', async () => {
    const result = await stack.query<{ children: { nodes: { id: string }[] } }>(
      `query PupilsAndSchools { children(first: 5) { nodes { id lastName enrollments { nodes { classLevel } } } } }`,
      {},
      seeded('school', 'SCHOOL', 1),
    );
    expect(result.errors).toBeUndefined();
    expect(JSON.stringify(result)).not.toContain('passerelle"'); // the subgraphs' audit extension stays inside
    const ids = result.data!.children.nodes.map((c) => c.id).sort();
    const [record] = await sql<{ member: string; partner_id: string; audience: string; operation_name: string; operation_type: string; document_hash: string; children: string[]; categories: string[]; outcome: string }>(
      stack.databaseUrl,
      `SELECT * FROM audit.access_log WHERE operation_name = 'PupilsAndSchools' ORDER BY seq DESC LIMIT 1`,
    );
    expect(record).toMatchObject({
      member: seeded('school', 'SCHOOL', 1).sub,
      partner_id: seeded('school', 'SCHOOL', 1).partnerId,
      audience: 'school',
      operation_type: 'query',
      outcome: 'ok',
      categories: ['CHILD_IDENTITY', 'SCHOOLING'],
    });
    expect(record!.document_hash).toMatch(/^[0-9a-f]{64}$/);
    expect([...record!.children].sort()).toEqual(ids);
  });

  it('records refusals too, with their code', async () => {
    await stack.query(`query Bad { child(id: "00000000-0000-4000-8000-000000000000") { id } }`);
    const [record] = await sql<{ outcome: string }>(stack.databaseUrl, `SELECT outcome FROM audit.access_log WHERE operation_name = 'Bad'`);
    expect(record!.outcome).toBe('error:NOT_FOUND');
  });

  it('the services’ role may append but not change or remove a record', async () => {
    await expect(sql(stack.databaseUrl, `UPDATE audit.access_log SET member = 'x'`, [], '-c role=passerelle_audit_writer')).rejects.toThrow(/permission denied/);
    await expect(sql(stack.databaseUrl, `DELETE FROM audit.access_log`, [], '-c role=passerelle_audit_writer')).rejects.toThrow(/permission denied/);
  });

  it('even the owner is refused an UPDATE, DELETE or TRUNCATE', async () => {
    await expect(sql(stack.databaseUrl, `UPDATE audit.access_log SET member = 'x'`)).rejects.toThrow(/append-only/);
    await expect(sql(stack.databaseUrl, `DELETE FROM audit.access_log`)).rejects.toThrow(/append-only/);
    await expect(sql(stack.databaseUrl, `TRUNCATE audit.access_log`)).rejects.toThrow(/append-only/);
  });

  it('the chain is whole; audit:verify finds the first broken link after a record is altered, then removed', async () => {
    for (let i = 0; i < 3; i++) await stack.query(`query Again${i} { children(first: 1) { nodes { id } } }`);
    const whole = await verifyAuditChain(stack.databaseUrl);
    expect(whole.broken).toBeNull();
    expect(whole.records).toBeGreaterThanOrEqual(5);

    const cli = (url: string) =>
      spawnSync(process.execPath, [path.resolve(__dirname, '../tools/dist/audit-verify.js')], {
        env: { ...process.env, DATABASE_URL: url },
        encoding: 'utf8',
      });
    expect(cli(stack.databaseUrl)).toMatchObject({ status: 0, stdout: expect.stringMatching(/audit log whole: \d+ records/) });

    const [second] = await sql<{ seq: string }>(stack.databaseUrl, `SELECT seq FROM audit.access_log ORDER BY seq LIMIT 1 OFFSET 1`);
    // Tampering takes a superuser switching triggers off: exactly what the chain is there to reveal.
    await sql(stack.databaseUrl, `SET session_replication_role = replica; UPDATE audit.access_log SET member = 'someone-else' WHERE seq = ${second!.seq}`);
    expect((await verifyAuditChain(stack.databaseUrl)).broken).toEqual({ seq: Number(second!.seq), reason: expect.stringMatching(/altered/) });
    const altered = cli(stack.databaseUrl);
    expect(altered.status).toBe(1);
    expect(altered.stdout).toContain(`BROKEN at record ${second!.seq}`);

    await sql(stack.databaseUrl, `SET session_replication_role = replica; DELETE FROM audit.access_log WHERE seq = ${second!.seq}`);
    const [third] = await sql<{ seq: string }>(stack.databaseUrl, `SELECT seq FROM audit.access_log WHERE seq > ${second!.seq} ORDER BY seq LIMIT 1`);
    expect((await verifyAuditChain(stack.databaseUrl)).broken).toEqual({ seq: Number(third!.seq), reason: expect.stringMatching(/removed/) });
  });
});

describe('who accessed a child’s file', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack({ children: 40 });
  }, SETUP_TIMEOUT_MS);
  afterAll(() => stack?.stop());

  const MANAGER = { ...seeded('department', 'DEPARTMENT', 0, 1), scopes: ['audit:read'] };
  const LOG = `query Log($first: Int!) {
    children(first: $first) { nodes { id accessLog(first: 5) { nodes { member audience operationName categories partner { id name } } } } }
  }`;

  it('answers a department manager in one query: who, when, for which institution', async () => {
    const school = seeded('school', 'SCHOOL', 1);
    const read = await stack.query<{ children: { nodes: { id: string }[] } }>(
      `query SchoolLooks { children(first: 3) { nodes { id lastName } } }`,
      {},
      school,
    );
    const looked = read.data!.children.nodes.map((c) => c.id);
    const log = await stack.query<any>(LOG, { first: 40 }, MANAGER);
    expect(log.errors).toBeUndefined();
    const lookedAt = log.data.children.nodes.filter((c: any) => looked.includes(c.id));
    expect(looked.length).toBeGreaterThan(0);
    expect(lookedAt).toHaveLength(looked.length);
    for (const child of lookedAt) {
      expect(child.accessLog.nodes).toContainEqual({
        member: school.sub,
        audience: 'school',
        operationName: 'SchoolLooks',
        categories: ['CHILD_IDENTITY'],
        partner: { id: school.partnerId, name: expect.any(String) },
      });
    }
  });

  it('costs one statement for the log of 10 children as for 40', async () => {
    stack.resetStatements();
    await stack.query(LOG, { first: 10 }, MANAGER);
    const ten = stack.statements().cases;
    stack.resetStatements();
    await stack.query(LOG, { first: 40 }, MANAGER);
    expect(stack.statements().cases).toBe(ten);
    expect(ten).toBe(2); // the children page, then every child's log in one statement
  });

  it('is refused to a caseworker without the audit:read scope: null with FORBIDDEN, the rest arrives', async () => {
    const result = await stack.query<any>(LOG, { first: 2 });
    expect(result.data.children.nodes).toHaveLength(2);
    expect(result.data.children.nodes[0].accessLog).toBeNull();
    expect(result.errors?.[0]).toMatchObject({ path: ['children', 'nodes', 0, 'accessLog'], extensions: { code: 'FORBIDDEN' } });
  });

  it('is refused by the subgraph itself to a principal without the scope (defense in depth)', async () => {
    const query = `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Child { accessLog { nodes { member } } } } }`;
    const child = (await stack.query<any>(`{ children(first: 1) { nodes { id } } }`)).data.children.nodes[0].id;
    const result = await stack.querySubgraph<any>('cases', query, { r: [{ __typename: 'Child', id: child }] }, {
      ...seeded('department', 'DEPARTMENT'),
      scopes: [],
    });
    expect(result.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('does not exist for a school', async () => {
    const result = await stack.query(LOG, { first: 2 }, seeded('school', 'SCHOOL', 0));
    expect(result.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });
});
