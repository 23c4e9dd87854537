import type { AppContext } from '../../context.ts';
import type { AccountsTable } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { tagIdsOfFollowers } from '../tags/tag-members.ts';
import { pageFollowerOpenids, type OpenidPage } from './openid-page.ts';
import { OPENID_PATTERN } from './openids.ts';

/** Most openids per `/cgi-bin/user/info/batchget` call. */
export const MAX_BATCHGET = 100;

/**
 * WeChat's UserInfo for one openid (spec §14.1). Since the 2021 privacy
 * change WeChat no longer returns nickname, avatar, sex or region, so
 * neither do we. Unfollowed users answer `subscribe: 0` with the openid and
 * unionid only. `tagid_list` lists the follower's tags in the order given;
 * the legacy `groupid` mirrors the first of them (0 without tags).
 */
export type UserInfo =
  | { subscribe: 0; openid: string; unionid?: string }
  | {
      subscribe: 1;
      openid: string;
      language: string;
      subscribe_time: number;
      unionid?: string;
      remark: string;
      groupid: number;
      tagid_list: number[];
      subscribe_scene: string;
      qr_scene: number;
      qr_scene_str: string;
    };

/**
 * UserInfo for each openid, in the order asked. An openid that is not a
 * follower (ever) of this account is INVALID_OPENID, as WeChat answers 40003.
 */
export async function getUsersInfo(
  ctx: AppContext,
  account: AccountsTable,
  openids: string[],
): Promise<UserInfo[]> {
  const bad = openids.find((o) => !OPENID_PATTERN.test(o));
  if (bad !== undefined) throw new AppError('INVALID_OPENID', `${bad} is not an openid`);
  if (openids.length === 0) return [];
  const rows = await ctx.db
    .selectFrom('followers')
    .innerJoin('users', 'users.id', 'followers.user_id')
    .leftJoin('unionids', (join) =>
      join
        .onRef('unionids.user_id', '=', 'followers.user_id')
        .on('unionids.organization_id', '=', account.organization_id),
    )
    .select([
      'followers.id',
      'followers.openid',
      'followers.subscribed',
      'followers.subscribe_time',
      'followers.subscribe_scene',
      'followers.remark',
      'followers.qr_scene',
      'followers.qr_scene_str',
      'users.language',
      'unionids.unionid',
    ])
    .where('followers.account_id', '=', account.id)
    .where('followers.openid', 'in', [...new Set(openids)])
    .execute();
  const byOpenid = new Map(rows.map((r) => [r.openid, r]));
  const tagIds = await tagIdsOfFollowers(
    ctx,
    rows.filter((r) => r.subscribed === 1).map((r) => r.id),
  );
  return openids.map((openid) => {
    const row = byOpenid.get(openid);
    if (!row) throw new AppError('INVALID_OPENID', `${openid} does not follow this account`);
    const unionid = row.unionid ? { unionid: row.unionid } : {};
    if (row.subscribed !== 1) return { subscribe: 0, openid, ...unionid };
    return {
      subscribe: 1,
      openid,
      language: row.language,
      subscribe_time: Math.floor((row.subscribe_time ?? 0) / 1000),
      ...unionid,
      remark: row.remark,
      groupid: tagIds.get(row.id)?.[0] ?? 0,
      tagid_list: tagIds.get(row.id) ?? [],
      subscribe_scene: row.subscribe_scene,
      qr_scene: row.qr_scene ?? 0,
      qr_scene_str: row.qr_scene_str ?? '',
    };
  });
}

/** Most openids per `/cgi-bin/user/get` page (WeChat's). */
export const USER_PAGE_SIZE = 10_000;

/** One page of the account's current followers for `/cgi-bin/user/get` (see pageFollowerOpenids). */
export async function getFollowerOpenids(
  ctx: AppContext,
  account: AccountsTable,
  nextOpenid: string,
  pageSize = USER_PAGE_SIZE,
): Promise<OpenidPage> {
  return pageFollowerOpenids(ctx, account, 'subscribed', nextOpenid, pageSize);
}

/** Sets the operator's remark on a follower (`/cgi-bin/user/info/updateremark`, under 30 characters). */
export async function updateRemark(
  ctx: AppContext,
  account: AccountsTable,
  openid: string,
  remark: string,
): Promise<void> {
  if (!OPENID_PATTERN.test(openid)) throw new AppError('INVALID_OPENID', `${openid} is not an openid`);
  const result = await ctx.db
    .updateTable('followers')
    .set({ remark })
    .where('account_id', '=', account.id)
    .where('openid', '=', openid)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0)
    throw new AppError('INVALID_OPENID', `${openid} does not follow this account`);
}
