import { createHash, createHmac, hkdfSync } from 'node:crypto';

/** One audit record: who did (or tried) what to which children's data, and how it ended. */
export interface AuditRecord {
  at: Date;
  /**
   * `request` (a GraphQL request that reached the gateway), `purge` (the log's own retention), or
   * `retention` (the retention job archiving or eliminating case files: issue 15).
   */
  kind?: 'request' | 'purge' | 'retention';
  /** The member who asked, as the token claims it ('' when no token named one). */
  member: string;
  partnerId: string;
  audience: string;
  /**
   * Whether the token's signature, issuer, audience and expiry were verified. False for a
   * refused token: member, partner and audience are then only what it claimed.
   */
  verified?: boolean;
  /** The token's claims as sent (sub, partner_id, audience, scope, iss, aud, exp), verified or not; null without a token. */
  claims?: Record<string, unknown> | null;
  operationName: string | null;
  /** query, mutation, subscription, or `unknown` when the request was refused before parsing. */
  operationType: string;
  documentHash: string;
  children: string[];
  categories: string[];
  /** `ok`, or `error:` and the error codes. */
  outcome: string;
  /** Free detail of a system record (a purge: cut-off, records removed per chain). */
  detail?: Record<string, unknown> | null;
}

export const GENESIS = '0'.repeat(64);

/** Longest text kept of one value of a record (a claim, an operation name…): the rest is cut. */
const MAX_TEXT = 512;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
/** Deepest nesting kept of a claims or detail object. */
const MAX_DEPTH = 6;

/**
 * A text PostgreSQL can store, as it will read back: no U+0000 (text and jsonb refuse it), no
 * lone surrogate (jsonb refuses its escape), at most MAX_TEXT characters. Marks stay visible
 * (U+FFFD, an ellipsis) so that the record says it was altered to be kept.
 */
function storableText(text: string): string {
  const clean = text.replace(LONE_SURROGATE, '\uFFFD').replace(/\u0000/g, '\uFFFD');
  return clean.length > MAX_TEXT ? `${clean.slice(0, MAX_TEXT)}…` : clean;
}

function storableValue(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return storableText(value);
  if (value === null || typeof value !== 'object') return typeof value === 'number' && !Number.isFinite(value) ? null : value;
  if (depth >= MAX_DEPTH) return '…';
  if (Array.isArray(value)) return value.slice(0, 64).map((v) => storableValue(v, depth + 1));
  return Object.fromEntries(
    Object.entries(value)
      .slice(0, 64)
      .map(([k, v]) => [storableText(k), storableValue(v, depth + 1)]),
  );
}

/**
 * The record as the database can hold it. Whatever reaches the gateway is recorded, including
 * what an attacker chose (an operation name, a forged token's claims): a value the database would
 * refuse must not make the record fail — nor the batch it is written with, which would withhold
 * other people's answers.
 */
export function storableRecord(record: AuditRecord): AuditRecord {
  const text = (value: string) => storableText(value);
  return {
    ...record,
    member: text(String(record.member ?? '')),
    partnerId: text(String(record.partnerId ?? '')),
    audience: text(String(record.audience ?? '')),
    operationName: typeof record.operationName === 'string' ? text(record.operationName) : null,
    operationType: text(String(record.operationType ?? 'unknown')),
    outcome: text(String(record.outcome ?? '')),
    categories: record.categories.map(text),
    claims: record.claims ? (storableValue(record.claims, 0) as Record<string, unknown>) : (record.claims ?? null),
    detail: record.detail ? (storableValue(record.detail, 0) as Record<string, unknown>) : (record.detail ?? null),
  };
}

/** The value with object keys sorted at every level (jsonb does not keep key order). */
function sorted(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sorted);
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) out[key] = sorted((value as Record<string, unknown>)[key]);
    return out;
  }
  return value;
}

/** JSON with object keys sorted at every level: jsonb does not keep key order. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sorted(value));
}

/**
 * The unkeyed link of the records written before keyed chains (chain IS NULL): sha256 over the
 * previous link and the record. Anyone can recompute it, so it is only checked for internal
 * consistency; `audit:verify` says so.
 */
export function legacyChainHash(previous: string, record: AuditRecord): string {
  const canonical = JSON.stringify([
    previous,
    record.at.toISOString(),
    record.member,
    record.partnerId,
    record.audience,
    record.operationName,
    record.operationType,
    record.documentHash,
    [...record.children].sort(),
    [...record.categories].sort(),
    record.outcome,
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}

/**
 * The audit keys, derived from one secret the database never holds (AUDIT_CHAIN_KEY, or
 * PRINCIPAL_SIGNING_KEY through HKDF): one to link records (HMAC-SHA256), one to sign the
 * checkpoints of the chains' heads written outside the database.
 */
export interface AuditKeys {
  chain: Buffer;
  checkpoint: Buffer;
}

export function deriveAuditKeys(secret: string): AuditKeys {
  const derive = (info: string) => Buffer.from(hkdfSync('sha256', secret, 'passerelle-audit', info, 32));
  return { chain: derive('passerelle/audit/chain/hmac-sha256/v1'), checkpoint: derive('passerelle/audit/checkpoint/hmac-sha256/v1') };
}

/** Where a chain starts: a MAC of its name, so that nobody without the key can start a chain. */
export function chainGenesis(keys: AuditKeys, chain: string): string {
  return createHmac('sha256', keys.chain).update(`genesis:${chain}`).digest('hex');
}

/**
 * The record's link: HMAC-SHA256 under the chain key over the chain, the record's position in
 * it, the previous link and every field, in a fixed order. Recomputing it takes the key.
 */
export function chainMac(keys: AuditKeys, chain: string, seq: number, previous: string, record: AuditRecord): string {
  // Only the free objects need their keys sorted; the rest is in a fixed order already.
  const canonical = JSON.stringify([
    chain,
    seq,
    previous,
    record.kind ?? 'request',
    record.at.toISOString(),
    record.member,
    record.partnerId,
    record.audience,
    record.verified ?? true,
    sorted(record.claims ?? null),
    record.operationName,
    record.operationType,
    record.documentHash,
    [...record.children].sort(),
    [...record.categories].sort(),
    record.outcome,
    sorted(record.detail ?? null),
  ]);
  return createHmac('sha256', keys.chain).update(canonical).digest('hex');
}
