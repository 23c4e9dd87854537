import type { AppContext } from '../../context.ts';
import type { AccountsTable, KfSessionsTable } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { getReachableFollower } from '../customservice/send-custom-message.ts';
import { getServingKfAccount } from './get-kf-account.ts';
import { OPERCODE, recordKf } from './kf-records.ts';
import { selectOpenSession } from './kf.queries.ts';
import { pushKfEvent } from './push-kf-event.ts';

/**
 * The console's transfer: an active session moves to another agent, who
 * must be bound and online (65402, 65415). Recorded as 1003 and pushed as
 * kf_switch_session (FromKfAccount, ToKfAccount). No active session:
 * KF_SESSION_NOT_FOUND (65413).
 */
export async function switchKfSession(
  ctx: AppContext,
  account: AccountsTable,
  openid: string,
  toKfAccount: string,
): Promise<KfSessionsTable> {
  const to = await getServingKfAccount(ctx, account, toKfAccount);
  const follower = await getReachableFollower(ctx, account, openid);
  const open = await selectOpenSession(ctx.db, follower.id);
  if (!open || open.status !== 'active' || !open.kf_account)
    throw new AppError('KF_SESSION_NOT_FOUND', `${openid} has no active session to transfer`);
  if (open.kf_account === to.kf_account) return open;
  const now = ctx.clock.now();
  const result = await ctx.db
    .updateTable('kf_sessions')
    .set({ kf_account: to.kf_account, latest_time: now })
    .where('id', '=', open.id)
    .where('status', '=', 'active')
    .where('kf_account', '=', open.kf_account)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1)
    throw new AppError('KF_SESSION_OTHER_WORKER', `${openid}'s session just changed hands`);
  await recordKf(
    ctx.db,
    { account_id: account.id, openid, opercode: OPERCODE.transferred, worker: to.kf_account },
    now,
  );
  await pushKfEvent(ctx, account, follower, {
    event: 'kf_switch_session',
    from: open.kf_account,
    to: to.kf_account,
  });
  return { ...open, kf_account: to.kf_account, latest_time: now };
}
