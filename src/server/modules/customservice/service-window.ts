import type { Db, FollowersTable } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** What one interaction allows (spec §7.1): a message 5 in 48 h; a follow, scan or press 3 in a minute. */
export const WINDOW_GRANTS = {
  message: { ms: 48 * HOUR, count: 5 },
  event: { ms: MINUTE, count: 3 },
} as const;

export type WindowTrigger = keyof typeof WINDOW_GRANTS;

/** Typing needs an interaction this recent, and shows for this long. */
export const TYPING_NEEDS_INTERACTION_MS = 30_000;
export const TYPING_SHOWS_MS = 15_000;

/**
 * The follower row fields after an interaction: the interaction's grant
 * replaces the window, except that a short event grant never cuts a live
 * message window that lasts longer and still has messages left (pressing a
 * menu button does not take away the 48 hours a message gave).
 */
export function windowAfterInteraction(
  follower: Pick<FollowersTable, 'window_expires_at' | 'window_remaining'>,
  trigger: WindowTrigger,
  now: number,
): Pick<FollowersTable, 'window_expires_at' | 'window_remaining' | 'last_interaction_at'> {
  const grant = WINDOW_GRANTS[trigger];
  const expiresAt = now + grant.ms;
  const live =
    follower.window_expires_at !== null &&
    Number(follower.window_expires_at) > expiresAt &&
    follower.window_remaining > 0;
  return live
    ? {
        window_expires_at: Number(follower.window_expires_at),
        window_remaining: follower.window_remaining,
        last_interaction_at: now,
      }
    : { window_expires_at: expiresAt, window_remaining: grant.count, last_interaction_at: now };
}

/**
 * Takes one message from the follower's window in a single conditional
 * UPDATE (two concurrent sends cannot both take the last one). Outside the
 * window: SERVICE_WINDOW_CLOSED (45015); window used up:
 * SERVICE_WINDOW_USED_UP (45047). Sending also ends "typing…".
 */
export async function consumeServiceWindow(db: Db, follower: FollowersTable, now: number): Promise<void> {
  const result = await db
    .updateTable('followers')
    .set((eb) => ({ window_remaining: eb('window_remaining', '-', 1), typing_until: null }))
    .where('id', '=', follower.id)
    .where('window_expires_at', '>', now)
    .where('window_remaining', '>', 0)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 1) return;
  const row = await db
    .selectFrom('followers')
    .select(['window_expires_at', 'window_remaining'])
    .where('id', '=', follower.id)
    .executeTakeFirstOrThrow();
  if (row.window_expires_at === null || Number(row.window_expires_at) <= now)
    throw new AppError(
      'SERVICE_WINDOW_CLOSED',
      row.window_expires_at === null
        ? 'the follower has not interacted with the account yet'
        : `the follower's last interaction window closed at ${new Date(Number(row.window_expires_at)).toISOString()}`,
    );
  throw new AppError(
    'SERVICE_WINDOW_USED_UP',
    "every message of the follower's current window is sent; wait for them to write again",
  );
}
