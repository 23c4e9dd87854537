import type { AppContext } from '../../context.ts';
import { AppError } from '../../errors.ts';
import { validate } from '../../lib/validate.ts';
import { ChangeOwnPasswordSchema } from './console.schemas.ts';
import type { ConsolePrincipal } from './console-session.ts';
import { hashPassword, verifyPassword } from './passwords.ts';

/** Changes the signed-in user's password; their other sessions end, this one stays. */
export async function changeOwnPassword(
  ctx: AppContext,
  principal: ConsolePrincipal,
  input: unknown,
): Promise<void> {
  const data = validate(ChangeOwnPasswordSchema, input);
  if (!(await verifyPassword(data.current_password, principal.user.password_hash))) {
    throw new AppError('CONSOLE_SIGN_IN_FAILED', 'the current password is wrong');
  }
  const hash = await hashPassword(data.new_password);
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('console_users')
      .set({ password_hash: hash, updated_at: ctx.clock.now() })
      .where('id', '=', principal.user.id)
      .execute();
    await trx
      .deleteFrom('console_sessions')
      .where('user_id', '=', principal.user.id)
      .where('id', '!=', principal.session.id)
      .execute();
  });
}
