import { backoffDelay, nominalBackoff, retrySchedule } from './backoff';
import { checkDraft, NOTIFICATION_KINDS } from './outbox';
import { signWebhook, verifyWebhookSignature } from './signature';
import { webhookBody } from './dispatcher';
import { webhookUrlProblem } from './webhook-url';
import { canRead } from '../access/matrix';

describe('webhook retries: exponential backoff with jitter', () => {
  const options = { baseMs: 30_000, maxMs: 6 * 3_600_000 };

  it('doubles from the base, capped at the maximum', () => {
    expect([1, 2, 3, 4].map((n) => nominalBackoff(n, options))).toEqual([30_000, 60_000, 120_000, 240_000]);
    expect(nominalBackoff(20, options)).toBe(6 * 3_600_000);
    expect(nominalBackoff(5000, options)).toBe(6 * 3_600_000); // 2^4999 is Infinity: still capped
    expect(() => nominalBackoff(0, options)).toThrow(RangeError);
  });

  it('is jittered to between half and all of the nominal wait', () => {
    expect(backoffDelay(3, options, () => 0)).toBe(60_000);
    expect(backoffDelay(3, options, () => 0.5)).toBe(90_000);
    expect(backoffDelay(3, options, () => 0.999999)).toBe(120_000);
    for (let i = 0; i < 200; i++) {
      const d = backoffDelay(5, options);
      expect(d).toBeGreaterThanOrEqual(240_000);
      expect(d).toBeLessThanOrEqual(480_000);
    }
  });

  it('spreads receivers that fail together: different draws, different waits', () => {
    const draws = [0.1, 0.4, 0.7];
    expect(new Set(draws.map((r) => backoffDelay(2, options, () => r))).size).toBe(3);
  });

  it('the default schedule: 9 waits between 10 attempts, 30 s to 2 h 8 min, about 4 h 15 min in all', () => {
    const schedule = retrySchedule(10, options);
    expect(schedule).toHaveLength(9);
    expect(schedule[0]).toBe(30_000);
    expect(schedule.at(-1)).toBe(7_680_000);
    expect(schedule.reduce((a, b) => a + b, 0)).toBe(15_330_000);
  });
});

describe('webhook signature: HMAC-SHA256 over "<timestamp>.<body>"', () => {
  const secret = 'whsec_test_secret_of_at_least_32_characters';
  const body = '{"id":"5b0c7d9e-0000-4000-8000-000000000001","type":"CONCERN_STATUS_CHANGED"}';
  const t = 1_780_000_000;
  const now = t * 1000;

  it('is the documented header: t=<timestamp>,v1=<hex hmac>', () => {
    const header = signWebhook(secret, t, body);
    expect(header).toMatch(/^t=1780000000,v1=[0-9a-f]{64}$/);
    // The same computation a receiver writes with its own HMAC (docs/NOTIFICATIONS.md).
    const { createHmac } = jest.requireActual<typeof import('node:crypto')>('node:crypto');
    expect(header.split('v1=')[1]).toBe(createHmac('sha256', secret).update(`${t}.${body}`).digest('hex'));
  });

  it('verifies, and refuses a changed body, another secret, another timestamp, or none', () => {
    const header = signWebhook(secret, t, body);
    expect(verifyWebhookSignature(secret, header, body, { now })).toEqual({ ok: true, timestamp: t });
    expect(verifyWebhookSignature(secret, header, body.replace('CONCERN', 'MEASURE'), { now }).ok).toBe(false);
    expect(verifyWebhookSignature(`${secret}x`, header, body, { now }).ok).toBe(false);
    expect(verifyWebhookSignature(secret, header.replace(`t=${t}`, `t=${t + 1}`), body, { now }).ok).toBe(false);
    expect(verifyWebhookSignature(secret, undefined, body, { now }).ok).toBe(false);
    expect(verifyWebhookSignature(secret, 'v1=abc', body, { now }).ok).toBe(false);
  });

  it('refuses a delivery signed outside the tolerance (a replay later on)', () => {
    const header = signWebhook(secret, t, body);
    expect(verifyWebhookSignature(secret, header, body, { now: now + 301_000 })).toEqual({ ok: false, reason: 'timestamp outside the tolerance' });
    expect(verifyWebhookSignature(secret, header, body, { now: now + 301_000, toleranceSeconds: 600 }).ok).toBe(true);
  });

  it('accepts any of several v1 entries (a secret being rotated)', () => {
    const header = `${signWebhook('old_secret_old_secret_old_secret_old', t, body)},${signWebhook(secret, t, body).split(',')[1]}`;
    expect(verifyWebhookSignature(secret, header, body, { now }).ok).toBe(true);
  });
});

