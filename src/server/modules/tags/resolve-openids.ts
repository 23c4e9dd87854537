import type { AppContext } from '../../context.ts';
import type { AccountsTable, FollowersTable } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { OPENID_PATTERN } from '../followers/openids.ts';

/**
 * The account's followers for a list of openids, in one query. A string
 * that is not an openid at all is 40003; an openid this account never had
 * is 49003 ("openid not of this appid"), which is how WeChat tells the two
 * apart. With `subscribedOnly`, someone who unfollowed counts as unknown.
 */
export async function resolveOpenids(
  ctx: AppContext,
  account: AccountsTable,
  openids: string[],
  options: { subscribedOnly: boolean },
): Promise<FollowersTable[]> {
  const bad = openids.find((o) => !OPENID_PATTERN.test(o));
  if (bad !== undefined) throw new AppError('INVALID_OPENID', `${bad} is not an openid`);
  const unique = [...new Set(openids)];
  if (unique.length === 0) return [];
  let query = ctx.db
    .selectFrom('followers')
    .selectAll()
    .where('account_id', '=', account.id)
    .where('openid', 'in', unique);
  if (options.subscribedOnly) query = query.where('subscribed', '=', 1);
  const rows = await query.execute();
  if (rows.length !== unique.length) {
    const found = new Set(rows.map((r) => r.openid));
    const missing = unique.find((o) => !found.has(o))!;
    throw new AppError(
      'OPENID_NOT_OF_APPID',
      options.subscribedOnly
        ? `${missing} is not a follower of this account`
        : `${missing} is not an openid of this account`,
    );
  }
  return rows;
}
