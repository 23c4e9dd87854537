import type { AppContext } from '../../context.ts';
import type { KfSessionsTable } from '../../db/schema.ts';
import { mediaUrl } from '../media/media-url.ts';
import type { KfAccountWithStats } from './find-kf-accounts.ts';

/** The invitation as lists show it: a waiting one past its 7 days reads `expired`. */
function inviteStatus(row: KfAccountWithStats, now: number): 'waiting' | 'rejected' | 'expired' | null {
  if (
    row.invite_status === 'waiting' &&
    row.invite_expires_at !== null &&
    Number(row.invite_expires_at) <= now
  )
    return 'expired';
  return row.invite_status;
}

/**
 * One entry of getkflist's `kf_list`, as WeChat shows it: `kf_id` as a
 * string ("1001", WeChat's own example); `kf_wx` once bound, otherwise the
 * invitation fields while one was sent.
 */
export function presentKfListItem(ctx: AppContext, row: KfAccountWithStats, now: number) {
  const status = inviteStatus(row, now);
  return {
    kf_account: row.kf_account,
    kf_headimgurl: row.headimg_media_id ? mediaUrl(ctx, { media_id: row.headimg_media_id }) : '',
    kf_id: String(row.kf_id),
    kf_nick: row.nickname,
    ...(row.kf_wx ? { kf_wx: row.kf_wx } : {}),
    ...(!row.user_id && status
      ? {
          invite_wx: row.invite_wx ?? '',
          invite_expire_time: Math.floor(Number(row.invite_expires_at ?? 0) / 1000),
          invite_status: status,
        }
      : {}),
  };
}

/** One entry of getonlinekflist's `kf_online_list`. */
export function presentKfOnline(row: KfAccountWithStats) {
  return {
    kf_account: row.kf_account,
    status: row.online_status,
    kf_id: String(row.kf_id),
    accepted_case: row.accepted_case,
  };
}

/** A kf account for the console: WeChat's fields plus online state and active sessions. */
export function presentKfAccount(ctx: AppContext, row: KfAccountWithStats, now: number) {
  return {
    ...presentKfListItem(ctx, row, now),
    /** 0 offline, 1 online. */
    status: row.online_status,
    online: row.online_status > 0,
    accepted_case: row.accepted_case,
    created_at: row.created_at,
  };
}

/** A session for the console's queue and agent views. */
export function presentKfSession(row: KfSessionsTable) {
  return {
    openid: row.openid,
    status: row.status,
    /** The serving agent, or the one a waiting follower waits for; null in the common queue. */
    kf_account: row.kf_account,
    created_at: row.created_at,
    accepted_at: row.accepted_at,
    closed_at: row.closed_at,
    latest_time: row.latest_time,
  };
}