describe('what a notification says', () => {
  it('the webhook body holds ids, kind and due date only', () => {
    const body = JSON.parse(
      webhookBody('cases', {
        id: 'n1',
        kind: 'MEASURE_ENDING',
        recipient_partner_id: 'p1',
        subject_type: 'Measure',
        subject_id: 'm1',
        due_on: '2027-01-31',
        created_at: new Date('2026-12-01T10:00:00Z'),
      }),
    );
    expect(body).toEqual({
      id: 'n1',
      type: 'MEASURE_ENDING',
      source: 'cases',
      createdAt: '2026-12-01T10:00:00.000Z',
      recipient: { partnerId: 'p1' },
      subject: { type: 'Measure', id: 'm1' },
      dueOn: '2027-01-31',
    });
  });

  it('a notification is never addressed to an audience that may not read what it points at', () => {
    expect(() => checkDraft({ kind: 'SITUATION_REPORT_DUE', recipient: { audience: 'association', partnerId: null }, subjectId: 'x' })).toThrow(/cannot be addressed/);
    expect(() => checkDraft({ kind: 'CONCERN_STATUS_CHANGED', recipient: { audience: 'analyst', partnerId: null }, subjectId: 'x' })).toThrow(/cannot be addressed/);
    expect(() => checkDraft({ kind: 'MEASURE_ENDING', recipient: { audience: 'association', partnerId: 'p' }, subjectId: 'x' })).not.toThrow();
    // The deadline scans' fixed recipients (cases and placements notification.ts), against the matrix.
    const scanned: [keyof typeof NOTIFICATION_KINDS, Parameters<typeof canRead>[0]][] = [
      ['MEASURE_ENDING', 'association'],
      ['MEASURE_ENDING', 'judge'],
      ['MEASURE_ENDING', 'department'],
      ['SITUATION_REPORT_DUE', 'judge'],
      ['SITUATION_REPORT_DUE', 'department'],
      ['PLACEMENT_ENDING', 'association'],
      ['PLACEMENT_REQUESTED', 'association'],
    ];
    for (const [kind, audience] of scanned) expect([kind, audience, canRead(audience, NOTIFICATION_KINDS[kind].category)]).toEqual([kind, audience, true]);
  });
});

describe('webhook URL', () => {
  it('an absolute http(s) URL without credentials; https only in production', () => {
    expect(webhookUrlProblem('https://hooks.example.org/passerelle', true)).toBeNull();
    expect(webhookUrlProblem('http://127.0.0.1:8080/hook', false)).toBeNull();
    expect(webhookUrlProblem('http://hooks.example.org/passerelle', true)).toBe('must use https in production');
    expect(webhookUrlProblem('ftp://hooks.example.org/x', false)).toBe('must use https');
    expect(webhookUrlProblem('/relative', false)).toBe('is not an absolute URL');
    expect(webhookUrlProblem('https://user:pw@hooks.example.org/', false)).toMatch(/credentials/);
    expect(webhookUrlProblem('https://hooks.example.org/#x', false)).toMatch(/fragment/);
  });

  it('in production, no loopback, private or link-local host', () => {
    for (const host of ['127.0.0.1', 'localhost', '10.1.2.3', '192.168.0.10', '172.20.0.1', '169.254.169.254', '[::1]', '[fd00::1]', '0.0.0.0']) {
      expect([host, webhookUrlProblem(`https://${host}/hook`, true)]).toEqual([host, expect.stringMatching(/loopback, private or link-local/)]);
    }
    expect(webhookUrlProblem('https://172.32.0.1/hook', true)).toBeNull();
  });
});
