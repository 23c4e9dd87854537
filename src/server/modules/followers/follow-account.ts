import type { AppContext } from '../../context.ts';
import { isUniqueViolation } from '../../db/index.ts';
import type { FollowersTable } from '../../db/schema.ts';
import { newId } from '../../lib/ids.ts';
import { validate } from '../../lib/validate.ts';
import { getAccount } from '../accounts/get-account.ts';
import type { XmlObject } from '../../wechat/xml.ts';
import { dispatchFollowerAction, type DispatchResult } from '../messages/dispatch-follower-action.ts';
import { selectFollower } from './followers.queries.ts';
import { FollowSchema } from './followers.schemas.ts';
import { presentFollower, type FollowerView } from './followers.presenter.ts';
import { getUser } from './get-user.ts';
import { generateOpenid } from './openids.ts';
import { ensureUnionid } from './unionids.ts';

export interface FollowResult {
  follower: FollowerView;
  /** `subscribe` (a new follow), `SCAN` (a follower scanned a QR code) or null (already following). */
  event: 'subscribe' | 'SCAN' | null;
  /** The push and replies, when an event happened. */
  result: DispatchResult | null;
}

/**
 * The user follows the account (WeChat §4.1). A new or returning follower
 * gets the account's openid (the same one as before: WeChat keeps openids)
 * and the organisation's unionid, and a `subscribe` event goes out, with
 * `EventKey=qrscene_<scene>` and `Ticket` when the follow came through a
 * parametric QR code. A current follower who scans a code sends `SCAN`
 * instead; following again without a code changes nothing.
 */
export async function followAccount(
  ctx: AppContext,
  userId: string,
  appid: string,
  input: unknown,
): Promise<FollowResult> {
  const data = validate(FollowSchema, input ?? {});
  const user = await getUser(ctx, userId);
  const account = await getAccount(ctx, appid);
  const scene = data.qr_scene ?? data.qr_scene_str;
  const now = ctx.clock.now();
  const createTime = Math.floor(now / 1000);
  const unionid = await ensureUnionid(ctx.db, account.organization_id, user.id, now);

  const existing = await selectFollower(ctx.db, account.id, user.id);
  if (existing?.subscribed === 1) {
    const view = presentFollower(existing, { appid, unionid });
    if (scene === undefined) return { follower: view, event: null, result: null };
    const fields: XmlObject = { EventKey: String(scene), Ticket: data.ticket };
    const result = await dispatchFollowerAction(ctx, account, existing, {
      push: { msgType: 'event', event: 'SCAN', createTime, fields },
      autoReply: null,
      log: { type: 'scan', detail: { scene, ticket: data.ticket ?? null } },
      canReceive: true,
    });
    return { follower: view, event: 'SCAN', result };
  }

  const follower: FollowersTable = {
    id: existing?.id ?? newId('fol'),
    account_id: account.id,
    user_id: user.id,
    openid: existing?.openid ?? generateOpenid(account.appid),
    subscribed: 1,
    subscribe_time: now,
    unsubscribe_time: null,
    subscribe_scene: data.subscribe_scene ?? (scene === undefined ? 'ADD_SCENE_SEARCH' : 'ADD_SCENE_QR_CODE'),
    remark: existing?.remark ?? '',
    qr_scene: data.qr_scene ?? null,
    qr_scene_str: data.qr_scene_str ?? null,
    // The blacklist outlives an unfollow, as WeChat's does.
    blacklisted: existing?.blacklisted ?? 0,
    window_expires_at: existing?.window_expires_at ?? null,
    window_remaining: existing?.window_remaining ?? 0,
    last_interaction_at: existing?.last_interaction_at ?? null,
    typing_until: existing?.typing_until ?? null,
    notifications_blocked: existing?.notifications_blocked ?? 0,
    created_at: existing?.created_at ?? now,
  };
  if (existing) {
    const { id: _id, created_at: _created, openid: _openid, ...patch } = follower;
    // Guarded on subscribed = 0: of two racing follows only one flips the row and sends the event.
    const updated = await ctx.db
      .updateTable('followers')
      .set(patch)
      .where('id', '=', existing.id)
      .where('subscribed', '=', 0)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) === 0)
      return alreadyFollowing(ctx, account.id, user.id, appid, unionid);
  } else {
    try {
      await ctx.db.insertInto('followers').values(follower).execute();
    } catch (err) {
      if (!isUniqueViolation(err, 'followers_account_user_key', 'followers.account_id, followers.user_id'))
        throw err;
      return alreadyFollowing(ctx, account.id, user.id, appid, unionid);
    }
  }

  const fields: XmlObject = {
    EventKey: scene === undefined ? '' : `qrscene_${scene}`,
    // Only a QR follow carries a Ticket (spec §4.1: never on a plain subscribe).
    Ticket: scene === undefined ? undefined : data.ticket,
  };
  const result = await dispatchFollowerAction(ctx, account, follower, {
    push: { msgType: 'event', event: 'subscribe', createTime, fields },
    autoReply: { kind: 'follow' },
    log: {
      type: 'follow',
      detail: {
        subscribe_scene: follower.subscribe_scene,
        qr_scene: follower.qr_scene,
        qr_scene_str: follower.qr_scene_str,
        ticket: data.ticket ?? null,
        returning: existing !== undefined,
      },
    },
    canReceive: true,
  });
  return { follower: presentFollower(follower, { appid, unionid }), event: 'subscribe', result };
}

async function alreadyFollowing(
  ctx: AppContext,
  accountId: string,
  userId: string,
  appid: string,
  unionid: string,
): Promise<FollowResult> {
  const row = (await selectFollower(ctx.db, accountId, userId))!;
  return { follower: presentFollower(row, { appid, unionid }), event: null, result: null };
}
