import { DEVELOPMENT_PSEUDONYM_KEY } from '../config';
import { pseudonymize, readPseudonymKey } from './pseudonym';

describe('keyed pseudonym', () => {
  const key = 'k'.repeat(32);
  it('is stable for one key, differs across keys and children, and does not contain the id', () => {
    const id = '6f1c8a0e-0000-4000-8000-000000000001';
    expect(pseudonymize(key, id)).toBe(pseudonymize(key, id));
    expect(pseudonymize(key, id)).toMatch(/^[0-9a-f]{64}$/);
    expect(pseudonymize(key, id)).not.toBe(pseudonymize('j'.repeat(32), id));
    expect(pseudonymize(key, id)).not.toBe(pseudonymize(key, '6f1c8a0e-0000-4000-8000-000000000002'));
    expect(pseudonymize(key, id)).not.toContain('6f1c8a0e');
  });

  it('reads the key: default in development, refused in production, too short refused', () => {
    expect(readPseudonymKey({})).toBe(DEVELOPMENT_PSEUDONYM_KEY);
    expect(() => readPseudonymKey({ NODE_ENV: 'production' })).toThrow('PSEUDONYM_KEY must be set');
    expect(readPseudonymKey({ NODE_ENV: 'production', PSEUDONYM_KEY: key })).toBe(key);
    expect(() => readPseudonymKey({ PSEUDONYM_KEY: 'short' })).toThrow('PSEUDONYM_KEY must be at least 32 characters');
  });
});
