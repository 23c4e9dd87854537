import type { AppContext } from '../../context.ts';
import type { AccountsTable, FollowersTable } from '../../db/schema.ts';
import { pushEvent } from '../callbacks/push-event.ts';

/** The session events WeChat pushes (spec §4.6) and their fields. */
export type KfEvent =
  | { event: 'kf_create_session'; kfAccount: string }
  | { event: 'kf_close_session'; kfAccount: string }
  | { event: 'kf_switch_session'; from: string; to: string };

/**
 * Tells the developer server that a session was created, closed or moved
 * (spec §4.6), when the account is in developer mode. Logged like every
 * push; the answer is not shown to the follower (WeChat delivers no reply
 * to these events).
 */
export async function pushKfEvent(
  ctx: AppContext,
  account: AccountsTable,
  follower: Pick<FollowersTable, 'id' | 'openid'>,
  kfEvent: KfEvent,
): Promise<void> {
  const fields =
    kfEvent.event === 'kf_switch_session'
      ? { FromKfAccount: kfEvent.from, ToKfAccount: kfEvent.to }
      : { KfAccount: kfEvent.kfAccount };
  await pushEvent(ctx, account, follower, { event: kfEvent.event, fields });
}
