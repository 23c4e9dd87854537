import type { AppContext } from '../../context.ts';
import { validate } from '../../lib/validate.ts';
import { UpdateConsoleUserSchema, type UpdateConsoleUser } from './console.schemas.ts';
import { selectUsersWithGrants } from './console.queries.ts';
import { presentConsoleUser } from './console.presenter.ts';
import { resolveGrants } from './console-people-access.ts';
import type { ConsolePrincipal } from './console-session.ts';
import { getManagedConsoleUser } from './get-managed-console-user.ts';

/**
 * Renames, disables/enables or re-roles a console user. Disabling ends every
 * session of theirs at once; enabling also lifts a lockout.
 */
export async function updateConsoleUser(
  ctx: AppContext,
  caller: ConsolePrincipal | undefined,
  id: string,
  input: UpdateConsoleUser,
) {
  const data = validate(UpdateConsoleUserSchema, input);
  const { managed } = await getManagedConsoleUser(ctx, caller, id);
  const grants = data.grants ? await resolveGrants(ctx, id, data.grants, managed) : null;
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('console_users')
      .set({
        updated_at: now,
        ...(data.display_name !== undefined ? { display_name: data.display_name } : {}),
        ...(data.disabled !== undefined
          ? {
              disabled: data.disabled ? 1 : 0,
              ...(data.disabled ? {} : { failed_attempts: 0, locked_until: null }),
            }
          : {}),
      })
      .where('id', '=', id)
      .execute();
    if (data.disabled) await trx.deleteFrom('console_sessions').where('user_id', '=', id).execute();
    if (grants) {
      await trx.deleteFrom('console_grants').where('user_id', '=', id).execute();
      await trx.insertInto('console_grants').values(grants).execute();
    }
  });
  const read = await selectUsersWithGrants(ctx.db, [id]);
  return presentConsoleUser(read.users[0]!, read.grants.get(id) ?? [], read.appids, now);
}
