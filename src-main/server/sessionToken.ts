import { randomBytes, timingSafeEqual } from 'node:crypto';

/** A fresh random per-session token: 32 bytes, hex. */
export function createSessionToken(): string {
  return randomBytes(32).toString('hex');
}

/**
 * Compare a presented token with the session token in constant time. Lengths are compared
 * first (a length leak reveals nothing: every real token has the same length).
 */
export function tokenMatches(expected: string, presented: string | null): boolean {
  if (presented === null) return false;
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(presented, 'utf8');
  if (a.length !== b.length) return false;
  return timingSafeEqual(a, b);
}

/** The token from `Authorization: Bearer …`, or else from the `?token=` query parameter. */
export function presentedToken(authorization: string | undefined, url: URL): string | null {
  if (authorization !== undefined) {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
    return match ? match[1] : null;
  }
  return url.searchParams.get('token');
}
