import { CHILD_RETENTION_RULES, SLICE_SCHEMA, UsageError, verifyAuditLog } from '@passerelle/common';
import { buildSchema, getNamedType, isObjectType, type GraphQLObjectType } from 'graphql';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { RETENTION_LOCK, runRetention, type RetentionReport } from '../tools/src/retention-job';
import { spreadOver25Years } from '../tools/src/retention-world';
import { seeded, startTestStack, type GraphQLResponse, type TestStack } from './support/stack';
import { SETUP_TIMEOUT_MS } from './support/timeouts';

/**
 * After care (issue 15): the retention job on a world whose files are spread over 25 years —
 * what it archives, eliminates and keeps, once and only once, resumable, alone — and, through the
 * gateway, what archiving does to every read of the département (nothing of an archived child
 * any more) and what the archivist reads of a person's file (everything, third parties masked).
 */

const CHILDREN = 160;
const TODAY = '2026-11-01';
const ARCHIVIST = { ...seeded('department', 'DEPARTMENT', 0, 0), scopes: ['audit:read', 'archive:read'] };
// With the adoption team's scope too, so that its lists (wardFiles…) are among those checked.
const MANAGER = seeded('department', 'DEPARTMENT', 0, 0, ['audit:read', 'adoption:team']);

/** The test's own connection to the world's database (one, for every check: the server is shared). */
let connection: Client;
async function sql<T>(_url: string, text: string, params: unknown[] = []): Promise<T[]> {
  return (await connection.query(text, params)).rows as T[];
}

/** Every table of the three schemas (and of the stored slices) whose rows (as text) mention this id. */
async function tablesMentioning(url: string, id: string): Promise<string[]> {
  const tables = await sql<{ t: string }>(
    url,
    `SELECT table_schema || '.' || table_name AS t FROM information_schema.tables
      WHERE table_schema IN ('cases', 'placements', 'partners', '${SLICE_SCHEMA}') AND table_type = 'BASE TABLE'`,
  );
  const found: string[] = [];
  for (const { t } of tables) {
    const [row] = await sql<{ n: string }>(url, `SELECT count(*) AS n FROM ${t} x WHERE x::text LIKE $1`, [`%${id}%`]);
    if (Number(row!.n) > 0) found.push(t);
  }
  return found;
}

const contract = buildSchema(readFileSync(path.join(__dirname, '..', 'schema', 'contracts', 'department.graphql'), 'utf8'));

/** Values for the required arguments of the département's root lists (placeholders filled from the world). */
const ARGUMENTS: Record<string, string> = {
  withinDays: '366',
  before: '"2036-01-01"',
  from: '"<FROM>"',
  facilityId: '"<FACILITY>"',
  week: '"<WEEK>"',
  name: '"<NAME>"',
  courtId: '"<COURT>"',
  days: '92',
};

/** A type whose rows are a child's (the département-slice test's rule). */
const childLinked = (type: GraphQLObjectType) => type.name === 'Child' || ['child', 'children', 'concern', 'visitRight'].some((f) => f in type.getFields());

/** Every root list of child-linked rows of the département's contract, with its required arguments given. */
const LISTS = Object.values(contract.getQueryType()!.getFields())
  .filter((f) => {
    const connection = getNamedType(f.type);
    const nodes = isObjectType(connection) ? connection.getFields().nodes : undefined;
    const node = nodes ? getNamedType(nodes.type) : undefined;
    // The audit log keeps its own term (ACCESS_LOG): who read an archived file stays answerable.
    return !!node && isObjectType(node) && childLinked(node) && !['auditLog', 'breakGlassGrants'].includes(f.name);
  })
  .map((f) => {
    const args = f.args.filter((a) => (String(a.type).endsWith('!') && a.defaultValue === undefined) || (f.name === 'searchChildren' && a.name === 'name') || (f.name === 'courtHearings' && ['days', 'courtId'].includes(a.name)));
    const given = ['first: 100', ...args.filter((a) => a.name !== 'first').map((a) => `${a.name}: ${ARGUMENTS[a.name] ?? '<MISSING>'}`)];
    return { field: f.name, query: `{ ${f.name}(${given.join(', ')}) { nodes { id } } }` };
  });

