import { InMemorySpanExporter, partnerId, type ReadableSpan } from '@passerelle/common';
import { DEPARTMENT, seeded, startTestStack, type TestStack } from './support/stack';
import { SETUP_TIMEOUT_MS } from './support/timeouts';

/**
 * What an operator sees of a running platform: JSON logs with the request's trace id across the
 * four services and no personal data in them at any level, and Prometheus metrics on each service.
 */
const METRICS_TOKEN = 'metrics-token-for-the-test-0123456789';
const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const SCHOOL = seeded('school', 'SCHOOL');

// What the workload writes: each value is personal data and must never reach a log line.
const WRITTEN = {
  firstNames: 'Anatolie',
  lastName: 'Quermeur-Bizien',
  birthDate: '2016-07-19',
  sourcePersonName: 'Mme Kerjean-Lossec, directrice',
  content: 'Anatolie raconte que son beau-père la frappe avec une ceinture le soir.',
};

/** The value of the series `name` whose labels include `labels` (in any order), or undefined. */
function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  for (const line of text.split('\n')) {
    const match = /^([a-z_]+)\{(.*)\} (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const found = Object.fromEntries([...match[2]!.matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]));
    if (Object.entries(labels).every(([key, value]) => found[key] === value)) return Number(match[3]);
  }
  return undefined;
}

