import { createHmac } from 'node:crypto';
import { ConfigError, DEVELOPMENT_PSEUDONYM_KEY, readConfig } from '../config';

type Env = Record<string, string | undefined>;

/**
 * The département's pseudonymisation key (PSEUDONYM_KEY): at least 32 characters; the public
 * development default is refused when NODE_ENV=production.
 */
export function readPseudonymKey(env: Env = process.env): string {
  const config = readConfig(['PSEUDONYM_KEY', 'NODE_ENV'], env);
  const key = config.PSEUDONYM_KEY;
  if (key.length < 32) throw new ConfigError('PSEUDONYM_KEY', 'must be at least 32 characters');
  if (config.NODE_ENV === 'production' && key === DEVELOPMENT_PSEUDONYM_KEY) {
    throw new ConfigError('PSEUDONYM_KEY', 'must be set to the département’s own key when NODE_ENV=production (the development default is public)');
  }
  return key;
}

/**
 * A keyed pseudonym (HMAC-SHA256, hex, 64 characters) of a child's stable identifier: the same
 * child gets the same pseudonym for as long as the key stays the same, and nobody without the key
 * can go back from it to the child or recompute it from an id. OLINPE (CASF D226-3-4) derives its
 * pseudonym from identity data; a keyed hash of the record id gives the same stability here
 * without reading names at all.
 */
export function pseudonymize(key: string, id: string): string {
  return createHmac('sha256', key).update(`passerelle/child/${id}`).digest('hex');
}

/** A pseudonymiser bound to one key (one export). */
export function pseudonymizer(key: string): (id: string) => string {
  return (id) => pseudonymize(key, id);
}
