import type { AppContext } from '../../context.ts';
import { randomUrlSafe } from '../../lib/ids.ts';
import { validate } from '../../lib/validate.ts';
import { ResetPasswordSchema } from './console.schemas.ts';
import type { ConsolePrincipal } from './console-session.ts';
import { getManagedConsoleUser } from './get-managed-console-user.ts';
import { hashPassword } from './passwords.ts';

/**
 * Sets a new password (or generates one, returned once), lifts any lockout
 * and ends the user's sessions so the old password's sessions stop working.
 */
export async function resetConsolePassword(
  ctx: AppContext,
  caller: ConsolePrincipal | undefined,
  id: string,
  input: unknown,
): Promise<{ password?: string }> {
  const data = validate(ResetPasswordSchema, input ?? {});
  await getManagedConsoleUser(ctx, caller, id);
  const password = data.password ?? randomUrlSafe(16);
  const hash = await hashPassword(password);
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('console_users')
      .set({ password_hash: hash, failed_attempts: 0, locked_until: null, updated_at: ctx.clock.now() })
      .where('id', '=', id)
      .execute();
    await trx.deleteFrom('console_sessions').where('user_id', '=', id).execute();
  });
  return data.password ? {} : { password };
}
