import type { AppContext } from '../../context.ts';
import { AppError } from '../../errors.ts';
import { getAccount } from '../accounts/get-account.ts';
import { tagIdsOfFollowers } from '../tags/tag-members.ts';
import { OPENID_PATTERN } from './openids.ts';

/** A follower as the operator sees them: profile, relationship, tags and blacklist state. */
export interface AccountFollowerView {
  openid: string;
  user_id: string;
  nickname: string;
  avatar_url: string;
  subscribed: boolean;
  subscribe_time: number | null;
  subscribe_scene: string;
  qr_scene: number | null;
  qr_scene_str: string | null;
  remark: string;
  blacklisted: boolean;
  tag_ids: number[];
  /** Customer-service window: open until this epoch ms (platform clock), with this many messages left; null when never opened. */
  window_expires_at: number | null;
  window_remaining: number;
}

type FollowerRow = {
  id: string;
  openid: string;
  user_id: string;
  nickname: string;
  avatar_url: string;
  subscribed: number;
  subscribe_time: number | null;
  subscribe_scene: string;
  qr_scene: number | null;
  qr_scene_str: string | null;
  remark: string;
  blacklisted: number;
  window_expires_at: number | null;
  window_remaining: number;
};

function selectAccountFollowers(ctx: AppContext, accountId: string) {
  return ctx.db
    .selectFrom('followers')
    .innerJoin('users', 'users.id', 'followers.user_id')
    .select([
      'followers.id',
      'followers.openid',
      'followers.user_id',
      'users.nickname',
      'users.avatar_url',
      'followers.subscribed',
      'followers.subscribe_time',
      'followers.subscribe_scene',
      'followers.qr_scene',
      'followers.qr_scene_str',
      'followers.remark',
      'followers.blacklisted',
      'followers.window_expires_at',
      'followers.window_remaining',
    ])
    .where('followers.account_id', '=', accountId);
}

async function present(ctx: AppContext, rows: FollowerRow[]): Promise<AccountFollowerView[]> {
  const tags = await tagIdsOfFollowers(
    ctx,
    rows.map((r) => r.id),
  );
  return rows.map((r) => ({
    openid: r.openid,
    user_id: r.user_id,
    nickname: r.nickname,
    avatar_url: r.avatar_url,
    subscribed: r.subscribed === 1,
    subscribe_time: r.subscribe_time === null ? null : Math.floor(Number(r.subscribe_time) / 1000),
    subscribe_scene: r.subscribe_scene,
    qr_scene: r.qr_scene === null ? null : Number(r.qr_scene),
    qr_scene_str: r.qr_scene_str,
    remark: r.remark,
    blacklisted: r.blacklisted === 1,
    tag_ids: tags.get(r.id) ?? [],
    window_expires_at: r.window_expires_at === null ? null : Number(r.window_expires_at),
    window_remaining: Number(r.window_remaining),
  }));
}

/**
 * The account's followers for the console, by openid (keyset), filtered to
 * one tag, the blacklist, or current followers (the default).
 */
export async function listAccountFollowers(
  ctx: AppContext,
  appid: string,
  query: {
    tag_id?: number | undefined;
    blacklisted?: boolean | undefined;
    after_openid: string;
    limit: number;
  },
): Promise<{ items: AccountFollowerView[]; next_openid: string | null }> {
  const account = await getAccount(ctx, appid);
  let q = selectAccountFollowers(ctx, account.id);
  if (query.blacklisted) q = q.where('followers.blacklisted', '=', 1);
  else q = q.where('followers.subscribed', '=', 1);
  if (query.tag_id !== undefined) {
    const tagId = query.tag_id;
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('follower_tags')
          .select('follower_tags.tag_id')
          .whereRef('follower_tags.follower_id', '=', 'followers.id')
          .where('follower_tags.tag_id', '=', tagId),
      ),
    );
  }
  if (query.after_openid !== '') q = q.where('followers.openid', '>', query.after_openid);
  const rows = await q
    .orderBy('followers.openid')
    .limit(query.limit + 1)
    .execute();
  const page = rows.slice(0, query.limit);
  return {
    items: await present(ctx, page),
    next_openid: rows.length > query.limit ? page.at(-1)!.openid : null,
  };
}

/** One follower (current or former) of the account by openid, or USER_NOT_FOUND. */
export async function getAccountFollower(
  ctx: AppContext,
  appid: string,
  openid: string,
): Promise<AccountFollowerView> {
  if (!OPENID_PATTERN.test(openid)) throw new AppError('USER_NOT_FOUND', `${openid} is not an openid`);
  const account = await getAccount(ctx, appid);
  const row = await selectAccountFollowers(ctx, account.id)
    .where('followers.openid', '=', openid)
    .executeTakeFirst();
  if (!row) throw new AppError('USER_NOT_FOUND', `${openid} has never followed ${appid}`);
  return (await present(ctx, [row]))[0]!;
}
