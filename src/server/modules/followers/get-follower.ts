import type { AppContext } from '../../context.ts';
import type { AccountsTable, FollowersTable, UsersTable } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { getAccount } from '../accounts/get-account.ts';
import { selectFollower } from './followers.queries.ts';
import { getUser } from './get-user.ts';

/** A user, an account and the user's follower row with it. */
export interface Following {
  user: UsersTable;
  account: AccountsTable;
  follower: FollowersTable;
}

/**
 * The user's follower row with the account. `subscribed: true` also requires
 * that the user follows it now (WeChat drops messages of non-followers):
 * NOT_FOLLOWING otherwise.
 */
export async function getFollowing(
  ctx: AppContext,
  userId: string,
  appid: string,
  { subscribed }: { subscribed: boolean } = { subscribed: true },
): Promise<Following> {
  const user = await getUser(ctx, userId);
  const account = await getAccount(ctx, appid);
  const follower = await selectFollower(ctx.db, account.id, user.id);
  if (!follower || (subscribed && follower.subscribed !== 1))
    throw new AppError(
      'NOT_FOLLOWING',
      `user ${user.id} does not follow ${appid}; follow it first (PUT /gz/v1/users/${user.id}/follows/${appid})`,
    );
  return { user, account, follower };
}
