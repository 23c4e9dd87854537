import type { AppContext } from '../../context.ts';
import { selectFollowsOfUser } from './followers.queries.ts';
import { presentFollower, type FollowerView } from './followers.presenter.ts';
import { getUser } from './get-user.ts';

/** A follow as the chat list shows it: the follower view plus the server-side unread state. */
export type FollowListItem = FollowerView & { read_up_to: number; unread_count: number };

/**
 * Every account the user follows or followed, with the openid and unionid
 * each knows them by, and the chat list's unread count and read mark.
 */
export async function getFollows(ctx: AppContext, userId: string): Promise<FollowListItem[]> {
  const user = await getUser(ctx, userId);
  const rows = await selectFollowsOfUser(ctx.db, user.id);
  const unionids = await ctx.db
    .selectFrom('unionids')
    .select(['organization_id', 'unionid'])
    .where('user_id', '=', user.id)
    .execute();
  const byOrg = new Map(unionids.map((u) => [u.organization_id, u.unionid]));
  return rows.map((row) => ({
    ...presentFollower(row, {
      appid: row.appid,
      account_name: row.account_name,
      account_type: row.account_type,
      unionid: byOrg.get(row.organization_id) ?? null,
    }),
    read_up_to: Number(row.read_up_to),
    unread_count: Number(row.unread_count ?? 0),
  }));
}
