import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const SESSION_COOKIE = 'pullwise_dashboard';

export type Access =
  | { kind: 'allowed' }
  /** A valid `?token=`: set the session cookie and send the browser to the URL without it. */
  | { kind: 'login'; cookie: string; location: string }
  | { kind: 'denied' };

/**
 * Who may see the dashboard: `Authorization: Bearer <token>`, the session cookie, or (on the page only) a
 * first visit with `?token=`. A query token decides on its own, so a wrong one is never hidden by a cookie.
 */
export function checkAccess(req: IncomingMessage, url: URL, token: string, allowLogin: boolean): Access {
  const queryToken = url.searchParams.get('token');
  if (allowLogin && queryToken !== null) {
    if (!sameSecret(queryToken, token)) return { kind: 'denied' };
    return { kind: 'login', cookie: sessionCookie(token, isHttps(req)), location: withoutToken(url) };
  }
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '')?.[1];
  if (bearer !== undefined) return sameSecret(bearer, token) ? { kind: 'allowed' } : { kind: 'denied' };
  const session = readCookie(req.headers.cookie, SESSION_COOKIE);
  if (session !== undefined && sameSecret(session, sessionValue(token))) return { kind: 'allowed' };
  return { kind: 'denied' };
}

/** Compares in constant time: both sides are hashed first, so neither their content nor length leaks. */
function sameSecret(given: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/** The cookie holds a value derived from the token, so a leaked cookie does not reveal the token itself. */
function sessionValue(token: string): string {
  return createHmac('sha256', token).update('pullwise dashboard session').digest('base64url');
}

function sessionCookie(token: string, secure: boolean): string {
  // No Path: it defaults to the page's folder, so the cookie also reaches the events route behind a proxy
  // that mounts Pullwise under a prefix. No Max-Age: it lasts the browser session.
  return `${SESSION_COOKIE}=${sessionValue(token)}; HttpOnly; SameSite=Strict${secure ? '; Secure' : ''}`;
}

/** TLS here, or at a proxy in front that says so: the cookie then never travels in clear. */
function isHttps(req: IncomingMessage): boolean {
  return (
    ('encrypted' in req.socket && req.socket.encrypted === true) ||
    req.headers['x-forwarded-proto'] === 'https'
  );
}

/** A relative reference (the last path segment and the query without `token`): right behind a path prefix. */
function withoutToken(url: URL): string {
  const clean = new URL(url);
  clean.searchParams.delete('token');
  return `${clean.pathname.split('/').pop() || './'}${clean.search}`;
}

function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at > 0 && part.slice(0, at).trim() === name) return part.slice(at + 1).trim();
  }
  return undefined;
}
