import type { AppContext } from '../../context.ts';
import { isUniqueViolation } from '../../db/index.ts';
import type { UsersTable } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { newId } from '../../lib/ids.ts';
import { validate } from '../../lib/validate.ts';
import { insertUser } from './followers.queries.ts';
import { CreateUserSchema } from './followers.schemas.ts';

/** Creates a simulated WeChat user (a global identity; openids come with follows). */
export async function createUser(ctx: AppContext, input: unknown): Promise<UsersTable> {
  const data = validate(CreateUserSchema, input);
  const row: UsersTable = { id: newId('usr'), ...data, created_at: ctx.clock.now() };
  try {
    await insertUser(ctx.db, row);
  } catch (err) {
    if (isUniqueViolation(err, 'users_wechat_id_key', 'users.wechat_id'))
      throw new AppError('USER_ALREADY_EXISTS', `wechat_id ${data.wechat_id} is taken`);
    throw err;
  }
  return row;
}
