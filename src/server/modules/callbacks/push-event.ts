import type { AppContext } from '../../context.ts';
import type { AccountsTable } from '../../db/schema.ts';
import type { XmlObject } from '../../wechat/xml.ts';
import { deliverPush, type DeliveryResult } from './deliver-push.ts';
import { renderPush } from './push-xml.ts';

/**
 * Pushes an event that no follower action caused — a job's outcome, a
 * customer-service session change, a subscription decision — to the
 * account's developer server, when developer mode is on (null otherwise).
 * It is logged like every push; its reply reaches no one, as WeChat ignores
 * replies to these events. `follower.id` is null for account-level events.
 */
export async function pushEvent(
  ctx: AppContext,
  account: AccountsTable,
  follower: { id: string | null; openid: string },
  event: { event: string; fields: XmlObject; createTime?: number },
): Promise<DeliveryResult | null> {
  if (account.server_enabled !== 1 || !account.server_url) return null;
  const envelope = renderPush(account, follower.openid, {
    msgType: 'event',
    event: event.event,
    createTime: event.createTime ?? Math.floor(ctx.clock.now() / 1000),
    fields: event.fields,
  });
  return deliverPush(ctx, account, follower, envelope, {
    triggeredByMessage: false,
  });
}
