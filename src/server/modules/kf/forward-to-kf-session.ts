import type { AppContext } from '../../context.ts';
import type { AccountsTable, FollowersTable, KfSessionsTable } from '../../db/schema.ts';
import type { InboundMessage } from '../messages/message-content.ts';
import { OPERCODE, recordKf, recordText } from './kf-records.ts';
import { selectOpenSession } from './kf.queries.ts';
import { KF_FORWARD_IDLE_MS } from './kf.schemas.ts';

/**
 * The active session a follower's message goes to instead of the developer
 * server, if any. WeChat forwards messages to the agent while a session is
 * active; a waiting follower's messages still reach the developer server,
 * and after 30 quiet minutes (nobody wrote in the session), forwarding lapses and
 * messages go to the developer server again (the session stays until
 * closed). Events are never forwarded.
 */
export async function findForwardingSession(
  ctx: AppContext,
  follower: Pick<FollowersTable, 'id'>,
  now: number,
): Promise<KfSessionsTable | null> {
  const session = await selectOpenSession(ctx.db, follower.id);
  if (!session || session.status !== 'active') return null;
  return now - Number(session.latest_time) <= KF_FORWARD_IDLE_MS ? session : null;
}

/** Hands the follower's message to the session's agent: recorded as 2003, the session stays alive. */
export async function forwardToKfSession(
  ctx: AppContext,
  account: AccountsTable,
  follower: Pick<FollowersTable, 'openid'>,
  session: KfSessionsTable,
  message: InboundMessage,
  now: number,
): Promise<void> {
  await ctx.db.updateTable('kf_sessions').set({ latest_time: now }).where('id', '=', session.id).execute();
  await recordKf(
    ctx.db,
    {
      account_id: account.id,
      openid: follower.openid,
      opercode: OPERCODE.kfReceived,
      worker: session.kf_account,
      text: recordText(message),
    },
    now,
  );
}
