import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../context.ts';
import type { ConsoleGrantsTable, ConsoleSessionsTable, ConsoleUsersTable } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { newId, sha256Hex } from '../../lib/ids.ts';

/** The session cookie's name; scoped to our own API's path. */
export const CONSOLE_COOKIE = 'gz_console';
/** Header that must carry the session's CSRF token on every state-changing request. */
export const CSRF_HEADER = 'x-csrf-token';
/** A session ends after this long without a request (platform clock). */
export const SESSION_IDLE_MS = 12 * 3600_000;
/** …and at the latest this long after sign-in. */
export const SESSION_MAX_MS = 7 * 24 * 3600_000;
/** last_seen_at is written at most this often, so reads stay reads. */
const TOUCH_EVERY_MS = 60_000;

/** Who a console request is: the user, their session and their role grants. */
export interface ConsolePrincipal {
  user: ConsoleUsersTable;
  session: ConsoleSessionsTable;
  grants: ConsoleGrantsTable[];
}

const principals = new WeakMap<FastifyRequest, ConsolePrincipal>();

/** The console user behind this request, when it authenticated with the console cookie. */
export function consolePrincipalOf(request: FastifyRequest): ConsolePrincipal | undefined {
  return principals.get(request);
}

export function rememberPrincipal(request: FastifyRequest, principal: ConsolePrincipal): void {
  principals.set(request, principal);
}

function cookieToken(request: FastifyRequest): string | undefined {
  const value = request.cookies[CONSOLE_COOKIE];
  return value && value.length > 0 ? value : undefined;
}

/** Whether the request presents a console cookie at all. */
export function hasConsoleCookie(request: FastifyRequest): boolean {
  return cookieToken(request) !== undefined;
}

/** Creates a session row and returns the token for the cookie (only its hash is stored). */
export async function createConsoleSession(
  ctx: AppContext,
  userId: string,
): Promise<{ token: string; session: ConsoleSessionsTable }> {
  const token = randomBytes(32).toString('base64url');
  const now = ctx.clock.now();
  const session: ConsoleSessionsTable = {
    id: newId('cs'),
    user_id: userId,
    token_hash: sha256Hex(token),
    csrf_token: randomBytes(24).toString('base64url'),
    created_at: now,
    last_seen_at: now,
    expires_at: now + SESSION_IDLE_MS,
  };
  await ctx.db.insertInto('console_sessions').values(session).execute();
  return { token, session };
}

/**
 * The principal behind the console cookie, or null when there is no cookie.
 * A cookie whose session has ended (expired, signed out, user disabled)
 * throws CONSOLE_SESSION_ENDED so the console can send the person to sign in.
 * Slides the idle expiry forward.
 */
export async function readConsoleSession(
  ctx: AppContext,
  request: FastifyRequest,
): Promise<ConsolePrincipal | null> {
  const token = cookieToken(request);
  if (!token) return null;
  const now = ctx.clock.now();
  const session = await ctx.db
    .selectFrom('console_sessions')
    .selectAll()
    .where('token_hash', '=', sha256Hex(token))
    .executeTakeFirst();
  const user = session
    ? await ctx.db
        .selectFrom('console_users')
        .selectAll()
        .where('id', '=', session.user_id)
        .executeTakeFirst()
    : undefined;
  if (!session || !user || session.expires_at <= now || user.disabled) {
    throw new AppError('CONSOLE_SESSION_ENDED', 'your console session has ended; sign in again at /console');
  }
  if (now - session.last_seen_at >= TOUCH_EVERY_MS) {
    const expires = Math.min(now + SESSION_IDLE_MS, session.created_at + SESSION_MAX_MS);
    await ctx.db
      .updateTable('console_sessions')
      .set({ last_seen_at: now, expires_at: expires })
      .where('id', '=', session.id)
      .execute();
    session.last_seen_at = now;
    session.expires_at = expires;
  }
  const grants = await ctx.db
    .selectFrom('console_grants')
    .selectAll()
    .where('user_id', '=', user.id)
    .execute();
  const principal = { user, session, grants };
  rememberPrincipal(request, principal);
  return principal;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Refuses a state-changing request whose CSRF header does not match the session's token. */
export function assertCsrf(request: FastifyRequest, session: ConsoleSessionsTable): void {
  if (SAFE_METHODS.has(request.method)) return;
  const raw = request.headers[CSRF_HEADER];
  const presented = Buffer.from(Array.isArray(raw) ? (raw[0] ?? '') : (raw ?? ''));
  const expected = Buffer.from(session.csrf_token);
  if (presented.length !== expected.length || !timingSafeEqual(presented, expected)) {
    throw new AppError(
      'CSRF_TOKEN_INVALID',
      `send the csrf_token from GET /gz/v1/console/session in the ${CSRF_HEADER} header (reload the console if it is open in an old tab)`,
    );
  }
}

/** Sets the session cookie: HttpOnly, SameSite=Lax, Secure over https, scoped to /gz/v1. */
export function setSessionCookie(
  reply: FastifyReply,
  request: FastifyRequest,
  token: string,
  maxAgeMs: number,
) {
  reply.setCookie(CONSOLE_COOKIE, token, {
    httpOnly: true,
    sameSite: 'lax',
    secure: request.protocol === 'https',
    path: '/gz/v1',
    maxAge: Math.floor(maxAgeMs / 1000),
  });
}

/** Clears the session cookie. */
export function clearSessionCookie(reply: FastifyReply, request: FastifyRequest) {
  reply.clearCookie(CONSOLE_COOKIE, {
    httpOnly: true,
    sameSite: 'lax',
    secure: request.protocol === 'https',
    path: '/gz/v1',
  });
}
