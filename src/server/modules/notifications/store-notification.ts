import type { AppContext } from '../../context.ts';
import type { AccountsTable, FollowersTable } from '../../db/schema.ts';
import { storeOutgoing } from '../messages/dispatch-follower-action.ts';
import type { OutboundMessage } from '../messages/message-content.ts';
import type { MessageView } from '../messages/messages.presenter.ts';

/**
 * Puts a template message or subscribe notification into the follower's
 * service-notifications feed (source `notification`) and on the live stream.
 */
export async function storeNotification(
  ctx: AppContext,
  account: AccountsTable,
  follower: FollowersTable,
  message: Extract<OutboundMessage, { msgtype: 'template' | 'subscribe_notification' }>,
): Promise<MessageView> {
  const [stored] = await storeOutgoing(
    ctx,
    account,
    follower,
    [{ message, source: 'notification' }],
    null,
    ctx.clock.now(),
  );
  return stored!;
}
