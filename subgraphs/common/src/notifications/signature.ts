import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * How a webhook delivery is signed (docs/NOTIFICATIONS.md), as Stripe and GitHub do: an
 * HMAC-SHA256, under the partner's secret, of `<timestamp>.<raw body>`. The timestamp is in the
 * signed text, so a captured delivery cannot be replayed later than the receiver's tolerance; the
 * delivery id (`Passerelle-Webhook-Id`, the notification's id) lets the receiver drop a delivery
 * it already processed (at-least-once delivery).
 */
export const WEBHOOK_HEADERS = {
  /** The notification's id: the same on every retry of one delivery (idempotency id). */
  id: 'passerelle-webhook-id',
  /** Unix time (seconds) the delivery was signed, also inside the signature. */
  timestamp: 'passerelle-webhook-timestamp',
  /** `t=<timestamp>,v1=<hex HMAC-SHA256(secret, "<timestamp>.<body>")>`. */
  signature: 'passerelle-signature',
  /** Which attempt this is (1 for the first). */
  attempt: 'passerelle-webhook-attempt',
} as const;

/** Default tolerance of `verifyWebhookSignature` between the signed time and now. */
export const DEFAULT_TOLERANCE_SECONDS = 300;

/** A new random signing secret (what `setWebhook` returns once when none is given). */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}

function hmac(secret: string, timestamp: number, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}

/** The value of the `Passerelle-Signature` header for `body` signed at `timestamp` (Unix seconds). */
export function signWebhook(secret: string, timestamp: number, body: string): string {
  return `t=${timestamp},v1=${hmac(secret, timestamp, body)}`;
}

export type VerifyResult = { ok: true; timestamp: number } | { ok: false; reason: string };

/**
 * What a receiver does (and the tests): parses the header, recomputes the HMAC over the raw
 * body, compares in constant time, and refuses a timestamp further than `toleranceSeconds` from
 * `now`. Any `v1=` entry may match (a secret being rotated signs with both).
 */
export function verifyWebhookSignature(
  secret: string,
  header: string | undefined,
  body: string,
  options: { now?: number; toleranceSeconds?: number } = {},
): VerifyResult {
  if (!header) return { ok: false, reason: 'no signature header' };
  const parts = header.split(',').map((p) => p.trim().split('=', 2) as [string, string | undefined]);
  const t = parts.find(([k]) => k === 't')?.[1];
  const signatures = parts.filter(([k, v]) => k === 'v1' && v).map(([, v]) => v!);
  if (!t || !/^\d+$/.test(t) || signatures.length === 0) return { ok: false, reason: 'malformed signature header' };
  const timestamp = Number(t);
  const now = Math.floor((options.now ?? Date.now()) / 1000);
  if (Math.abs(now - timestamp) > (options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS)) {
    return { ok: false, reason: 'timestamp outside the tolerance' };
  }
  const expected = Buffer.from(hmac(secret, timestamp, body), 'hex');
  const match = signatures.some((s) => {
    const given = Buffer.from(s, 'hex');
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
  return match ? { ok: true, timestamp } : { ok: false, reason: 'signature does not match' };
}
