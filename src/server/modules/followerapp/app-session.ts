import { createHash } from 'node:crypto';
import { fastifyCookie } from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { newId } from '../../lib/ids.ts';

/**
 * The follower client's device session: which simulated users this browser
 * may act as. It lives entirely in one signed HttpOnly cookie (no table):
 * the device id and the ids of the users created or picked on it. The
 * signing key derives from the admin key's hash, so `gongzhong admin-key
 * reset` also signs every device out.
 */
export const APP_SESSION_COOKIE = 'gz_app_session';

/** A device keeps at most this many identities (the cookie stays far below 4 KB). */
export const MAX_DEVICE_USERS = 50;

export interface AppSession {
  device_id: string;
  /** Users this device may act as, most recently added last. */
  user_ids: string[];
}

/**
 * One cookie's value from a Cookie header. (@fastify/cookie's parse needs
 * the plugin registered; registering it would touch the whole app for one
 * cookie, and its signer is all this needs.)
 */
function cookieValue(header: string, name: string): string | undefined {
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

function signingKey(adminKeyHash: string): string {
  return createHash('sha256').update(`gongzhong follower app session\n${adminKeyHash}`).digest('hex');
}

/** The session the request's cookie carries, or null (absent, tampered or signed with an old key). */
export function readAppSession(request: FastifyRequest, adminKeyHash: string): AppSession | null {
  const header = request.headers.cookie;
  if (!header) return null;
  const raw = cookieValue(header, APP_SESSION_COOKIE);
  if (!raw) return null;
  const unsigned = fastifyCookie.unsign(raw, signingKey(adminKeyHash));
  if (!unsigned.valid || unsigned.value === null) return null;
  try {
    const parsed = JSON.parse(
      Buffer.from(unsigned.value, 'base64url').toString('utf8'),
    ) as Partial<AppSession>;
    if (typeof parsed.device_id !== 'string' || !Array.isArray(parsed.user_ids)) return null;
    return { device_id: parsed.device_id, user_ids: parsed.user_ids.filter((id) => typeof id === 'string') };
  } catch {
    return null;
  }
}

/** Writes the session cookie for the whole platform. */
export function writeAppSession(reply: FastifyReply, session: AppSession, adminKeyHash: string): void {
  const value = Buffer.from(JSON.stringify(session), 'utf8').toString('base64url');
  const signed = encodeURIComponent(fastifyCookie.sign(value, signingKey(adminKeyHash)));
  // HttpOnly: page scripts never see it. A year: a tester's identities
  // survive browser restarts.
  const attributes = ['Path=/', 'HttpOnly', 'SameSite=Lax', `Max-Age=${365 * 24 * 3600}`];
  if (reply.request.protocol === 'https') attributes.push('Secure');
  const cookie = [`${APP_SESSION_COOKIE}=${signed}`, ...attributes].join('; ');
  reply.header('set-cookie', cookie);
}

export function newAppSession(): AppSession {
  return { device_id: newId('dev'), user_ids: [] };
}

/** The session with `userId` bound (moved to the end if already there; the oldest dropped past the cap). */
export function withUser(session: AppSession, userId: string): AppSession {
  const ids = [...session.user_ids.filter((id) => id !== userId), userId];
  return { ...session, user_ids: ids.slice(-MAX_DEVICE_USERS) };
}

export function withoutUser(session: AppSession, userId: string): AppSession {
  return { ...session, user_ids: session.user_ids.filter((id) => id !== userId) };
}

/**
 * Whether a request to the admin-key-secured /gz/v1 scope may go through on
 * the follower app's cookie instead: only routes under
 * `/gz/v1/users/:user_id/…` (and the user itself) for a user bound to this
 * device, and in sandbox mode the user list (testers pick identities from
 * it). Everything else on /gz/v1 — accounts, credentials, deliveries, other
 * users — stays admin-only.
 */
export function followerAppAllows(
  request: FastifyRequest,
  adminKeyHash: string,
  options: { sandbox: boolean },
): boolean {
  const route = request.routeOptions.url ?? '';
  if (options.sandbox && request.method === 'GET' && route === '/gz/v1/users') {
    return readAppSession(request, adminKeyHash) !== null;
  }
  if (!route.startsWith('/gz/v1/users/:user_id')) return false;
  const userId = (request.params as { user_id?: unknown } | undefined)?.user_id;
  if (typeof userId !== 'string') return false;
  return readAppSession(request, adminKeyHash)?.user_ids.includes(userId) ?? false;
}
