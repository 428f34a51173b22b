import { scanCasesDeadlines } from '@passerelle/cases';
import { createLog, NotificationDispatcher, todayInFrance, verifyWebhookSignature, WEBHOOK_HEADERS } from '@passerelle/common';
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { Pool } from 'pg';
import { data } from './cases-support';
import { placeableChild } from './law-support';
import { sql } from './scope-cases-support';
import { freePort, until } from './support/faults';
import { seeded, startTestStack, type TestStack } from './support/stack';
import { SETUP_TIMEOUT_MS } from './support/timeouts';

/**
 * Issue 13: notifications. A change someone must be told of writes its notification in its own
 * transaction (outbox); the recipient reads and acknowledges its own through the gateway; its
 * institution's webhook gets each one, signed, at least once, retried while the receiver is down,
 * dead-lettered after a bounded number of attempts.
 */

/** A partner's webhook receiver, on loopback: records every delivery, answers 204 (or 500 when failing). */
class Receiver {
  readonly received: { headers: IncomingHttpHeaders; body: string }[] = [];
  failing = false;
  private server: Server | null = null;

  constructor(readonly port: number) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}/passerelle/hooks`;
  }

  /** The ids it processed, once each (what a receiver deduplicates on). */
  processed(): string[] {
    return [...new Set(this.received.map((r) => String(r.headers[WEBHOOK_HEADERS.id])))];
  }

  up(): Promise<void> {
    this.server = createServer((request, response) => {
      let body = '';
      request.on('data', (c: Buffer) => (body += c.toString('utf8')));
      request.on('end', () => {
        this.received.push({ headers: request.headers, body });
        response.writeHead(this.failing ? 500 : 204).end();
      });
    });
    return new Promise((resolve) => this.server!.listen(this.port, '127.0.0.1', resolve));
  }

  down(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return Promise.resolve();
    server.closeAllConnections();
    return new Promise((resolve) => server.close(() => resolve()));
  }
}

describe('notifications', () => {
  let stack: TestStack;
  let db: string;
  const receivers: Receiver[] = [];
  /** Dispatchers the tests start in place of the replica's own. */
  const dispatchers: NotificationDispatcher[] = [];
  beforeAll(async () => {
    // Short waits, so that a test sees retries; many attempts, so that none is dead-lettered by a slow machine.
    stack = await startTestStack({ children: 60, notify: { pollMs: 50, backoff: { baseMs: 200, maxMs: 1000 }, maxAttempts: 1000, timeoutMs: 2000 } });
    db = stack.databaseUrl;
  }, SETUP_TIMEOUT_MS);
  afterAll(async () => {
    await Promise.all(dispatchers.map((d) => d.stop()));
    await Promise.all(receivers.map((r) => r.down()));
    await stack?.stop();
  });

  const school = (i: number, scopes: string[] = []) => seeded('school', 'SCHOOL', i, 0, scopes);
  const CRIP = seeded('crip', 'CRIP', 0);
  const DEPARTMENT_ADMIN = seeded('department', 'DEPARTMENT', 0, 0, ['webhook:admin']);
  const SECRET = 'whsec_the_schools_own_secret_0123456789';

  const SUBMIT = `mutation ($input: SubmitConcernInput!) { submitConcern(input: $input) { id } }`;
  const READ = `query ($id: ID!) { concern(id: $id) { id version senderFeedback } }`;
  const INBOX = `query ($first: Int, $after: String, $unreadOnly: Boolean, $delivery: CaseNotificationDelivery) {
    caseNotifications(first: $first, after: $after, unreadOnly: $unreadOnly, deliveryStatus: $delivery) {
      nodes { id kind subjectType subjectId dueOn acknowledgedAt deliveryStatus attempts lastError deliveredAt }
      pageInfo { hasNextPage endCursor } } }`;
  const ACK = `mutation ($ids: [ID!]!) { acknowledgeCaseNotifications(ids: $ids) { id acknowledgedAt } }`;
  const SET_WEBHOOK = `mutation ($input: SetWebhookInput!) { setWebhook(input: $input) { partnerId url newSecret } }`;

  async function submit(as: ReturnType<typeof school>): Promise<string> {
    const input = {
      channel: 'FORM',
      urgency: 'NORMAL',
      content: 'L’enfant arrive affamé chaque matin.',
      newChildren: [{ firstNames: 'Léo', lastName: 'Martin', birthDate: '2018-03-01', sex: 'M' }],
    };
    return data(await stack.query<any>(SUBMIT, { input }, as)).submitConcern.id;
  }
  async function acknowledge(id: string): Promise<void> {
    const { version } = data(await stack.query<any>(READ, { id }, CRIP)).concern;
    data(await stack.query<any>(`mutation ($id: ID!, $v: Int!) { acknowledgeConcern(id: $id, version: $v) { id } }`, { id, v: version }, CRIP));
  }
  async function tell(id: string, feedback: string) {
    const { version } = data(await stack.query<any>(READ, { id }, CRIP)).concern;
    return stack.query<any>(`mutation ($input: RecordSenderFeedbackInput!) { recordSenderFeedback(input: $input) { id } }`, { input: { id, version, feedback } }, CRIP);
  }
  const inbox = async (as: Parameters<TestStack['query']>[2], variables: Record<string, unknown> = {}) =>
    data(await stack.query<any>(INBOX, { first: 100, ...variables }, as)).caseNotifications;
  const outboxOf = (subject: string) =>
    sql<{ id: string; kind: string; recipient_partner_id: string; delivery_status: string; attempts: number; last_error: string | null }>(
      db,
      `SELECT id, kind, recipient_partner_id, delivery_status, attempts, last_error FROM cases.notification WHERE subject_id = $1 ORDER BY created_at`,
      [subject],
    );

  it('a concern’s sender is notified when what it may know changes, not when the CRIP processes it unseen; the notification holds ids only', async () => {
    const concern = await submit(school(0));
    await acknowledge(concern);
    // Acknowledged, but the school is not told yet (L226-5): nothing for it.
    expect(await outboxOf(concern)).toEqual([]);
    data(await tell(concern, 'RECEIPT_CONFIRMED'));
    const written = await outboxOf(concern);
    expect(written.map((n) => [n.kind, n.recipient_partner_id])).toEqual([['CONCERN_STATUS_CHANGED', school(0).partnerId]]);

    const mine = await inbox(school(0));
    const notice = mine.nodes.find((n: any) => n.subjectId === concern);
    expect(notice).toEqual({
      id: written[0]!.id,
      kind: 'CONCERN_STATUS_CHANGED',
      subjectType: 'Concern',
      subjectId: concern,
      dueOn: null,
      acknowledgedAt: null,
      // The school has no webhook: its inbox only.
      deliveryStatus: expect.stringMatching(/^(PENDING|NONE)$/),
      attempts: expect.any(Number),
      lastError: null,
      deliveredAt: null,
    });
    // What it learns, it reads from the concern, as far as its slice allows.
    expect(data(await stack.query<any>(READ, { id: concern }, school(0))).concern.senderFeedback).toBe('RECEIPT_CONFIRMED');
  });

  it('a hospital or a town hall (audience concern_sender) is told of its concern too', async () => {
    for (const kind of ['HOSPITAL', 'TOWN_HALL'] as const) {
      const sender = seeded('concern_sender', kind, 0);
      const concern = await submit(sender as ReturnType<typeof school>);
      await acknowledge(concern);
      data(await tell(concern, 'RECEIPT_CONFIRMED'));
      const notices = (await inbox(sender)).nodes.filter((n: any) => n.subjectId === concern);
      expect([kind, notices.map((n: any) => n.kind)]).toEqual([kind, ['CONCERN_STATUS_CHANGED']]);
    }
  });

  it('unread first, then newest first, a page at a time; acknowledging moves one after the unread', async () => {
    const first = await submit(school(0));
    const second = await submit(school(0));
    for (const id of [first, second]) {
      await acknowledge(id);
      data(await tell(id, 'RECEIPT_CONFIRMED'));
    }
    const [n1, n2] = [(await outboxOf(first))[0]!.id, (await outboxOf(second))[0]!.id];
    const before = (await inbox(school(0))).nodes.map((n: any) => n.id);
    expect(before.indexOf(n2)).toBeLessThan(before.indexOf(n1));
    data(await stack.query<any>(ACK, { ids: [n2] }, school(0)));
    const after = await inbox(school(0));
    const ids = after.nodes.map((n: any) => n.id);
    expect(ids.indexOf(n1)).toBeLessThan(ids.indexOf(n2));
    expect(after.nodes.filter((n: any) => n.acknowledgedAt === null).every((n: any) => ids.indexOf(n.id) < ids.indexOf(n2))).toBe(true);
    expect((await inbox(school(0), { unreadOnly: true })).nodes.map((n: any) => n.id)).not.toContain(n2);
    // Pages of one: the same notifications, in the same order.
    const paged: string[] = [];
    for (let after: string | null = null, more = true; more; ) {
      const page: any = await inbox(school(0), { first: 1, after });
      paged.push(...page.nodes.map((n: any) => n.id));
      ({ hasNextPage: more, endCursor: after } = page.pageInfo);
    }
    expect(paged).toEqual(ids);
    // A page costs the same statements whatever its size.
    const cost = async (first: number) => {
      stack.resetStatements();
      await inbox(school(0), { first });
      return stack.statements().cases;
    };
    expect(await cost(100)).toBe(await cost(1));
    // Acknowledging again changes nothing.
    const again = data(await stack.query<any>(ACK, { ids: [n2] }, school(0))).acknowledgeCaseNotifications;
    expect(again[0].acknowledgedAt).toBe(after.nodes.find((n: any) => n.id === n2).acknowledgedAt);
  });

  it('a status change that rolls back leaves no notification (one transaction)', async () => {
    const concern = await submit(school(0));
    await acknowledge(concern);
    // A check that fails at COMMIT, after the change and its notification are both written.
    await sql(db, `CREATE FUNCTION cases.test_refuse_commit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'refused at commit'; END $$`);
    await sql(
      db,
      `CREATE CONSTRAINT TRIGGER test_refuse_commit AFTER UPDATE ON cases.concern DEFERRABLE INITIALLY DEFERRED
       FOR EACH ROW WHEN (NEW.id = '${concern}') EXECUTE FUNCTION cases.test_refuse_commit()`,
    );
    try {
      const refused = await tell(concern, 'RECEIPT_CONFIRMED');
      expect(refused.errors?.length).toBeGreaterThan(0);
      expect(await outboxOf(concern)).toEqual([]);
      expect(data(await stack.query<any>(READ, { id: concern }, CRIP)).concern.senderFeedback).toBe('NOT_INFORMED');
    } finally {
      await sql(db, `DROP TRIGGER test_refuse_commit ON cases.concern`);
      await sql(db, `DROP FUNCTION cases.test_refuse_commit()`);
    }
    data(await tell(concern, 'RECEIPT_CONFIRMED'));
    expect((await outboxOf(concern)).map((n) => n.kind)).toEqual(['CONCERN_STATUS_CHANGED']);
  });

  it('another institution neither reads nor acknowledges a notification, and learns nothing of it', async () => {
    const concern = await submit(school(0));
    await acknowledge(concern);
    data(await tell(concern, 'RECEIPT_CONFIRMED'));
    const theirs = (await outboxOf(concern))[0]!.id;
    const others = [school(2), seeded('pmi', 'PMI', 0), seeded('association', 'ASSOCIATION', 0), seeded('department', 'DEPARTMENT', 0), CRIP];
    for (const other of others) {
      expect([other.audience, (await inbox(other)).nodes.map((n: any) => n.id)]).not.toEqual([other.audience, expect.arrayContaining([theirs])]);
      const refused = await stack.query<any>(ACK, { ids: [theirs] }, other);
      const unknown = randomUUID();
      const nowhere = await stack.query<any>(ACK, { ids: [unknown] }, other);
      // The same answer as for an id that does not exist: NOT_FOUND, naming only the id sent.
      expect(refused.data).toBeNull();
      expect(refused.errors?.map((e) => [e.extensions?.code, e.message.replace(theirs, '<id>'), e.path])).toEqual(
        nowhere.errors?.map((e) => [e.extensions?.code, e.message.replace(unknown, '<id>'), e.path]),
      );
      expect(refused.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    }
    // One of its own with one of another's: none is acknowledged.
    const own = await submit(school(2));
    await acknowledge(own);
    data(await tell(own, 'RECEIPT_CONFIRMED'));
    const ownNotice = (await outboxOf(own))[0]!.id;
    const mixed = await stack.query<any>(ACK, { ids: [ownNotice, theirs] }, school(2));
    expect(mixed.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const state = await sql<{ id: string; acknowledged_at: Date | null }>(db, `SELECT id, acknowledged_at FROM cases.notification WHERE id = ANY($1)`, [[ownNotice, theirs]]);
    expect(state.map((s) => s.acknowledged_at)).toEqual([null, null]);
    // And its owner still has it unread.
    expect((await inbox(school(0), { unreadOnly: true })).nodes.map((n: any) => n.id)).toContain(theirs);
  });

  it('a webhook is set by the institution’s own administrator or the département; the URL is checked; the secret is never read back', async () => {
    const input = (partnerId: string, extra: Record<string, unknown> = {}) => ({ input: { partnerId, url: 'https://hooks.example.org/x', ...extra } });
    // Without the scope, or for another institution: refused, nothing written.
    const noScope = await stack.query<any>(SET_WEBHOOK, input(school(4).partnerId), school(4));
    expect(noScope.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
    const another = await stack.query<any>(SET_WEBHOOK, input(school(5).partnerId), school(4, ['webhook:admin']));
    const nobody = await stack.query<any>(SET_WEBHOOK, input(randomUUID()), school(4, ['webhook:admin']));
    expect(another.errors?.map((e) => [e.extensions?.code, e.message])).toEqual(nobody.errors?.map((e) => [e.extensions?.code, e.message]));
    expect(another.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    for (const url of ['ftp://hooks.example.org/x', 'https://user:pw@hooks.example.org/x', 'not a url']) {
      const bad = await stack.query<any>(SET_WEBHOOK, input(school(4).partnerId, { url }), school(4, ['webhook:admin']));
      expect([url, bad.errors?.map((e) => [e.extensions?.code, e.extensions?.argument])]).toEqual([url, [['BAD_USER_INPUT', 'input.url']]]);
    }
    expect(await sql(db, `SELECT 1 FROM notify.webhook_endpoint WHERE partner_id = ANY($1)`, [[school(4).partnerId, school(5).partnerId]])).toEqual([]);
    // Its own: a secret generated and shown once; the département: any institution's.
    const own = data(await stack.query<any>(SET_WEBHOOK, input(school(4).partnerId), school(4, ['webhook:admin']))).setWebhook;
    expect(own.newSecret).toMatch(/^whsec_/);
    const byDepartment = data(await stack.query<any>(SET_WEBHOOK, input(school(5).partnerId, { secret: SECRET }), DEPARTMENT_ADMIN)).setWebhook;
    expect(byDepartment).toEqual({ partnerId: school(5).partnerId, url: 'https://hooks.example.org/x', newSecret: null });
    const read = data(await stack.query<any>(`query ($p: ID!) { webhook(partnerId: $p) { partnerId url newSecret } }`, { p: school(4).partnerId }, school(4, ['webhook:admin']))).webhook;
    expect(read).toEqual({ partnerId: school(4).partnerId, url: 'https://hooks.example.org/x', newSecret: null });
    data(await stack.query<any>(`mutation ($p: ID!) { removeWebhook(partnerId: $p) }`, { p: school(4).partnerId }, school(4, ['webhook:admin'])));
    data(await stack.query<any>(`mutation ($p: ID!) { removeWebhook(partnerId: $p) }`, { p: school(5).partnerId }, DEPARTMENT_ADMIN));
  });

  it('the receiver down, then up: the delivery arrives, once per idempotency id, with a valid signature', async () => {
    const receiver = new Receiver(await freePort());
    receivers.push(receiver);
    const admin = school(1, ['webhook:admin']);
    data(await stack.query<any>(SET_WEBHOOK, { input: { partnerId: admin.partnerId, url: receiver.url, secret: SECRET } }, admin));
    const concern = await submit(school(1));
    await acknowledge(concern);
    data(await tell(concern, 'RECEIPT_CONFIRMED'));
    const id = (await outboxOf(concern))[0]!.id;
    // Down: attempts fail and are retried, the notification kept.
    await until('two failed attempts', async () => {
      const [row] = await outboxOf(concern);
      return row!.attempts >= 2 && row!.delivery_status === 'PENDING' && /unreachable/.test(row!.last_error ?? '');
    });
    await receiver.up();
    await until('the delivery', async () => (await outboxOf(concern))[0]!.delivery_status === 'DELIVERED');
    expect(receiver.processed()).toEqual([id]);
    for (const delivery of receiver.received) {
      expect(delivery.headers[WEBHOOK_HEADERS.id]).toBe(id);
      const check = verifyWebhookSignature(SECRET, String(delivery.headers[WEBHOOK_HEADERS.signature]), delivery.body);
      expect(check).toEqual({ ok: true, timestamp: Number(delivery.headers[WEBHOOK_HEADERS.timestamp]) });
      expect(JSON.parse(delivery.body)).toEqual({
        id,
        type: 'CONCERN_STATUS_CHANGED',
        source: 'cases',
        createdAt: expect.any(String),
        recipient: { partnerId: school(1).partnerId },
        subject: { type: 'Concern', id: concern },
        dueOn: null,
      });
    }
    const seen = (await inbox(school(1))).nodes.find((n: any) => n.id === id);
    expect(seen).toMatchObject({ deliveryStatus: 'DELIVERED', deliveredAt: expect.any(String) });
    expect(seen.attempts).toBeGreaterThanOrEqual(3);
  });

  it('a restart loses nothing, and two replicas deliver each notification once (FOR UPDATE SKIP LOCKED)', async () => {
    const receiver = new Receiver(await freePort());
    receivers.push(receiver);
    await receiver.up();
    const admin = school(2, ['webhook:admin']);
    data(await stack.query<any>(SET_WEBHOOK, { input: { partnerId: admin.partnerId, url: receiver.url, secret: SECRET } }, admin));
    // The cases replica's dispatcher stops (a crash, a deploy): what is written meanwhile waits in PostgreSQL.
    await stack.subgraphs.cases!.dispatcher!.stop();
    const concern = await submit(school(2));
    await acknowledge(concern);
    data(await tell(concern, 'RECEIPT_CONFIRMED'));
    const [pending] = await outboxOf(concern);
    expect([pending!.delivery_status, pending!.attempts, receiver.received]).toEqual(['PENDING', 0, []]);
    // Twenty more for the same institution, then two replicas' dispatchers at once.
    const ids = Array.from({ length: 20 }, () => randomUUID());
    await sql(
      db,
      `INSERT INTO cases.notification (id, dedupe_key, kind, category, recipient_audience, recipient_partner_id, subject_type, subject_id, inbox_order, delivery_status, next_attempt_at)
       SELECT id, 'event:' || id, 'CONCERN_STATUS_CHANGED', 'OWN_CONCERN_STATUS', 'school', $2, 'Concern', $3, 2000000000000000, 'PENDING', now() FROM unnest($1::uuid[]) AS id`,
      [ids, admin.partnerId, concern],
    );
    const replicas = [1, 2].map(
      () =>
        new NotificationDispatcher({ databaseUrl: db, schema: 'cases', log: createLog('test', 'error'), maxAttempts: 1000, backoff: { baseMs: 200, maxMs: 1000 }, timeoutMs: 2000, pollMs: 20, batchSize: 3 }),
    );
    dispatchers.push(...replicas);
    replicas.forEach((r) => r.start());
    const all = [pending!.id, ...ids];
    await until('every delivery', async () => (await sql(db, `SELECT 1 FROM cases.notification WHERE id = ANY($1) AND delivery_status = 'DELIVERED'`, [all])).length === all.length);
    const perId = new Map<string, number>();
    for (const r of receiver.received) perId.set(String(r.headers[WEBHOOK_HEADERS.id]), (perId.get(String(r.headers[WEBHOOK_HEADERS.id])) ?? 0) + 1);
    expect([...perId.keys()].sort()).toEqual([...all].sort());
    expect([...perId.values()].every((n) => n === 1)).toBe(true);
  });

  it('after the last attempt a delivery is dead-lettered, shown to its recipient, and redelivered on request', async () => {
    const id = randomUUID();
    const receiver = new Receiver(await freePort());
    receivers.push(receiver);
    receiver.failing = true;
    await receiver.up();
    const admin = school(6, ['webhook:admin']);
    data(await stack.query<any>(SET_WEBHOOK, { input: { partnerId: admin.partnerId, url: receiver.url, secret: SECRET } }, admin));
    // A notification at its last attempt (the bound is WEBHOOK_MAX_ATTEMPTS; this stack's is high).
    await sql(
      db,
      `INSERT INTO cases.notification (id, dedupe_key, kind, category, recipient_audience, recipient_partner_id, subject_type, subject_id, inbox_order, delivery_status, attempts, next_attempt_at)
       VALUES ($1, $2, 'CONCERN_STATUS_CHANGED', 'OWN_CONCERN_STATUS', 'school', $3, 'Concern', $4, 2000000000000000, 'PENDING', 999, now())`,
      [id, `event:${id}`, admin.partnerId, randomUUID()],
    );
    await until('the dead letter', async () => (await sql<{ s: string }>(db, `SELECT delivery_status AS s FROM cases.notification WHERE id = $1`, [id]))[0]!.s === 'DEAD');
    const dead = await inbox(school(6), { delivery: 'DEAD' });
    expect(dead.nodes.map((n: any) => [n.id, n.deliveryStatus, n.attempts, n.lastError])).toEqual([[id, 'DEAD', 1000, 'HTTP 500']]);
    // Another institution cannot redeliver it; its recipient can, once its receiver is fixed.
    const REDELIVER = `mutation ($id: ID!) { redeliverCaseNotification(id: $id) { id deliveryStatus attempts } }`;
    const theirs = await stack.query<any>(REDELIVER, { id }, school(0));
    const unknown = randomUUID();
    const nothing = await stack.query<any>(REDELIVER, { id: unknown }, school(0));
    expect(theirs.errors?.map((e) => e.extensions?.code)).toEqual(['NOT_FOUND']);
    // The same answer as for an id that does not exist, and nothing changed.
    expect(JSON.stringify(theirs).split(id).join('<id>')).toBe(JSON.stringify(nothing).split(unknown).join('<id>'));
    expect((await sql<{ s: string }>(db, `SELECT delivery_status AS s FROM cases.notification WHERE id = $1`, [id]))[0]!.s).toBe('DEAD');
    receiver.failing = false;
    expect(data(await stack.query<any>(REDELIVER, { id }, school(6))).redeliverCaseNotification).toEqual({ id, deliveryStatus: 'PENDING', attempts: 0 });
    await until('the redelivery', async () => (await sql<{ s: string }>(db, `SELECT delivery_status AS s FROM cases.notification WHERE id = $1`, [id]))[0]!.s === 'DELIVERED');
  });

  it('a placement in a facility an association runs notifies the association; a refused one notifies no one', async () => {
    const association = seeded('association', 'ASSOCIATION', 0);
    const [facility] = await sql<{ id: string }>(
      db,
      `SELECT id FROM placements.facility WHERE operator_id = $1 AND (approval_expires_on IS NULL OR approval_expires_on >= $2::date) ORDER BY id LIMIT 1`,
      [association.partnerId, todayInFrance()],
    );
    expect(facility).toBeDefined();
    const { childId, measureId } = await placeableChild(stack, 7);
    const PLACE = `mutation ($input: PlaceChildInput!) { placeChild(input: $input) { id startDate } }`;
    const input = { childId, measureId, facilityId: facility!.id, startDate: todayInFrance(), capacityOverrideReason: 'placement d’urgence' };
    const placed = data(await stack.query<any>(PLACE, { input })).placeChild;
    // A second open placement of the same child is refused (CONFLICT): nothing written, no notification.
    expect((await stack.query<any>(PLACE, { input })).errors?.map((e) => e.extensions?.code)).toEqual(['CONFLICT']);
    const written = await sql<{ subject_id: string; recipient_partner_id: string; kind: string; due_on: string }>(
      db,
      `SELECT subject_id, recipient_partner_id, kind, due_on::text FROM placements.notification WHERE kind = 'PLACEMENT_REQUESTED' AND subject_id IN (SELECT id FROM placements.placement WHERE child_id = $1)`,
      [childId],
    );
    expect(written).toEqual([{ subject_id: placed.id, recipient_partner_id: association.partnerId, kind: 'PLACEMENT_REQUESTED', due_on: placed.startDate }]);
    const PLACEMENT_INBOX = `{ placementNotifications(first: 100) { nodes { kind subjectType subjectId dueOn } } }`;
    const mine = data(await stack.query<any>(PLACEMENT_INBOX, {}, association)).placementNotifications.nodes;
    expect(mine).toContainEqual({ kind: 'PLACEMENT_REQUESTED', subjectType: 'Placement', subjectId: placed.id, dueOn: placed.startDate });
    const other = data(await stack.query<any>(PLACEMENT_INBOX, {}, seeded('association', 'ASSOCIATION', 1))).placementNotifications.nodes;
    expect(other.map((n: any) => n.subjectId)).not.toContain(placed.id);
  });

  it('the deadline scan notifies each deadline once per recipient, however often it runs', async () => {
    const pool = new Pool({ connectionString: db, max: 1 });
    try {
      await scanCasesDeadlines(pool, 3650, '2026-11-01');
      const again = await scanCasesDeadlines(pool, 3650, '2026-11-01');
      expect(again).toBe(0);
      const duplicates = await sql(
        db,
        `SELECT kind, subject_id, due_on, recipient_audience, recipient_partner_id, count(*) FROM cases.notification
          WHERE kind IN ('MEASURE_ENDING', 'SITUATION_REPORT_DUE') GROUP BY 1, 2, 3, 4, 5 HAVING count(*) > 1`,
      );
      expect(duplicates).toEqual([]);
      const byAudience = await sql<{ kind: string; recipient_audience: string }>(
        db,
        `SELECT DISTINCT kind, recipient_audience FROM cases.notification WHERE kind IN ('MEASURE_ENDING', 'SITUATION_REPORT_DUE') ORDER BY 1, 2`,
      );
      expect(byAudience.length).toBeGreaterThan(0);
      // Only audiences that may read what the notification points at (matrix: MEASURES, SITUATION_REPORTS).
      for (const row of byAudience) expect(['MEASURE_ENDING:association', 'MEASURE_ENDING:department', 'MEASURE_ENDING:judge', 'SITUATION_REPORT_DUE:department', 'SITUATION_REPORT_DUE:judge']).toContain(`${row.kind}:${row.recipient_audience}`);
    } finally {
      await pool.end();
    }
    // The département reads its own (addressed to the whole département) through the gateway.
    const department = await inbox(seeded('department', 'DEPARTMENT', 0));
    expect(department.nodes.some((n: any) => n.kind === 'MEASURE_ENDING' || n.kind === 'SITUATION_REPORT_DUE')).toBe(true);
    // A caseworker's slice is their team and caseload: the département-wide notifications (ids and
    // dates of every team's children) are the managers'; a caseworker reads their deadlines in myCaseload.
    const caseworker = await inbox(seeded('department', 'DEPARTMENT', 0, 3));
    expect(caseworker.nodes).toEqual([]);
  });
});
