import { isIP } from 'node:net';

/**
 * A partner's webhook URL, checked when it is set: an absolute http(s) URL with no credentials
 * in it and no fragment; https only in production (NODE_ENV=production), where a literal
 * loopback, private, link-local or unspecified address is refused too, so that a partner cannot
 * point Passerelle at its own network (the département's hosts, the cloud metadata address).
 * Returns the reason it is refused, or null.
 */
export function webhookUrlProblem(raw: string, production: boolean): string | null {
  if (raw.length > 2000) return 'is longer than 2000 characters';
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'is not an absolute URL';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'must use https';
  if (production && url.protocol !== 'https:') return 'must use https in production';
  if (url.username || url.password) return 'must not carry credentials (the delivery is signed instead)';
  if (url.hash) return 'must not have a fragment';
  if (production && isInternalHost(url.hostname)) return 'must not point at a loopback, private or link-local address in production';
  return null;
}

function isInternalHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost') || host.endsWith('.internal')) return true;
  const kind = isIP(host);
  if (kind === 4) {
    const [a, b] = host.split('.').map(Number) as [number, number];
    return a === 0 || a === 10 || a === 127 || (a === 169 && b === 254) || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 100 && b >= 64 && b <= 127);
  }
  if (kind === 6) {
    return host === '::1' || host === '::' || host.startsWith('fc') || host.startsWith('fd') || host.startsWith('fe80') || host.startsWith('::ffff:');
  }
  return false;
}
