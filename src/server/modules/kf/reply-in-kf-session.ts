import type { AppContext } from '../../context.ts';
import type { AccountsTable } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { getReachableFollower, prepareCustomMessage } from '../customservice/send-custom-message.ts';
import { storeOutgoing } from '../messages/dispatch-follower-action.ts';
import type { OutboundMessage } from '../messages/message-content.ts';
import type { MessageView } from '../messages/messages.presenter.ts';
import { OPERCODE, recordKf, recordText } from './kf-records.ts';
import { selectOpenSession } from './kf.queries.ts';

/**
 * An agent's reply inside an active session (the console): the message
 * reaches the follower's conversation as a customer-service message sent by
 * the agent, and the chat record (2002).
 *
 * WeChat's kf tool still cannot write to a follower whose 48 hours have run
 * out, so the reply needs an open service window (SERVICE_WINDOW_CLOSED,
 * 45015); but it is a conversation, not an API push, so it does not use up
 * the 5 messages message/custom/send may send in that window. Every message
 * the follower writes in the session reopens the window anyway.
 *
 * No active session: KF_SESSION_NOT_FOUND (65413); naming another agent
 * than the session's: KF_SESSION_OTHER_WORKER (65414).
 */
export async function replyInKfSession(
  ctx: AppContext,
  account: AccountsTable,
  openid: string,
  kfAccount: string | undefined,
  message: OutboundMessage,
): Promise<MessageView> {
  const follower = await getReachableFollower(ctx, account, openid);
  const session = await selectOpenSession(ctx.db, follower.id);
  if (!session || session.status !== 'active' || !session.kf_account)
    throw new AppError('KF_SESSION_NOT_FOUND', `${openid} has no active customer-service session`);
  if (kfAccount !== undefined && kfAccount !== session.kf_account)
    throw new AppError('KF_SESSION_OTHER_WORKER', `${openid} is served by ${session.kf_account}`);
  const prepared = await prepareCustomMessage(ctx, account, message);
  const now = ctx.clock.now();
  if (follower.window_expires_at === null || Number(follower.window_expires_at) <= now)
    throw new AppError(
      'SERVICE_WINDOW_CLOSED',
      'the follower has not written within 48 hours; wait for them to write again',
    );
  // A message sent ends "typing…", as message/custom/send does.
  await ctx.db.updateTable('kf_sessions').set({ latest_time: now }).where('id', '=', session.id).execute();
  await ctx.db.updateTable('followers').set({ typing_until: null }).where('id', '=', follower.id).execute();
  const [stored] = await storeOutgoing(
    ctx,
    account,
    follower,
    [{ message: prepared, source: 'customer_service', kfAccount: session.kf_account }],
    null,
    now,
  );
  await recordKf(
    ctx.db,
    {
      account_id: account.id,
      openid,
      opercode: OPERCODE.kfSent,
      worker: session.kf_account,
      text: recordText(message),
    },
    now,
  );
  return stored!;
}
