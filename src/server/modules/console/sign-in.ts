import type { AppContext } from '../../context.ts';
import type { ConsoleSessionsTable, ConsoleUsersTable } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { validate } from '../../lib/validate.ts';
import { SignInSchema, type SignIn } from './console.schemas.ts';
import { createConsoleSession } from './console-session.ts';
import { verifyAgainstDummy, verifyPassword } from './passwords.ts';

/** Failed sign-ins in a row before the user is locked out. */
export const MAX_FAILED_SIGN_INS = 5;
/** How long a lockout lasts (platform clock). */
export const LOCKOUT_MS = 15 * 60_000;

function lockedMessage(lockedUntil: number, now: number): string {
  const minutes = Math.max(1, Math.ceil((lockedUntil - now) / 60_000));
  return `too many wrong passwords: sign-in is locked for ${minutes} more minute${minutes === 1 ? '' : 's'} (until ${new Date(lockedUntil).toISOString()}); an administrator can reset the password sooner`;
}

/**
 * Checks a username and password and opens a session. Wrong passwords count
 * towards a lockout (MAX_FAILED_SIGN_INS → LOCKOUT_MS); while locked even
 * the right password is refused, so guessing cannot continue.
 */
export async function signIn(
  ctx: AppContext,
  input: SignIn,
): Promise<{ user: ConsoleUsersTable; token: string; session: ConsoleSessionsTable }> {
  const { username, password } = validate(SignInSchema, input);
  const user = await ctx.db
    .selectFrom('console_users')
    .selectAll()
    .where('username', '=', username)
    .executeTakeFirst();
  if (!user) {
    await verifyAgainstDummy(password);
    throw new AppError('CONSOLE_SIGN_IN_FAILED', 'wrong username or password');
  }
  const now = ctx.clock.now();
  if (user.locked_until !== null && user.locked_until > now) {
    throw new AppError('CONSOLE_USER_LOCKED', lockedMessage(user.locked_until, now));
  }
  // A lockout that has run out starts the count afresh.
  const failedSoFar = user.locked_until !== null ? 0 : user.failed_attempts;
  if (!(await verifyPassword(password, user.password_hash))) {
    const failed = failedSoFar + 1;
    if (failed >= MAX_FAILED_SIGN_INS) {
      const lockedUntil = now + LOCKOUT_MS;
      await ctx.db
        .updateTable('console_users')
        .set({ failed_attempts: failed, locked_until: lockedUntil, updated_at: now })
        .where('id', '=', user.id)
        .execute();
      throw new AppError('CONSOLE_USER_LOCKED', lockedMessage(lockedUntil, now));
    }
    await ctx.db
      .updateTable('console_users')
      .set({ failed_attempts: failed, locked_until: null, updated_at: now })
      .where('id', '=', user.id)
      .execute();
    const left = MAX_FAILED_SIGN_INS - failed;
    throw new AppError(
      'CONSOLE_SIGN_IN_FAILED',
      `wrong username or password; ${left} more wrong ${left === 1 ? 'try locks' : 'tries lock'} sign-in for ${LOCKOUT_MS / 60_000} minutes`,
    );
  }
  if (user.disabled) {
    throw new AppError(
      'CONSOLE_USER_DISABLED',
      'this console user is disabled; ask an administrator to enable it',
    );
  }
  await ctx.db
    .updateTable('console_users')
    .set({ failed_attempts: 0, locked_until: null, last_sign_in_at: now, updated_at: now })
    .where('id', '=', user.id)
    .execute();
  const { token, session } = await createConsoleSession(ctx, user.id);
  return { user: { ...user, failed_attempts: 0, locked_until: null, last_sign_in_at: now }, token, session };
}
