import type { AppContext } from '../../context.ts';
import type { UsersTable } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { selectUserById } from './followers.queries.ts';

/** The simulated user with this id, or USER_NOT_FOUND. */
export async function getUser(ctx: AppContext, userId: string): Promise<UsersTable> {
  const row = await selectUserById(ctx.db, userId);
  if (!row) throw new AppError('USER_NOT_FOUND', `no user with id ${userId}`);
  return row;
}