describe('observability: logs and metrics', () => {
  let stack: TestStack;
  const lines: string[] = [];
  const spans = new InMemorySpanExporter();
  beforeAll(async () => {
    stack = await startTestStack({
      children: 40,
      logs: { level: 'debug', sink: { write: (line) => void lines.push(line) } },
      metricsToken: METRICS_TOKEN,
      tracing: { exporter: spans },
    });
  }, SETUP_TIMEOUT_MS);
  afterAll(() => stack?.stop());

  const parsed = () => lines.map((line) => JSON.parse(line) as Record<string, unknown>);

  it('writes every line as JSON, and the lines of one request share its trace id in the gateway and each subgraph it reached', async () => {
    const response = await fetch(stack.gateway.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${await stack.token(DEPARTMENT)}`,
        traceparent: `00-${TRACE_ID}-00f067aa0ba902b7-01`,
      },
      body: JSON.stringify({ query: '{ children(first: 5) { nodes { id firstNames currentPlacement { id } enrollments(first: 1) { nodes { id } } } } }' }),
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { errors?: unknown };
    expect(body.errors).toBeUndefined();
    const records = parsed();
    for (const record of records) expect(record).toMatchObject({ level: expect.any(String), time: expect.any(String), service: expect.any(String), msg: expect.any(String) });
    const traced = records.filter((record) => record.trace_id === TRACE_ID);
    expect(new Set(traced.map((record) => record.service))).toEqual(new Set(['gateway', 'cases', 'placements', 'partners']));
    expect(traced.find((record) => record.service === 'gateway')).toMatchObject({ operation: 'query children', audience: 'department', outcome: 'OK' });
  });

  it('traces one request as one tree of spans: gateway → each subgraph → each SQL statement', async () => {
    const traceId = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
    const clientSpan = '1122334455667788';
    const response = await fetch(stack.gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await stack.token(DEPARTMENT)}`, traceparent: `00-${traceId}-${clientSpan}-01` },
      body: JSON.stringify({ query: '{ children(first: 3) { nodes { id firstNames currentPlacement { id } enrollments(first: 1) { nodes { id } } } } }' }),
    });
    expect(response.status).toBe(200);
    // The gateway's span ends once its answer has left: wait for it.
    const ofTrace = () => spans.getFinishedSpans().filter((span) => span.spanContext().traceId === traceId);
    for (let i = 0; i < 100 && !ofTrace().some((span) => span.parentSpanContext?.spanId === clientSpan); i++) await new Promise((resolve) => setTimeout(resolve, 20));
    const all = ofTrace();
    const service = (span: ReadableSpan) => span.resource.attributes['service.name'];
    const byId = new Map(all.map((span) => [span.spanContext().spanId, span]));
    // One root: the gateway's span of the request, child of the client's.
    const roots = all.filter((span) => !byId.has(span.parentSpanContext?.spanId ?? ''));
    expect(roots.map((span) => [service(span), span.name, span.parentSpanContext?.spanId])).toEqual([['passerelle-gateway', 'query children', clientSpan]]);
    // Each subgraph's span hangs from one of the gateway's fetches, and SQL statements hang from the subgraph's span.
    for (const subgraph of ['cases', 'placements', 'partners']) {
      const served = all.filter((span) => service(span) === `passerelle-${subgraph}` && span.kind === 1 /* SERVER */);
      expect(served.length).toBeGreaterThanOrEqual(1);
      for (const span of served) {
        const fetch = byId.get(span.parentSpanContext!.spanId)!;
        expect([service(fetch), fetch.name]).toEqual(['passerelle-gateway', `POST ${subgraph}`]);
        expect(fetch.parentSpanContext?.spanId).toBe(roots[0]!.spanContext().spanId);
      }
    }
    const sql = all.filter((span) => span.attributes['db.system.name'] === 'postgresql');
    expect(sql.length).toBeGreaterThanOrEqual(2);
    for (const statement of sql) {
      const parent = byId.get(statement.parentSpanContext!.spanId)!;
      expect(parent.kind).toBe(1);
      expect(service(parent)).toBe(service(statement));
      expect(statement.name).toMatch(/^(SELECT|WITH|INSERT|UPDATE|DELETE|SQL)$/);
    }
    // The log lines of the request carry the spans' ids.
    const logged = parsed().filter((record) => record.trace_id === traceId);
    expect(new Set(logged.map((record) => record.service))).toEqual(new Set(['gateway', 'cases', 'placements', 'partners']));
    for (const record of logged) expect(byId.has(record.span_id as string)).toBe(true);
  });

  it('logs no personal data at debug level: not what is written, read, refused or mistyped', async () => {
    // Written: a school's concern about a new child.
    const submit = await stack.query(
      `mutation ($input: SubmitConcernInput!) { submitConcern(input: $input) { id } }`,
      {
        input: {
          idempotencyKey: 'observability-0001',
          channel: 'FORM',
          sourceKind: 'SCHOOL',
          sourcePartnerId: partnerId('SCHOOL', 0),
          sourcePersonName: WRITTEN.sourcePersonName,
          urgency: 'NORMAL',
          content: WRITTEN.content,
          newChildren: [{ firstNames: WRITTEN.firstNames, lastName: WRITTEN.lastName, birthDate: WRITTEN.birthDate, sex: 'F' }],
          parentsInformed: true,
        },
      },
      SCHOOL,
    );
    expect(submit.errors).toBeUndefined();
    // Read: names, birth dates and places of the seeded children, their guardians' addresses.
    const read = await stack.query<{ children: { nodes: Record<string, unknown>[] } }>(
      `{ children(first: 40) { nodes { id firstNames lastName birthDate birthplace guardians { firstNames lastName address phone } } } }`,
    );
    expect(read.errors).toBeUndefined();
    // Refused and mistyped: personal data in places that produce errors.
    const mistyped = await stack.query(`query ($d: LocalDate) { searchChildren(birthDate: $d, name: "${WRITTEN.lastName}") { nodes { id } } }`, { d: `${WRITTEN.lastName} 19/07/2016` });
    expect(mistyped.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const refused = await stack.query(`{ searchChildren(name: "${WRITTEN.lastName}") { nodes { id } } }`, {}, seeded("analyst", "OBSERVATORY"));
    expect(refused.errors?.[0]?.extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
    const badConcern = await stack.query(
      `mutation ($input: SubmitConcernInput!) { submitConcern(input: $input) { id } }`,
      { input: { idempotencyKey: 'observability-0002', channel: 'FORM', sourceKind: 'SCHOOL', sourcePartnerId: partnerId('SCHOOL', 0), urgency: 'NORMAL', content: WRITTEN.content, newChildren: [{ firstNames: WRITTEN.firstNames, lastName: WRITTEN.lastName, birthDate: `${WRITTEN.birthDate}T${WRITTEN.lastName}`, sex: 'F' }], parentsInformed: true } },
      SCHOOL,
    );
    expect(badConcern.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const badSyntax = await stack.query(`{ children(first: 1) { nodes { ${WRITTEN.lastName.replace('-', '')} } }`);
    expect(badSyntax.errors).toBeDefined();

    const personal = new Set<string>(Object.values(WRITTEN));
    for (const child of read.data!.children.nodes) {
      for (const key of ['firstNames', 'lastName', 'birthDate', 'birthplace']) if (typeof child[key] === 'string') personal.add(child[key] as string);
      for (const guardian of (child.guardians as Record<string, unknown>[] | null) ?? []) {
        for (const key of ['firstNames', 'lastName', 'address', 'phone']) if (typeof guardian[key] === 'string') personal.add(guardian[key] as string);
      }
    }
    expect(personal.size).toBeGreaterThan(100);
    // The workload was logged (a test that found no lines would prove nothing)…
    const text = lines.join('');
    expect(parsed().filter((record) => record.msg?.toString().startsWith('operation ')).length).toBeGreaterThan(10);
    // …and none of it carries a value of the slice. Short values (a one-letter name) would match by chance: 4+ characters.
    const found = [...personal].filter((value) => value.length >= 4 && text.includes(value));
    expect(found).toEqual([]);
    // Nor do the spans, whatever their attributes.
    const exported = JSON.stringify(spans.getFinishedSpans().map((span) => ({ name: span.name, attributes: span.attributes, events: span.events, status: span.status })));
    expect([...personal].filter((value) => value.length >= 4 && exported.includes(value))).toEqual([]);
  });

  it('serves Prometheus metrics on each service, behind the metrics token', async () => {
    const scrape = async (url: string, token?: string) => {
      const response = await fetch(new URL('/metrics', url), { headers: token ? { authorization: `Bearer ${token}` } : {} });
      return { status: response.status, text: await response.text() };
    };
    expect((await scrape(stack.gateway.url)).status).toBe(401);
    expect((await scrape(stack.gateway.url, `${METRICS_TOKEN}x`)).status).toBe(401);
    const gateway = await scrape(stack.gateway.url, METRICS_TOKEN);
    expect(gateway.status).toBe(200);
    const at = (name: string, labels: Record<string, string>) => sample(gateway.text, name, { service: 'gateway', ...labels });
    expect(at('passerelle_graphql_operations_total', { operation: 'query children', audience: 'department', outcome: 'OK' })).toBeGreaterThanOrEqual(1);
    expect(at('passerelle_graphql_operations_total', { operation: 'query searchChildren', audience: 'department', outcome: 'BAD_USER_INPUT' })).toBe(1);
    expect(at('passerelle_graphql_operation_duration_seconds_count', { operation: 'query children', audience: 'department' })).toBeGreaterThanOrEqual(1);
    expect(at('passerelle_subgraph_fetch_duration_seconds_count', { subgraph: 'cases', outcome: 'ok' })).toBeGreaterThanOrEqual(1);
    expect(at('passerelle_audit_append_duration_seconds_count', { outcome: 'committed' })).toBeGreaterThanOrEqual(1);
    expect(sample(gateway.text, 'passerelle_audit_backlog_records', { service: 'gateway' })).toBe(0);
    expect(at('passerelle_http_requests_total', { route: '/graphql', status: '200' })).toBeGreaterThanOrEqual(1);
    expect(at('passerelle_http_requests_total', { route: '/metrics', status: '401' })).toBe(2);
    // The client's free-text operation name and its values are nowhere.
    expect(gateway.text).not.toContain(WRITTEN.lastName);
    for (const subgraph of Object.values(stack.subgraphs)) {
      const scraped = await scrape(subgraph.url, METRICS_TOKEN);
      expect(scraped.status).toBe(200);
      expect(sample(scraped.text, 'passerelle_db_pool_connections', { service: subgraph.name, state: 'total' })).toBeGreaterThanOrEqual(1);
      expect(sample(scraped.text, 'passerelle_graphql_operations_total', { service: subgraph.name, audience: 'department', outcome: 'OK' })).toBeGreaterThanOrEqual(1);
    }
  });
});
