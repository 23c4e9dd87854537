import type { FollowersTable, UsersTable } from '../../db/schema.ts';

/** A simulated user as our API shows it. */
export function presentUser(row: UsersTable) {
  return {
    id: row.id,
    nickname: row.nickname,
    avatar_url: row.avatar_url,
    sex: row.sex,
    country: row.country,
    province: row.province,
    city: row.city,
    language: row.language,
    wechat_id: row.wechat_id,
    client_platform: row.client_platform,
    created_at: row.created_at,
  };
}

/** A user's relationship with one account: the openid it knows them by, and the follow state. */
export function presentFollower(
  row: FollowersTable,
  extra: { appid: string; unionid?: string | null; account_name?: string; account_type?: string },
) {
  return {
    appid: extra.appid,
    ...(extra.account_name === undefined ? {} : { account_name: extra.account_name }),
    ...(extra.account_type === undefined ? {} : { account_type: extra.account_type }),
    user_id: row.user_id,
    openid: row.openid,
    unionid: extra.unionid ?? null,
    subscribed: row.subscribed === 1,
    /** Unix seconds, as WeChat's user/info has it. */
    subscribe_time: row.subscribe_time === null ? null : Math.floor(row.subscribe_time / 1000),
    unsubscribe_time: row.unsubscribe_time === null ? null : Math.floor(row.unsubscribe_time / 1000),
    subscribe_scene: row.subscribe_scene,
    qr_scene: row.qr_scene,
    qr_scene_str: row.qr_scene_str,
    remark: row.remark,
    blacklisted: row.blacklisted === 1,
  };
}

export type FollowerView = ReturnType<typeof presentFollower>;
