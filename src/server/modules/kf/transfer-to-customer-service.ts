import type { AppContext } from '../../context.ts';
import { isUniqueViolation } from '../../db/index.ts';
import type { AccountsTable, FollowersTable, KfSessionsTable } from '../../db/schema.ts';
import { newId } from '../../lib/ids.ts';
import type { MessageContent } from '../messages/message-content.ts';
import { activateKfSession } from './activate-kf-session.ts';
import { OPERCODE, recordKf, recordText } from './kf-records.ts';
import { selectKfAccount, selectOpenSession } from './kf.queries.ts';

/** Where a transfer left the follower. */
export interface KfHandoff {
  /** waiting: in the queue; active: with an agent now. */
  status: 'waiting' | 'active';
  /** The agent serving, or the one the session waits for; null in the common queue. */
  kf_account: string | null;
}

/**
 * A `transfer_customer_service` passive reply (spec §5; WeChat's "将消息转发到
 * 客服"): the follower's message goes to customer service.
 *
 * - Already in a session: the message joins it (forwarding resumes if it had
 *   lapsed after 30 quiet minutes).
 * - `TransInfo.KfAccount` names one of the account's agents: online and
 *   bound, the session starts with them at once (kf_create_session);
 *   otherwise it waits for that agent alone, as WeChat does ("不再通知其它客服").
 * - Otherwise, or when the named account does not exist (WeChat does not
 *   refuse the reply either), the follower joins the common waiting queue
 *   (getwaitcase) until an agent claims them.
 *
 * The transferred message is recorded (2001) so msgrecord shows what the
 * follower asked; transfers answering events carry no message.
 */
export async function transferToCustomerService(
  ctx: AppContext,
  account: AccountsTable,
  follower: Pick<FollowersTable, 'id' | 'openid'>,
  kfAccountName: string | null,
  message: MessageContent | null,
): Promise<KfHandoff> {
  const now = ctx.clock.now();
  const text = message ? recordText(message) : null;
  const open = await selectOpenSession(ctx.db, follower.id);
  if (open) {
    await ctx.db.updateTable('kf_sessions').set({ latest_time: now }).where('id', '=', open.id).execute();
    if (text !== null)
      await recordKf(
        ctx.db,
        {
          account_id: account.id,
          openid: follower.openid,
          opercode: open.status === 'active' ? OPERCODE.kfReceived : OPERCODE.accountReceived,
          worker: open.kf_account,
          text,
        },
        now,
      );
    return { status: open.status === 'active' ? 'active' : 'waiting', kf_account: open.kf_account };
  }

  const named = kfAccountName ? await selectKfAccount(ctx.db, account.id, kfAccountName) : undefined;
  if (text !== null)
    await recordKf(
      ctx.db,
      {
        account_id: account.id,
        openid: follower.openid,
        opercode: OPERCODE.accountReceived,
        worker: named?.kf_account ?? null,
        text,
      },
      now,
    );
  if (named && named.user_id && named.online_status > 0) {
    await activateKfSession(ctx, account, follower, undefined, named.kf_account, OPERCODE.accepted);
    return { status: 'active', kf_account: named.kf_account };
  }
  const waiting: KfSessionsTable = {
    id: newId('kfs'),
    account_id: account.id,
    follower_id: follower.id,
    openid: follower.openid,
    kf_account: named?.kf_account ?? null,
    status: 'waiting',
    open_follower_id: follower.id,
    created_at: now,
    accepted_at: null,
    closed_at: null,
    latest_time: now,
  };
  try {
    await ctx.db.insertInto('kf_sessions').values(waiting).execute();
  } catch (err) {
    // A concurrent transfer opened it first: the follower is in the queue either way.
    if (isUniqueViolation(err, 'kf_sessions_open_follower_key', 'kf_sessions.open_follower_id'))
      return { status: 'waiting', kf_account: waiting.kf_account };
    throw err;
  }
  await recordKf(
    ctx.db,
    {
      account_id: account.id,
      openid: follower.openid,
      opercode: OPERCODE.waiting,
      worker: waiting.kf_account,
    },
    now,
  );
  return { status: 'waiting', kf_account: waiting.kf_account };
}
