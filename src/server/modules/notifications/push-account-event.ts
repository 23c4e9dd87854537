import type { AppContext } from '../../context.ts';
import type { FollowersTable } from '../../db/schema.ts';
import { deliverPush } from '../callbacks/deliver-push.ts';
import { renderPush } from '../callbacks/push-xml.ts';
import { selectAccountById } from '../accounts/accounts.queries.ts';
import type { XmlObject } from '../../wechat/xml.ts';

/**
 * Pushes an event about a follower that no follower action caused (a job's
 * outcome, a subscription decision) to the account's developer server, when
 * developer mode is on. The delivery is logged like any push; the
 * developer's reply is not shown to anyone, as WeChat ignores replies to
 * these events.
 */
export async function pushAccountEvent(
  ctx: AppContext,
  accountId: string,
  follower: Pick<FollowersTable, 'id' | 'openid'>,
  event: { event: string; fields: XmlObject },
): Promise<{ pushed: boolean; outcome?: string }> {
  const account = await selectAccountById(ctx.db, accountId);
  if (!account || account.server_enabled !== 1 || !account.server_url) return { pushed: false };
  const envelope = renderPush(account, follower.openid, {
    msgType: 'event',
    event: event.event,
    createTime: Math.floor(ctx.clock.now() / 1000),
    fields: event.fields,
  });
  const { delivery } = await deliverPush(ctx, account, follower, envelope, { triggeredByMessage: false });
  return { pushed: true, outcome: delivery.outcome };
}
