import type { AppContext } from '../../context.ts';
import { AppError } from '../../errors.ts';
import { newId } from '../../lib/ids.ts';
import { validate } from '../../lib/validate.ts';
import { CreateConsoleUserSchema, type CreateConsoleUser } from './console.schemas.ts';
import { selectUsersWithGrants } from './console.queries.ts';
import { presentConsoleUser } from './console.presenter.ts';
import { assertManagesPeople, resolveGrants } from './console-people-access.ts';
import type { ConsolePrincipal } from './console-session.ts';
import { hashPassword } from './passwords.ts';

/** Creates a console user with a password and the roles the caller may give. */
export async function createConsoleUser(
  ctx: AppContext,
  caller: ConsolePrincipal | undefined,
  input: CreateConsoleUser,
) {
  const data = validate(CreateConsoleUserSchema, input);
  const managed = assertManagesPeople(caller);
  const taken = await ctx.db
    .selectFrom('console_users')
    .select('id')
    .where('username', '=', data.username)
    .executeTakeFirst();
  if (taken)
    throw new AppError('CONSOLE_USERNAME_TAKEN', `username ${data.username} is taken; choose another`);
  const id = newId('cu');
  const grants = await resolveGrants(ctx, id, data.grants, managed);
  const now = ctx.clock.now();
  const passwordHash = await hashPassword(data.password);
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('console_users')
      .values({
        id,
        username: data.username,
        display_name: data.display_name || data.username,
        password_hash: passwordHash,
        disabled: 0,
        failed_attempts: 0,
        locked_until: null,
        last_sign_in_at: null,
        created_at: now,
        updated_at: now,
      })
      .execute();
    await trx.insertInto('console_grants').values(grants).execute();
  });
  const read = await selectUsersWithGrants(ctx.db, [id]);
  return presentConsoleUser(read.users[0]!, read.grants.get(id) ?? [], read.appids, now);
}
