import { randomBytes } from 'node:crypto';
import { GraphQLError } from 'graphql';
import { CursorCodec, deriveCursorKey } from './cursor';

const KEY = 'a-signing-key-for-this-test-only-000000';
const codec = CursorCodec.fromSigningKey(KEY);
const children = codec.forList('cases.child:lastName:ASC');
const ID = '0b8f6c1e-5a4d-4b7e-9d2c-3f1a2b3c4d5e';

function refusal(run: () => unknown): GraphQLError {
  try {
    run();
  } catch (error) {
    if (error instanceof GraphQLError) return error;
    throw error;
  }
  throw new Error('accepted');
}

const flip = (cursor: string, at: number) => {
  const raw = Buffer.from(cursor, 'base64url');
  raw[at] = raw[at]! ^ 0x01;
  return raw.toString('base64url');
};

describe('cursors', () => {
  it('round-trip the sort value and the id (text, date, number, null)', () => {
    expect(children.decode(children.encode('Hervé', ID))).toEqual(['Hervé', ID]);
    expect(children.decode(children.encode(new Date('2026-01-02T03:04:05.000Z'), ID))).toEqual(['2026-01-02T03:04:05.000Z', ID]);
    expect(children.decode(children.encode(42, ID))).toEqual([42, ID]);
    expect(children.decode(children.encode(null, ID))).toEqual([null, ID]);
    const long = 'x'.repeat(500);
    expect(children.decode(children.encode(long, ID))).toEqual([long, ID]);
  });

  it('reveal nothing: not the value, not JSON, not its length, and never twice the same', () => {
    const a = children.encode('Dupont', ID);
    const b = children.encode('Dupont', ID);
    const c = children.encode('Abdelkader-Rousseau de la Tour', ID);
    expect(a).not.toBe(b); // random IV
    expect(a.length).toBe(c.length); // padded to a block
    for (const cursor of [a, c]) {
      const bytes = Buffer.from(cursor, 'base64url');
      expect(bytes.toString('latin1')).not.toMatch(/Dupont|Abdelkader|0b8f6c1e/);
      expect(bytes.toString('utf8')).not.toMatch(/Dupont|Abdelkader|0b8f6c1e/);
      expect(() => JSON.parse(bytes.toString('utf8'))).toThrow();
    }
  });

  it('a cursor of another list is refused', () => {
    const cursor = codec.forList('cases.child:lastName:ASC').encode('Dupont', ID);
    for (const other of ['cases.concern:receivedAt:DESC', 'cases.child:lastName:DESC', 'placements.facility:name:ASC']) {
      expect(refusal(() => codec.decode(other, cursor)).extensions).toEqual({ code: 'BAD_USER_INPUT', argument: 'after' });
    }
  });

  it('a cursor sealed under another key is refused', () => {
    const foreign = CursorCodec.fromSigningKey('another-signing-key-another-signing-key').forList('cases.child:lastName:ASC');
    expect(refusal(() => children.decode(foreign.encode('Dupont', ID))).extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('the cursor key is not the signing key and is derived deterministically', () => {
    expect(deriveCursorKey(KEY).equals(deriveCursorKey(KEY))).toBe(true);
    expect(deriveCursorKey(KEY).toString('utf8')).not.toContain(KEY.slice(0, 8));
    expect(deriveCursorKey(KEY).equals(deriveCursorKey(`${KEY}x`))).toBe(false);
  });

  const cursor = children.encode('Dupont', ID);
  const raw = Buffer.from(cursor, 'base64url');
  it.each([
    ['empty', ''],
    ['garbage', 'garbage'],
    ['not base64url', `${cursor.slice(0, 20)}$%^&`],
    ['old-style JSON cursor', Buffer.from(JSON.stringify(['Dupont', ID])).toString('base64url')],
    ['SQL in a JSON cursor', Buffer.from(JSON.stringify(["x' OR 1=1 --", ID])).toString('base64url')],
    ['random bytes of the right length', randomBytes(raw.length).toString('base64url')],
    ['random bytes with our version byte', Buffer.concat([Buffer.of(1), randomBytes(raw.length - 1)]).toString('base64url')],
    ['truncated by one byte', raw.subarray(0, raw.length - 1).toString('base64url')],
    ['truncated to its IV', raw.subarray(0, 13).toString('base64url')],
    ['extended by one byte', Buffer.concat([raw, Buffer.of(0)]).toString('base64url')],
    ['a flipped bit in the version', flip(cursor, 0)],
    ['a flipped bit in the IV', flip(cursor, 3)],
    ['a flipped bit in the ciphertext', flip(cursor, 40)],
    ['a flipped bit in the tag', flip(cursor, raw.length - 2)],
    ['very long', 'A'.repeat(10_000)],
  ])('refuses %s as BAD_USER_INPUT naming the argument', (_, bad) => {
    const error = refusal(() => children.decode(bad, 'after'));
    expect(error.message).toBe('after is not a cursor of this list');
    expect(error.extensions).toEqual({ code: 'BAD_USER_INPUT', argument: 'after' });
  });
});
