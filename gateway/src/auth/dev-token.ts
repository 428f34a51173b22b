import type { Audience } from '@passerelle/common';
import { SignJWT } from 'jose';

export interface DevTokenRequest {
  audience: Audience;
  partnerId: string;
  sub: string;
  scopes?: string[];
  ttlSeconds?: number;
  secret: string;
  issuer: string;
  tokenAudience: string;
}

/** A development token (HS256), as `npm run token` prints and the tests send. */
export function signDevToken(request: DevTokenRequest): Promise<string> {
  return new SignJWT({
    partner_id: request.partnerId,
    audience: request.audience,
    ...(request.scopes?.length ? { scope: request.scopes.join(' ') } : {}),
  })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(request.sub)
    .setIssuer(request.issuer)
    .setAudience(request.tokenAudience)
    .setIssuedAt()
    .setExpirationTime(Math.floor(Date.now() / 1000) + (request.ttlSeconds ?? 3600))
    .sign(new TextEncoder().encode(request.secret));
}
