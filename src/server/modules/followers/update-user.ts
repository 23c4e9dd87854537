import type { AppContext } from '../../context.ts';
import { isUniqueViolation } from '../../db/index.ts';
import type { UsersTable } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { validate } from '../../lib/validate.ts';
import { updateUserRow } from './followers.queries.ts';
import { UpdateUserSchema } from './followers.schemas.ts';
import { getUser } from './get-user.ts';

/** Changes a user's profile; every account sees the new nickname and region at once. */
export async function updateUser(ctx: AppContext, userId: string, input: unknown): Promise<UsersTable> {
  const patch = validate(UpdateUserSchema, input);
  const user = await getUser(ctx, userId);
  try {
    await updateUserRow(ctx.db, user.id, patch);
  } catch (err) {
    if (isUniqueViolation(err, 'users_wechat_id_key', 'users.wechat_id'))
      throw new AppError('USER_ALREADY_EXISTS', `wechat_id ${patch.wechat_id} is taken`);
    throw err;
  }
  return { ...user, ...patch };
}