const codes = (r: GraphQLResponse) => (r.errors ?? []).map((e) => e.extensions?.code);

describe('retention: archive, eliminate, keep — and the person’s own file', () => {
  let stack: TestStack;
  let dry: RetentionReport;
  let done: RetentionReport;
  let archived: string[];
  /** Children the real run eliminated (gone from cases.child), with every row id they had. */
  let purged: string[];
  let rowsOfArchived: Set<string>;
  const db = <T>(text: string, params: unknown[] = []) => sql<T>(stack.databaseUrl, text, params);

  beforeAll(async () => {
    stack = await startTestStack({ children: CHILDREN, today: TODAY });
    connection = new Client({ connectionString: stack.databaseUrl });
    await connection.connect();
    await spreadOver25Years(stack.databaseUrl);
    const before = new Set((await db<{ id: string }>('SELECT id FROM cases.child')).map((r) => r.id));
    dry = await runRetention({ url: stack.databaseUrl, today: TODAY, dryRun: true, batchSize: 50 });
    // Resumable: one batch, then the rest in a second run that takes over.
    const first = await runRetention({ url: stack.databaseUrl, today: TODAY, dryRun: false, batchSize: 50, audit: stack.audit, maxBatches: 1 });
    expect(first.finished).toBe(false);
    const rest = await runRetention({ url: stack.databaseUrl, today: TODAY, dryRun: false, batchSize: 50, audit: stack.audit });
    expect(rest.resumed).toBe(true);
    expect(first.children + rest.children).toBe(CHILDREN);
    const sum = (a: Record<string, number>, b: Record<string, number>) =>
      Object.fromEntries([...new Set([...Object.keys(a), ...Object.keys(b)])].map((k) => [k, (a[k] ?? 0) + (b[k] ?? 0)]));
    done = { ...rest, archived: sum(first.archived, rest.archived), purged: sum(first.purged, rest.purged) };
    const after = new Set((await db<{ id: string }>('SELECT id FROM cases.child')).map((r) => r.id));
    purged = [...before].filter((id) => !after.has(id));
    archived = (await db<{ child_id: string }>('SELECT child_id FROM cases.archived_child')).map((r) => r.child_id);
    rowsOfArchived = new Set(
      (
        await db<{ id: string }>(
          `SELECT id FROM cases.child WHERE id = ANY($1)
           UNION ALL SELECT id FROM cases.measure WHERE child_id = ANY($1) UNION ALL SELECT id FROM cases.hearing WHERE child_id = ANY($1)
           UNION ALL SELECT id FROM cases.child_plan WHERE child_id = ANY($1) UNION ALL SELECT id FROM cases.situation_report WHERE child_id = ANY($1)
           UNION ALL SELECT id FROM cases.guardian WHERE child_id = ANY($1) UNION ALL SELECT id FROM cases.family_agreement WHERE child_id = ANY($1)
           UNION ALL SELECT id FROM cases.ward_file WHERE child_id = ANY($1)
           UNION ALL SELECT concern_id FROM cases.archived_concern
           UNION ALL SELECT id FROM placements.placement WHERE child_id = ANY($1) UNION ALL SELECT id FROM placements.visit_right WHERE child_id = ANY($1)
           UNION ALL SELECT id FROM placements.return_home_plan WHERE child_id = ANY($1)
           UNION ALL SELECT id FROM partners.enrollment WHERE child_id = ANY($1) UNION ALL SELECT id FROM partners.health_follow_up WHERE child_id = ANY($1)`,
          [archived],
        )
      ).map((r) => r.id),
    );
  }, SETUP_TIMEOUT_MS);
  afterAll(async () => {
    await connection?.end();
    await stack?.stop();
  });

  it('on files spread over 25 years, archives some, eliminates some, keeps the rest — exactly what the dry run said', () => {
    const total = (r: Record<string, number>) => Object.values(r).reduce((a, b) => a + b, 0);
    expect(total(dry.archived)).toBeGreaterThan(0);
    expect(total(dry.purged)).toBeGreaterThan(0);
    expect(total(dry.kept)).toBeGreaterThan(0);
    expect(done.archived).toEqual(dry.archived);
    expect(done.purged).toEqual(dry.purged);
    expect(purged).toHaveLength(total(dry.purged));
    expect(archived).toHaveLength(total(dry.archived));
    // Every family of the rules table was met.
    expect(Object.keys({ ...dry.archived, ...dry.purged, ...dry.kept }).sort()).toEqual(CHILD_RETENTION_RULES.map((r) => r.family).sort());
  });

  it('keeps what is open and what is recent; never eliminates a ward’s file', async () => {
    const wrong = await db<{ id: string; why: string }>(
      `SELECT a.child_id AS id, 'open measure' AS why FROM cases.archived_child a JOIN cases.measure m ON m.child_id = a.child_id WHERE m.status NOT IN ('ENDED', 'LIFTED')
       UNION ALL SELECT a.child_id, 'open placement' FROM placements.archived_child a JOIN placements.placement p ON p.child_id = a.child_id WHERE p.end_date IS NULL
       UNION ALL SELECT a.child_id, 'measure ended within 2 years' FROM cases.archived_child a JOIN cases.measure m ON m.child_id = a.child_id
                 WHERE GREATEST(m.ended_on, m.lifted_at) > $1::date - interval '2 years'
       UNION ALL SELECT a.child_id, 'placement ended within 2 years' FROM placements.archived_child a JOIN placements.placement p ON p.child_id = a.child_id
                 WHERE p.end_date > $1::date - interval '2 years'`,
      [TODAY],
    );
    expect(wrong).toEqual([]);
    const wards = await db<{ n: string }>(
      `SELECT count(*) AS n FROM cases.archived_child WHERE family = 'WARD_FILE'`,
    );
    expect(Number(wards[0]!.n)).toBe(dry.archived.WARD_FILE ?? 0);
    expect(dry.purged.WARD_FILE ?? 0).toBe(0);
    // The three schemas agree on who is archived.
    for (const schema of ['placements', 'partners']) {
      const [{ n }] = (await db<{ n: string }>(`SELECT count(*) AS n FROM ${schema}.archived_child WHERE NOT (child_id = ANY($1))`, [archived])) as [{ n: string }];
      expect({ schema, n: Number(n) }).toEqual({ schema, n: 0 });
    }
  });

  it('an eliminated child leaves nothing in any schema, not even its id', async () => {
    expect(purged.length).toBeGreaterThan(0);
    for (const id of purged.slice(0, 4)) expect({ id, tables: await tablesMentioning(stack.databaseUrl, id) }).toEqual({ id, tables: [] });
  });

  it('runs once: a second run finds nothing to do; a run while another holds the lock does nothing and says so', async () => {
    const again = await runRetention({ url: stack.databaseUrl, today: TODAY, dryRun: false, batchSize: 50, audit: stack.audit });
    expect(again.resumed).toBe(false);
    expect(again.archived).toEqual({});
    expect(again.purged).toEqual({});
    const holder = new Client({ connectionString: stack.databaseUrl });
    await holder.connect();
    try {
      await holder.query('SELECT pg_advisory_lock($1)', [RETENTION_LOCK]);
      await expect(runRetention({ url: stack.databaseUrl, today: '2040-01-01', dryRun: false, audit: stack.audit })).rejects.toBeInstanceOf(UsageError);
    } finally {
      await holder.end();
    }
    expect(await db('SELECT 1 FROM retention.run WHERE today = $1', ['2040-01-01'])).toEqual([]);
  });

  it('audits each archive (with the children, still there) and each elimination (counts only, no id), in a chain that verifies', async () => {
    const records = await db<{ operation_type: string; children: string[]; detail: Record<string, unknown> }>(
      `SELECT operation_type, children, detail FROM audit.access_log WHERE kind = 'retention' ORDER BY at`,
    );
    const archives = records.filter((r) => r.operation_type === 'archive' && r.children.length > 0);
    expect(archives.flatMap((r) => r.children).sort()).toEqual([...archived].sort());
    const purges = records.filter((r) => r.operation_type === 'purge');
    expect(purges.reduce((n, r) => n + Number(r.detail.children ?? 0), 0)).toBe(purged.length);
    const text = JSON.stringify(purges);
    expect(purged.filter((id) => text.includes(id))).toEqual([]);
    expect(purges.every((r) => r.children.length === 0)).toBe(true);
    const report = await verifyAuditLog(stack.databaseUrl, { keys: stack.audit.keys, checkpointDir: stack.audit.checkpointDir });
    expect(report.problems).toEqual([]);
  });

  it('guards only columns that are never NULL, so that its NOT EXISTS keeps exactly the rows NOT IN kept', async () => {
    // notArchived / notAmong (common/src/retention/archived.ts) are anti-joins: `NOT IN` would
    // drop a row whose column is NULL once anything is archived, `NOT EXISTS` would keep it. Every
    // column they guard is one of these, on a table of the three schemas: none may be NULL (the
    // measure's concern, which no archive condition reads, aside).
    const nullable = await db<{ c: string }>(
      `SELECT c.table_schema || '.' || c.table_name || '.' || c.column_name AS c
         FROM information_schema.columns c JOIN information_schema.tables t USING (table_schema, table_name)
        WHERE c.table_schema IN ('cases', 'placements', 'partners') AND t.table_type = 'BASE TABLE' AND c.is_nullable = 'YES'
          AND c.column_name IN ('id', 'child_id', 'concern_id', 'plan_id', 'objective_id', 'visit_right_id')
        ORDER BY 1`,
    );
    expect(nullable.map((r) => r.c)).toEqual(['cases.measure.concern_id']);
  });

  it('every list of the département, and every read by id, leaves an archived child’s rows out', async () => {
    expect(LISTS.length).toBeGreaterThan(5);
    expect(LISTS.filter((l) => l.query.includes('<MISSING>'))).toEqual([]);
    const [busiest] = await db<{ facility: string; week: string }>(
      `SELECT p.facility_id AS facility, to_char(date_trunc('week', v.planned_on), 'YYYY-MM-DD') AS week
         FROM placements.visit v JOIN placements.visit_right r ON r.id = v.visit_right_id JOIN placements.placement p ON p.child_id = r.child_id
         JOIN placements.archived_child a ON a.child_id = r.child_id GROUP BY 1, 2 ORDER BY count(*) DESC LIMIT 1`,
    );
    const [court] = await db<{ court: string; from: string }>(
      `SELECT h.court_id AS court, to_char(min(h.scheduled_at), 'YYYY-MM-DD') AS from FROM cases.hearing h JOIN cases.archived_child a ON a.child_id = h.child_id
        GROUP BY 1 ORDER BY count(*) DESC LIMIT 1`,
    );
    const [name] = await db<{ last_name: string }>('SELECT last_name FROM cases.child WHERE id = $1', [archived[0]]);
    for (const { field, query } of LISTS) {
      const filled = query
        .replace('<FACILITY>', busiest?.facility ?? '00000000-0000-4000-8000-000000000000')
        .replace('<WEEK>', busiest?.week ?? '2026-11-02')
        .replace('<COURT>', court?.court ?? '00000000-0000-4000-8000-000000000000')
        .replace('<FROM>', court?.from ?? '2020-01-01')
        .replace('<NAME>', name!.last_name);
      const result = await stack.query<any>(filled, {}, MANAGER);
      expect({ field, errors: result.errors }).toEqual({ field, errors: undefined });
      const leaked = (result.data[field].nodes as { id: string }[]).map((n) => n.id).filter((id) => rowsOfArchived.has(id));
      expect({ field, leaked }).toEqual({ field, leaked: [] });
    }
    // Every child, page after page.
    const seen: string[] = [];
    let after: string | null = null;
    do {
      const page: GraphQLResponse<any> = await stack.query<any>(`query ($after: String) { children(first: 100, after: $after) { nodes { id } pageInfo { hasNextPage endCursor } } }`, { after }, MANAGER);
      seen.push(...page.data.children.nodes.map((n: { id: string }) => n.id));
      after = page.data.children.pageInfo.hasNextPage ? page.data.children.pageInfo.endCursor : null;
    } while (after);
    expect(seen.filter((id) => archived.includes(id))).toEqual([]);
    expect(seen.length).toBe(CHILDREN - purged.length - archived.length);
    const child = archived[0]!;
    // An archived child is read as one that does not exist: the same answer, word for word.
    const NOBODY = '00000000-0000-4000-8000-000000000000';
    const byId = await stack.query<any>(`query ($id: ID!) { child(id: $id) { id } }`, { id: child }, MANAGER);
    const nobody = await stack.query<any>(`query ($id: ID!) { child(id: $id) { id } }`, { id: NOBODY }, MANAGER);
    expect(byId.data?.child ?? null).toBeNull();
    expect(JSON.stringify(byId).split(child).join('<id>')).toBe(JSON.stringify(nobody).split(NOBODY).join('<id>'));
    const [placement] = await db<{ id: string }>('SELECT p.id FROM placements.placement p JOIN placements.archived_child a ON a.child_id = p.child_id LIMIT 1');
    if (placement) {
      const read = await stack.query<any>(`query ($id: ID!) { placement(id: $id) { id } }`, { id: placement.id }, MANAGER);
      expect(read.data?.placement ?? null).toBeNull();
    }
    // A school no longer sees its archived pupils either.
    const [pupil] = await db<{ child_id: string; school_id: string }>(
      `SELECT e.child_id, e.school_id FROM partners.enrollment e JOIN partners.archived_child a ON a.child_id = e.child_id LIMIT 1`,
    );
    if (pupil) {
      const school = { audience: 'school' as const, partnerId: pupil.school_id, sub: 'member' };
      const read = await stack.query<any>(`query ($id: ID!) { child(id: $id) { id } }`, { id: pupil.child_id }, school);
      expect(read.data?.child ?? null).toBeNull();
    }
  });

  const FILE = `query ($id: ID!) { personalFile(childId: $id) { childId archived
      cases { table id fields { name value masked } }
      placements { table id fields { name value masked } }
      partners { table id fields { name value masked } } } }`;

  it('the archivist reads a former child’s whole file across the three subgraphs, archive included, the sender of a concern masked', async () => {
    const [child] = await db<{ child_id: string }>(
      `SELECT a.child_id FROM cases.archived_child a
        WHERE EXISTS (SELECT 1 FROM cases.concern_child cc JOIN cases.concern c ON c.id = cc.concern_id WHERE cc.child_id = a.child_id AND c.source_person_name IS NOT NULL)
        ORDER BY (SELECT count(*) FROM placements.placement p WHERE p.child_id = a.child_id) DESC LIMIT 1`,
    );
    expect(child).toBeTruthy();
    const id = child!.child_id;
    const result = await stack.query<any>(FILE, { id }, ARCHIVIST);
    expect(result.errors).toBeUndefined();
    const file = result.data.personalFile;
    expect(file).toMatchObject({ childId: id, archived: true });
    const tables = new Set([...file.cases, ...file.placements, ...file.partners].map((r: { table: string }) => r.table));
    expect([...tables]).toEqual(expect.arrayContaining(['cases.child', 'cases.concern', 'cases.measure']));
    const [expectedPlacements] = await db<{ n: string }>('SELECT count(*) AS n FROM placements.placement WHERE child_id = $1', [id]);
    expect(file.placements.filter((r: { table: string }) => r.table === 'placements.placement')).toHaveLength(Number(expectedPlacements!.n));
    // The concern's sender: listed as masked, no value; the raw name appears nowhere in the answer.
    const concerns = file.cases.filter((r: { table: string }) => r.table === 'cases.concern');
    const [sender] = await db<{ name: string }>(
      `SELECT c.source_person_name AS name FROM cases.concern c JOIN cases.concern_child cc ON cc.concern_id = c.id WHERE cc.child_id = $1 AND c.source_person_name IS NOT NULL LIMIT 1`,
      [id],
    );
    for (const concern of concerns) {
      const field = (name: string) => concern.fields.find((f: { name: string }) => f.name === name);
      expect(field('source_person_name')?.value ?? null).toBeNull();
      expect(field('source_partner_id')?.value ?? null).toBeNull();
      expect(field('unmatched_child_ids')).toBeUndefined();
    }
    expect(concerns.some((c: any) => c.fields.some((f: any) => f.name === 'source_person_name' && f.masked))).toBe(true);
    expect(JSON.stringify(result.data)).not.toContain(sender!.name);
    // Parents' contact details are a third party's: masked.
    const guardian = file.cases.find((r: { table: string }) => r.table === 'cases.guardian');
    if (guardian) expect(guardian.fields.find((f: { name: string }) => f.name === 'phone')?.value ?? null).toBeNull();
  });

  it('without the archivist’s scope: FORBIDDEN and nothing read, in each subgraph; outside the département, not in the contract', async () => {
    const id = archived[0]!;
    const manager = await stack.query<any>(FILE, { id }, MANAGER);
    expect(manager.data?.personalFile ?? null).toBeNull();
    expect(codes(manager)).toContain('FORBIDDEN');
    // Straight to the placements subgraph, signed as the gateway would for a manager: refused there too.
    const principal = {
      sub: MANAGER.sub, partnerId: MANAGER.partnerId, audience: 'department' as const, scopes: ['audit:read'],
      department: { role: 'MANAGER' as const, teamId: null, communes: [] },
    };
    const direct = await stack.querySubgraph<any>(
      'placements',
      `query ($r: [_Any!]!) { _entities(representations: $r) { ... on PersonalFile { placements { id } } } }`,
      { r: [{ __typename: 'PersonalFile', childId: id }] },
      principal as never,
    );
    expect(codes(direct)).toContain('FORBIDDEN');
    const judge = await stack.query<any>(FILE, { id }, seeded('judge', 'COURT', 0, 0, ['archive:read']));
    expect(judge.status).toBe(400);
    const missing = await stack.query<any>(FILE, { id: purged[0] }, ARCHIVIST);
    expect(codes(missing)).toEqual(['NOT_FOUND']);
  });

  it('the archivist’s reading is audited like any read of the child', async () => {
    const id = archived[1]!;
    expect((await stack.query<any>(`query ($id: ID!) { personalFile(childId: $id) { childId cases { id } } }`, { id }, ARCHIVIST)).errors).toBeUndefined();
    // The gateway appends its record as the answer leaves: poll for it.
    let n = 0;
    for (let i = 0; i < 100 && n === 0; i++) {
      n = Number((await db<{ n: string }>(`SELECT count(*) AS n FROM audit.access_log WHERE $1 = ANY(children) AND operation_type = 'query'`, [id]))[0]!.n);
      if (n === 0) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(n).toBeGreaterThan(0);
  });
});
