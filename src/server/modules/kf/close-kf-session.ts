import type { AppContext } from '../../context.ts';
import type { AccountsTable, KfSessionsTable } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { OPERCODE, recordKf } from './kf-records.ts';
import { closeSessionRow, selectOpenSession } from './kf.queries.ts';
import { pushKfEvent } from './push-kf-event.ts';

/**
 * `kfsession/close` and the console's close: ends the follower's session
 * with `kfAccount` (recorded 1004, kf_close_session pushed). No open
 * session: KF_SESSION_NOT_FOUND (65413); one with another agent:
 * KF_SESSION_OTHER_WORKER (65414). The follower's later messages go to the
 * developer server again. `kfAccount` null (console only): whoever serves.
 */
export async function closeKfSession(
  ctx: AppContext,
  account: AccountsTable,
  kfAccount: string | null,
  openid: string,
): Promise<KfSessionsTable> {
  const follower = await ctx.db
    .selectFrom('followers')
    .select(['id', 'openid'])
    .where('account_id', '=', account.id)
    .where('openid', '=', openid)
    .executeTakeFirst();
  if (!follower) throw new AppError('INVALID_OPENID', `${openid} is not a follower of this account`);
  const open = await selectOpenSession(ctx.db, follower.id);
  if (!open) throw new AppError('KF_SESSION_NOT_FOUND', `${openid} has no customer-service session`);
  if (kfAccount !== null && open.kf_account !== kfAccount)
    throw new AppError(
      'KF_SESSION_OTHER_WORKER',
      open.kf_account ? `${openid} is served by ${open.kf_account}` : `${openid} is still waiting`,
    );
  return endKfSession(ctx, account, follower, open);
}

/** Closes an open session, records it and tells the developer server (an active one's agent). */
export async function endKfSession(
  ctx: AppContext,
  account: AccountsTable,
  follower: { id: string; openid: string },
  open: KfSessionsTable,
): Promise<KfSessionsTable> {
  const now = ctx.clock.now();
  if (!(await closeSessionRow(ctx.db, open, now)))
    throw new AppError('KF_SESSION_NOT_FOUND', `${follower.openid}'s session was just closed or taken`);
  await recordKf(
    ctx.db,
    { account_id: account.id, openid: follower.openid, opercode: OPERCODE.closed, worker: open.kf_account },
    now,
  );
  if (open.kf_account && open.status === 'active')
    await pushKfEvent(ctx, account, follower, { event: 'kf_close_session', kfAccount: open.kf_account });
  return { ...open, status: 'closed', open_follower_id: null, closed_at: now };
}
