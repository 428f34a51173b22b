import { verifyAuditLog } from '@passerelle/common';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { Client } from 'pg';
import { partnerId } from '@passerelle/common';
import { signDevToken } from '@passerelle/gateway';
import { seeded, startTestStack, tokenFor, type TestStack } from './support/stack';
import { SETUP_TIMEOUT_MS } from './support/timeouts';

async function sql<T extends object = Record<string, unknown>>(url: string, text: string, params: unknown[] = [], options?: string, setup?: string): Promise<T[]> {
  const client = new Client({ connectionString: url, options });
  await client.connect();
  try {
    if (setup) await client.query(setup);
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

  it('withholds the answer when its record cannot be written: no data, no partial result, a code saying why', async () => {
    const query = `query PupilsWithheld { children(first: 5) { nodes { id lastName } } }`;
    const school = seeded('school', 'SCHOOL', 1);
    const append = jest.spyOn(stack.auditWriter, 'append');
    try {
      // The database unreachable: retry later.
      append.mockRejectedValueOnce(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }));
      const down = await stack.query<any>(query, {}, school);
      expect(down.data ?? null).toBeNull();
      expect(down.errors?.map((e) => e.extensions?.code)).toEqual(['SERVICE_UNAVAILABLE']);
      // Any other failure (a record the database refuses).
      append.mockRejectedValueOnce(new Error('new row violates check constraint'));
      const refused = await stack.query<any>(query, {}, school);
      expect(refused.data ?? null).toBeNull();
      expect(refused.errors?.map((e) => e.extensions?.code)).toEqual(['INTERNAL_SERVER_ERROR']);
      // Neither tells what failed, nor carries anything of the rows it would have answered.
      for (const answer of [down, refused]) {
        const text = JSON.stringify(answer);
        expect(text).not.toMatch(/ECONNREFUSED|5432|constraint|lastName|"nodes"/);
      }
      // A request refused before GraphQL (no token) is recorded by the HTTP front: unrecorded, it is not answered either.
      append.mockRejectedValueOnce(new Error('connection terminated'));
      const anonymous = await stack.query<any>(query, {}, { token: null });
      expect(anonymous.status).toBe(503);
      expect(anonymous.errors?.map((e) => e.extensions?.code)).toEqual(['SERVICE_UNAVAILABLE']);
    } finally {
      append.mockRestore();
    }
    // The writer itself was never broken: the next request is answered and recorded.
    const after = await stack.query<any>(query, {}, school);
    expect(after.errors).toBeUndefined();
    expect(after.data.children.nodes.length).toBeGreaterThan(0);
  });

  it('records refusals too, with their code', async () => {
    await stack.query(`query Bad { child(id: "00000000-0000-4000-8000-000000000000") { id } }`);
    const [record] = await sql<{ outcome: string }>(stack.databaseUrl, `SELECT outcome FROM audit.access_log WHERE operation_name = 'Bad'`);
    expect(record!.outcome).toBe('error:NOT_FOUND');
  });

  interface Row {
    member: string;
    partner_id: string;
    audience: string;
    verified: boolean;
    claims: Record<string, unknown> | null;
    operation_name: string | null;
    operation_type: string;
    children: string[];
    categories: string[];
    outcome: string;
  }
  const newest = async (where: string, params: unknown[] = []) =>
    (await sql<Row>(stack.databaseUrl, `SELECT * FROM audit.access_log WHERE ${where} ORDER BY seq DESC LIMIT 1`, params))[0];
  const post = async (body: string, headers: Record<string, string> = {}) => {
    const response = await fetch(stack.gateway.url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
    return { status: response.status, body: await response.text() };
  };

  it('records a request without a token, and one with a token signed with another key, as unverified claims', async () => {
    const none = await stack.query(`query NoToken { children(first: 1) { nodes { id lastName } } }`, {}, { token: null });
    expect(none.status).toBe(401);
    expect(await newest(`operation_name = 'NoToken'`)).toMatchObject({
      member: '', verified: false, claims: null, operation_type: 'query', outcome: 'error:UNAUTHENTICATED', children: [], categories: ['CHILD_IDENTITY'],
    });
    const school = seeded('school', 'SCHOOL', 1);
    const forged = await signDevToken({
      audience: 'department', partnerId: school.partnerId, sub: school.sub, secret: 'another-secret-another-secret-another-secret', issuer: 'passerelle-dev', tokenAudience: 'passerelle',
    });
    const bad = await stack.query(`query Forged { children(first: 1) { nodes { id } } }`, {}, { token: forged });
    expect(bad.status).toBe(401);
    expect(await newest(`operation_name = 'Forged'`)).toMatchObject({
      member: school.sub, partner_id: school.partnerId, audience: 'department', verified: false,
      claims: expect.objectContaining({ sub: school.sub, partner_id: school.partnerId, audience: 'department', iss: 'passerelle-dev' }),
      outcome: 'error:UNAUTHENTICATED',
    });
  });

  it('records an expired token (unverified) and an audience that does not match the institution (verified, refused)', async () => {
    const school = seeded('school', 'SCHOOL', 1);
    const expired = await tokenFor(school, -60);
    expect((await stack.query(`query Expired { children(first: 1) { nodes { id } } }`, {}, { token: expired })).status).toBe(401);
    expect(await newest(`operation_name = 'Expired'`)).toMatchObject({ member: school.sub, verified: false, outcome: 'error:UNAUTHENTICATED' });
    const wrongAudience = { ...school, audience: 'judge' as const };
    expect((await stack.query(`query WrongAudience { children(first: 1) { nodes { id } } }`, {}, wrongAudience)).status).toBe(403);
    expect(await newest(`operation_name = 'WrongAudience'`)).toMatchObject({ member: school.sub, audience: 'judge', verified: true, outcome: 'error:FORBIDDEN' });
  });

  it('records operations refused by the contract, by validation and before parsing, and introspection', async () => {
    const school = seeded('school', 'SCHOOL', 1);
    await stack.query(`query Outside { children(first: 1) { nodes { placements { nodes { id } } } } }`, {}, school);
    expect(await newest(`operation_name = 'Outside'`)).toMatchObject({ audience: 'school', verified: true, outcome: 'error:GRAPHQL_VALIDATION_FAILED', children: [] });
    await stack.query(`query Broken { children(first: `, {}, school);
    expect(await newest(`member = $1 AND operation_type = 'unknown'`, [school.sub])).toMatchObject({ verified: true, outcome: 'error:GRAPHQL_PARSE_FAILED' });
    await stack.query(`query Peek { __schema { types { name } } }`, {}, school);
    expect(await newest(`operation_name = 'Peek'`)).toMatchObject({ audience: 'school', operation_type: 'query', outcome: 'ok', categories: [] });
    const notJson = await post('{"query": ', { authorization: `Bearer ${await tokenFor(school)}` });
    expect(notJson.status).toBe(400);
    expect(await newest(`member = $1 AND outcome LIKE 'error:HTTP_400%'`, [school.sub])).toMatchObject({ verified: false, operation_type: 'unknown' });
  });

  it('records the children a concern names when it is submitted (a write), and when it is read', async () => {
    const [a, b] = (await stack.query<any>(`{ children(first: 2) { nodes { id } } }`)).data.children.nodes.map((c: any) => c.id);
    const submitted = await stack.query<any>(
      `mutation SubmitIt($input: SubmitConcernInput!) { submitConcern(input: $input) { id } }`,
      { input: { channel: 'TRANSFER_119', sourceKind: 'SNATED', sourcePartnerId: partnerId('SNATED', 0), urgency: 'URGENT', content: 'Un appel au 119 au sujet de deux enfants.', childIds: [a, b] } },
      seeded('snated', 'SNATED', 0),
    );
    expect(submitted.errors).toBeUndefined();
    const write = await newest(`operation_name = 'SubmitIt'`);
    expect(write).toMatchObject({ operation_type: 'mutation', outcome: 'ok' });
    expect([...write!.children].sort()).toEqual([a, b].sort());
    await stack.query(`query ReadIt($id: ID!) { concern(id: $id) { content } }`, { id: submitted.data.submitConcern.id });
    expect([...(await newest(`operation_name = 'ReadIt'`))!.children].sort()).toEqual([a, b].sort());
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

  it('the chain is whole under the key and its checkpoints; audit:verify says so, and finds an altered record', async () => {
    for (let i = 0; i < 3; i++) await stack.query(`query Again${i} { children(first: 1) { nodes { id } } }`);
    await stack.auditWriter.checkpoint();
    const options = { keys: stack.audit.keys, checkpointDir: stack.audit.checkpointDir };
    const whole = await verifyAuditLog(stack.databaseUrl, options);
    expect(whole.problems).toEqual([]);
    expect(whole.records).toBeGreaterThanOrEqual(5);

    const cli = () =>
      spawnSync(process.execPath, [path.resolve(__dirname, '../tools/dist/audit-verify.js')], {
        env: { ...process.env, DATABASE_URL: stack.databaseUrl, PRINCIPAL_SIGNING_KEY: stack.signingKey, AUDIT_CHECKPOINT_DIR: path.dirname(stack.audit.checkpointDir) },
        encoding: 'utf8',
      });
    expect(cli()).toMatchObject({ status: 0, stdout: expect.stringMatching(/audit log whole/) });

    const [second] = await sql<{ chain_seq: string }>(stack.databaseUrl, `SELECT chain_seq FROM audit.access_log ORDER BY seq LIMIT 1 OFFSET 1`);
    // Tampering takes a superuser switching triggers off: exactly what the chain is there to reveal.
    await sql(stack.databaseUrl, `UPDATE audit.access_log SET member = 'someone-else' WHERE chain_seq = ${second!.chain_seq}`, [], undefined, 'SET session_replication_role = replica');
    expect((await verifyAuditLog(stack.databaseUrl, options)).problems).toEqual([
      expect.objectContaining({ kind: 'mac-mismatch', seq: Number(second!.chain_seq) }),
    ]);
    const altered = cli();
    expect(altered.status).toBe(1);
    expect(altered.stdout).toContain('audit log TAMPERED');
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

  const DPO = { ...seeded('department', 'DEPARTMENT', 0, 1), scopes: ['audit:read', 'audit:dpo'] };
  const SEARCH = `query Search($filter: AuditLogFilter, $first: Int!, $after: String) {
    auditLog(filter: $filter, first: $first, after: $after) {
      nodes { member audience verified operationName operationType children categories outcome partner { id } }
      pageInfo { hasNextPage endCursor }
    }
  }`;

  it('the data-protection officer searches the whole log by member, institution and period, a page at a time', async () => {
    const judge = seeded('judge', 'COURT', 0);
    const since = new Date(Date.now() - 1000).toISOString();
    for (let i = 0; i < 3; i++) await stack.query(`query JudgeLooks${i} { children(first: 2) { nodes { id } } }`, {}, judge);
    const first = await stack.query<any>(SEARCH, { filter: { member: judge.sub, since }, first: 2 }, DPO);
    expect(first.errors).toBeUndefined();
    expect(first.data.auditLog.nodes.map((n: any) => n.operationName)).toEqual(['JudgeLooks2', 'JudgeLooks1']);
    expect(first.data.auditLog.nodes[0]).toMatchObject({ member: judge.sub, audience: 'judge', verified: true, partner: { id: judge.partnerId }, outcome: 'ok' });
    expect(first.data.auditLog.pageInfo.hasNextPage).toBe(true);
    const next = await stack.query<any>(SEARCH, { filter: { member: judge.sub, since }, first: 2, after: first.data.auditLog.pageInfo.endCursor }, DPO);
    expect(next.data.auditLog.nodes.map((n: any) => n.operationName)).toEqual(['JudgeLooks0']);
    expect(next.data.auditLog.pageInfo.hasNextPage).toBe(false);
    const byPartner = await stack.query<any>(SEARCH, { filter: { partnerId: judge.partnerId, since }, first: 10 }, DPO);
    expect(byPartner.data.auditLog.nodes).toHaveLength(3);
    const before = await stack.query<any>(SEARCH, { filter: { member: judge.sub, until: since }, first: 10 }, DPO);
    expect(before.data.auditLog.nodes.filter((n: any) => /^JudgeLooks/.test(n.operationName))).toEqual([]);
  });

  it('reading the log is itself recorded', async () => {
    await stack.query(SEARCH, { filter: { member: 'nobody' }, first: 1 }, DPO);
    const [record] = await sql<{ member: string; categories: string[]; outcome: string }>(
      stack.databaseUrl,
      `SELECT member, categories, outcome FROM audit.access_log WHERE operation_name = 'Search' ORDER BY seq DESC LIMIT 1`,
    );
    expect(record).toMatchObject({ member: DPO.sub, outcome: 'ok', categories: expect.arrayContaining(['AUDIT_LOG', 'AUDIT_SEARCH']) });
  });

  it('the search is refused to a manager without the audit:dpo scope (null, FORBIDDEN) and does not exist for a school', async () => {
    const manager = await stack.query<any>(SEARCH, { first: 1 }, MANAGER);
    expect(manager.data?.auditLog ?? null).toBeNull();
    expect(manager.errors?.[0]).toMatchObject({ path: ['auditLog'], extensions: { code: 'FORBIDDEN' } });
    const school = await stack.query<any>(SEARCH, { first: 1 }, seeded('school', 'SCHOOL', 0));
    expect(school.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('does not exist for a school', async () => {
    const result = await stack.query(LOG, { first: 2 }, seeded('school', 'SCHOOL', 0));
    expect(result.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });
});
