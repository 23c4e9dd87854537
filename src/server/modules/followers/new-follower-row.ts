import type { AccountsTable, FollowersTable } from '../../db/schema.ts';
import { newId } from '../../lib/ids.ts';
import { generateOpenid } from './openids.ts';

/**
 * A follower row for a user the account has no row for yet: a fresh id and
 * openid, no follow, no tags, window or switches. Callers that follow,
 * migrate or authorise set what differs (`subscribed`, `subscribe_scene`, …)
 * in `fields`, so adding a column means one new default here, not in every
 * place that makes a follower.
 */
export function newFollowerRow(
  account: Pick<AccountsTable, 'id' | 'appid'>,
  userId: string,
  now: number,
  fields: Partial<FollowersTable> = {},
): FollowersTable {
  return {
    id: newId('fol'),
    account_id: account.id,
    user_id: userId,
    openid: generateOpenid(account.appid),
    subscribed: 0,
    subscribe_time: null,
    unsubscribe_time: null,
    subscribe_scene: 'ADD_SCENE_OTHERS',
    remark: '',
    qr_scene: null,
    qr_scene_str: null,
    blacklisted: 0,
    window_expires_at: null,
    window_remaining: 0,
    last_interaction_at: null,
    typing_until: null,
    notifications_blocked: 0,
    created_at: now,
    ...fields,
  };
}
