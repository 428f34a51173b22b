/**
 * What the page can tell about a bearer token without verifying it (only the gateway can): the
 * audience it claims to act as, for the label and the examples. Never trusted for anything else.
 */

export interface TokenClaims {
  audience?: string;
  partnerId?: string;
  subject?: string;
  /** Expiry, in seconds since the epoch. */
  expiresAt?: number;
}

function base64UrlDecode(segment: string): string {
  const base64 = segment.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(segment.length / 4) * 4, '=');
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  return new TextDecoder().decode(bytes);
}

/** The claims of a JWT, or undefined when the text is not one. */
export function decodeClaims(token: string): TokenClaims | undefined {
  const parts = token.trim().split('.');
  if (parts.length !== 3) return undefined;
  try {
    const payload = JSON.parse(base64UrlDecode(parts[1]!)) as Record<string, unknown>;
    if (typeof payload !== 'object' || payload === null) return undefined;
    const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
    return {
      audience: text(payload.audience),
      partnerId: text(payload.partner_id),
      subject: text(payload.sub),
      expiresAt: typeof payload.exp === 'number' ? payload.exp : undefined,
    };
  } catch {
    return undefined;
  }
}

/** The token as the user pasted it, without a leading "Bearer " or surrounding blanks. */
export function normaliseToken(input: string): string {
  return input.trim().replace(/^bearer\s+/i, '');
}
