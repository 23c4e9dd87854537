import type { AppContext } from '../../context.ts';
import { dispatchFollowerAction, type DispatchResult } from '../messages/dispatch-follower-action.ts';
import { presentFollower, type FollowerView } from './followers.presenter.ts';
import { getFollowing } from './get-follower.ts';

/**
 * The user unfollows the account: an `unsubscribe` event goes to the
 * developer server (its reply reaches no one, as in WeChat); the openid is
 * kept for a later return.
 */
export async function unfollowAccount(
  ctx: AppContext,
  userId: string,
  appid: string,
): Promise<{ follower: FollowerView; result: DispatchResult }> {
  const { account, follower } = await getFollowing(ctx, userId, appid);
  const now = ctx.clock.now();
  const updated = { ...follower, subscribed: 0, unsubscribe_time: now };
  // Tags go with the follow (a returning follower starts untagged); the
  // remark and the blacklist stay with the openid.
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('followers')
      .set({ subscribed: 0, unsubscribe_time: now })
      .where('id', '=', follower.id)
      .execute();
    await trx.deleteFrom('follower_tags').where('follower_id', '=', follower.id).execute();
  });
  const result = await dispatchFollowerAction(ctx, account, updated, {
    push: {
      msgType: 'event',
      event: 'unsubscribe',
      createTime: Math.floor(now / 1000),
      fields: { EventKey: '' },
    },
    autoReply: null,
    log: { type: 'unfollow', detail: {} },
    canReceive: false,
  });
  return { follower: presentFollower(updated, { appid }), result };
}
