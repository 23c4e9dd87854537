import type { AppContext } from '../../context.ts';
import { AppError } from '../../errors.ts';
import { selectAccountById } from '../accounts/accounts.queries.ts';
import { pushAndDeliverReply } from '../messages/dispatch-follower-action.ts';
import type { MessageView } from '../messages/messages.presenter.ts';
import type { DeliveryView } from './deliveries.presenter.ts';
import { selectDelivery } from './deliveries.queries.ts';

/**
 * Sends a logged push again, byte for byte the same XML (same MsgId or
 * FromUserName + CreateTime, so a de-duplicating server sees a repeat), to
 * the account's current server URL and in its current message mode. The
 * reply reaches the follower as the original's would have. A new delivery
 * records it, pointing at the original.
 */
export async function replayDelivery(
  ctx: AppContext,
  id: string,
): Promise<{ delivery: DeliveryView; replies: MessageView[] }> {
  const original = await selectDelivery(ctx.db, id);
  if (!original) throw new AppError('DELIVERY_NOT_FOUND', `no delivery ${id}`);
  if (original.outcome === 'pending')
    throw new AppError(
      'DELIVERY_NOT_REPLAYABLE',
      'its tries are still running; replay it once it has finished',
    );
  const account = await selectAccountById(ctx.db, original.account_id);
  if (!account || account.server_enabled !== 1 || !account.server_url)
    throw new AppError(
      'DEVELOPER_MODE_OFF',
      'turn developer mode on (PUT /gz/v1/accounts/:appid/developer) to replay',
    );
  const follower = original.follower_id
    ? await ctx.db
        .selectFrom('followers')
        .selectAll()
        .where('id', '=', original.follower_id)
        .executeTakeFirst()
    : undefined;
  if (!follower) throw new AppError('DELIVERY_NOT_REPLAYABLE', 'the follower it was about no longer exists');
  return pushAndDeliverReply(
    ctx,
    account,
    follower,
    {
      xml: original.request_xml,
      msgType: original.msg_type,
      event: original.event,
      dedupeKey: original.dedupe_key,
    },
    { messageId: original.message_id, replayOf: original.id, triggeredByMessage: original.event === null },
    follower.subscribed === 1,
  );
}
