import type { AppContext } from '../../context.ts';
import { isUniqueViolation } from '../../db/index.ts';
import type { AccountsTable, FollowersTable, KfSessionsTable } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { newId } from '../../lib/ids.ts';
import { recordKf } from './kf-records.ts';
import { pushKfEvent } from './push-kf-event.ts';

/**
 * Puts a follower in an active session with `kfAccount`: the waiting
 * session becomes active, or a new one opens. Guarded so a concurrent claim
 * or transfer loses with KF_SESSION_OTHER_WORKER (65414) instead of two
 * agents serving one follower. Records `opercode` and pushes
 * kf_create_session to the developer server.
 */
export async function activateKfSession(
  ctx: AppContext,
  account: AccountsTable,
  follower: Pick<FollowersTable, 'id' | 'openid'>,
  waiting: KfSessionsTable | undefined,
  kfAccount: string,
  opercode: number,
): Promise<KfSessionsTable> {
  const now = ctx.clock.now();
  let session: KfSessionsTable;
  if (waiting) {
    const result = await ctx.db
      .updateTable('kf_sessions')
      .set({ status: 'active', kf_account: kfAccount, accepted_at: now, latest_time: now })
      .where('id', '=', waiting.id)
      .where('status', '=', 'waiting')
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) throw taken(follower.openid);
    session = { ...waiting, status: 'active', kf_account: kfAccount, accepted_at: now, latest_time: now };
  } else {
    session = {
      id: newId('kfs'),
      account_id: account.id,
      follower_id: follower.id,
      openid: follower.openid,
      kf_account: kfAccount,
      status: 'active',
      open_follower_id: follower.id,
      created_at: now,
      accepted_at: now,
      closed_at: null,
      latest_time: now,
    };
    try {
      await ctx.db.insertInto('kf_sessions').values(session).execute();
    } catch (err) {
      if (isUniqueViolation(err, 'kf_sessions_open_follower_key', 'kf_sessions.open_follower_id'))
        throw taken(follower.openid);
      throw err;
    }
  }
  await recordKf(
    ctx.db,
    { account_id: account.id, openid: follower.openid, opercode, worker: kfAccount },
    now,
  );
  await pushKfEvent(ctx, account, follower, { event: 'kf_create_session', kfAccount });
  return session;
}

function taken(openid: string): AppError {
  return new AppError('KF_SESSION_OTHER_WORKER', `${openid} was just taken by another agent`);
}
