import type { AppContext } from '../../context.ts';
import { selectFollowsOfUser } from './followers.queries.ts';
import { presentFollower, type FollowerView } from './followers.presenter.ts';
import { getUser } from './get-user.ts';

/** Every account the user follows or followed, with the openid and unionid each knows them by. */
export async function getFollows(ctx: AppContext, userId: string): Promise<FollowerView[]> {
  const user = await getUser(ctx, userId);
  const rows = await selectFollowsOfUser(ctx.db, user.id);
  const unionids = await ctx.db
    .selectFrom('unionids')
    .select(['organization_id', 'unionid'])
    .where('user_id', '=', user.id)
    .execute();
  const byOrg = new Map(unionids.map((u) => [u.organization_id, u.unionid]));
  return rows.map((row) =>
    presentFollower(row, {
      appid: row.appid,
      account_name: row.account_name,
      account_type: row.account_type,
      unionid: byOrg.get(row.organization_id) ?? null,
    }),
  );
}
