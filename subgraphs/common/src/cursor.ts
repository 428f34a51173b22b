import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { badInput } from './errors';

/**
 * Opaque cursors. A cursor holds the position of a row in its list — the value of the sort
 * property and the id — and a sort value can be personal data the reader may not see (a child's
 * last name, read by a school whose agreements grant no identity). So a cursor is sealed:
 * AES-256-GCM with a random IV, under a key only the subgraphs hold, with the list it belongs to
 * as associated data. A client learns nothing from it (not even the length of the value: the
 * plaintext is padded to a fixed block) and cannot make one; a cursor of another list, altered,
 * truncated or made up is refused as BAD_USER_INPUT before any SQL runs, so the database never
 * sees a value a client chose.
 */

export type CursorValue = string | number | null;

const VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** The plaintext is padded to a multiple of this (128 bytes hold a long name, a date or a number with a UUID). */
const BLOCK = 128;
/** A longer `after` is not ours (the longest plaintext we seal is a few blocks). */
const MAX_CURSOR_CHARS = 2048;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

/** The cursor key, derived from the principal signing key every subgraph already holds (HKDF-SHA256, its own label). */
export function deriveCursorKey(signingKey: string): Buffer {
  return Buffer.from(hkdfSync('sha256', signingKey, 'passerelle', 'passerelle/cursor/aes-256-gcm/v1', 32));
}

export function sortValue(value: unknown): CursorValue {
  if (value instanceof Date) return value.toISOString();
  if (value === null || value === undefined) return null;
  return typeof value === 'number' ? value : String(value);
}

/** The cursors of one list: what `toPage` writes and the keyset query reads. */
export interface ListCursors {
  encode(value: unknown, id: string): string;
  /** Throws BAD_USER_INPUT naming `argument` for anything this list did not hand out. */
  decode(cursor: string, argument?: string): [CursorValue, string];
}

export class CursorCodec {
  private readonly key: Buffer;

  constructor(key: Buffer) {
    if (key.length !== 32) throw new Error('a cursor key has 32 bytes');
    this.key = Buffer.from(key);
  }

  static fromSigningKey(signingKey: string): CursorCodec {
    return new CursorCodec(deriveCursorKey(signingKey));
  }

  /** Cursors bound to `list` (e.g. `cases.child:lastName:ASC`): another list refuses them. */
  forList(list: string): ListCursors {
    return {
      encode: (value, id) => this.encode(list, value, id),
      decode: (cursor, argument) => this.decode(list, cursor, argument),
    };
  }

  encode(list: string, value: unknown, id: string): string {
    const json = Buffer.from(JSON.stringify([sortValue(value), id]), 'utf8');
    // JSON ignores trailing white space: padding with spaces keeps the plaintext parseable.
    const plain = Buffer.alloc(Math.ceil(json.length / BLOCK) * BLOCK, 0x20);
    json.copy(plain);
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(associatedData(list));
    const sealed = Buffer.concat([cipher.update(plain), cipher.final()]);
    return Buffer.concat([Buffer.of(VERSION), iv, sealed, cipher.getAuthTag()]).toString('base64url');
  }

  decode(list: string, cursor: string, argument = 'after'): [CursorValue, string] {
    const refuse = () => badInput(`${argument} is not a cursor of this list`, argument);
    if (typeof cursor !== 'string' || cursor.length > MAX_CURSOR_CHARS || !BASE64URL.test(cursor)) throw refuse();
    const raw = Buffer.from(cursor, 'base64url');
    const sealedLength = raw.length - 1 - IV_BYTES - TAG_BYTES;
    if (raw[0] !== VERSION || sealedLength < BLOCK || sealedLength % BLOCK !== 0) throw refuse();
    let plain: Buffer;
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, raw.subarray(1, 1 + IV_BYTES));
      decipher.setAAD(associatedData(list));
      decipher.setAuthTag(raw.subarray(raw.length - TAG_BYTES));
      plain = Buffer.concat([decipher.update(raw.subarray(1 + IV_BYTES, raw.length - TAG_BYTES)), decipher.final()]);
    } catch {
      throw refuse();
    }
    // Authenticated, so ours; the shape is checked anyway rather than trusted into SQL.
    let parsed: unknown;
    try {
      parsed = JSON.parse(plain.toString('utf8'));
    } catch {
      throw refuse();
    }
    if (
      !Array.isArray(parsed) ||
      parsed.length !== 2 ||
      typeof parsed[1] !== 'string' ||
      !(parsed[0] === null || typeof parsed[0] === 'string' || typeof parsed[0] === 'number')
    ) {
      throw refuse();
    }
    return parsed as [CursorValue, string];
  }
}

function associatedData(list: string): Buffer {
  return Buffer.from(`passerelle-cursor/${VERSION}/${list}`, 'utf8');
}

/**
 * Each subgraph's database connection carries its cursor codec (set by `startSubgraph`), so
 * `paginate` finds it from the query builder alone, and two stacks in one process (tests) with
 * different keys never mix their cursors.
 */
const codecs = new WeakMap<DataSource, CursorCodec>();

export function setCursorCodec(dataSource: DataSource, codec: CursorCodec): void {
  codecs.set(dataSource, codec);
}

export function cursorCodecOf(dataSource: DataSource): CursorCodec {
  const codec = codecs.get(dataSource);
  if (!codec) throw new Error('no cursor key for this database connection (startSubgraph sets one)');
  return codec;
}
