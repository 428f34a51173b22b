import { signDevToken } from '../src/auth/dev-token';
import { decodeClaims, normaliseToken } from './token';

describe('what the explorer reads from a token (without verifying it)', () => {
  it('reads the audience, partner, subject and expiry of a development token', async () => {
    const token = await signDevToken({
      audience: 'school',
      partnerId: '5f0c4c52-1111-4222-8333-944444444444',
      sub: 'mme-durand',
      ttlSeconds: 600,
      secret: 'a-secret-long-enough-for-hs256-signatures',
      issuer: 'passerelle',
      tokenAudience: 'passerelle-api',
    });
    const claims = decodeClaims(token);
    expect(claims).toMatchObject({ audience: 'school', partnerId: '5f0c4c52-1111-4222-8333-944444444444', subject: 'mme-durand' });
    expect(claims!.expiresAt! - Date.now() / 1000).toBeGreaterThan(500);
  });

  it('decodes UTF-8 claims and base64url without padding', () => {
    const payload = Buffer.from(JSON.stringify({ audience: 'crip', sub: 'Mélanie Ø' })).toString('base64url');
    expect(decodeClaims(`e30.${payload}.sig`)).toMatchObject({ audience: 'crip', subject: 'Mélanie Ø' });
  });

  it('says nothing about text that is not a JWT', () => {
    expect(decodeClaims('')).toBeUndefined();
    expect(decodeClaims('not-a-token')).toBeUndefined();
    expect(decodeClaims('a.%%%.c')).toBeUndefined();
    expect(decodeClaims(`a.${Buffer.from('"just a string"').toString('base64url')}.c`)).toBeUndefined();
  });

  it('accepts a pasted "Bearer …" header value', () => {
    expect(normaliseToken('  Bearer abc.def.ghi \n')).toBe('abc.def.ghi');
    expect(normaliseToken('abc.def.ghi')).toBe('abc.def.ghi');
  });
});
