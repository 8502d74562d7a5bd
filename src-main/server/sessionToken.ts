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

/**
 * The token a request presents: from `Authorization: Bearer …`, or — only where a client cannot
 * set headers (`allowQuery`: the event stream, which `EventSource` opens) — from the `?token=`
 * query parameter. A query token rides in URLs, so in logs, history and Referer headers; API
 * calls never accept it. A header, when present, is the only thing looked at: a wrong header
 * never falls back to a query token.
 */
export function presentedToken(
  authorization: string | undefined,
  url: URL,
  allowQuery: boolean,
): string | null {
  if (authorization !== undefined) {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
    return match ? match[1] : null;
  }
  return allowQuery ? url.searchParams.get('token') : null;
}
