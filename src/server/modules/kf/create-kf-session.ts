import type { AppContext } from '../../context.ts';
import type { AccountsTable, KfSessionsTable } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { getReachableFollower } from '../customservice/send-custom-message.ts';
import { activateKfSession } from './activate-kf-session.ts';
import { getServingKfAccount } from './get-kf-account.ts';
import { OPERCODE } from './kf-records.ts';
import { selectOpenSession } from './kf.queries.ts';

/**
 * `kfsession/create`: an agent starts serving a follower. The agent must be
 * bound (65402) and online (65415); the follower reachable (40003, 43004,
 * 43019). A session the same agent already has answers 0 unchanged; one
 * with another agent is KF_SESSION_OTHER_WORKER (65414). A waiting follower
 * is taken out of the queue.
 */
export async function createKfSession(
  ctx: AppContext,
  account: AccountsTable,
  kfAccount: string,
  openid: string,
): Promise<KfSessionsTable> {
  const kf = await getServingKfAccount(ctx, account, kfAccount);
  const follower = await getReachableFollower(ctx, account, openid);
  const open = await selectOpenSession(ctx.db, follower.id);
  if (open?.status === 'active') {
    if (open.kf_account === kf.kf_account) return open;
    throw new AppError('KF_SESSION_OTHER_WORKER', `${openid} is being served by ${open.kf_account}`);
  }
  return activateKfSession(ctx, account, follower, open, kf.kf_account, OPERCODE.started);
}

/**
 * The console's "claim": an agent takes a waiting follower. A follower
 * waiting for a named agent (TransInfo) can be taken only by that agent
 * (65414 otherwise; recorded as accepted, 1001); one in the common queue by
 * any serving agent (recorded as grabbed, 1005). No waiting session:
 * KF_SESSION_NOT_FOUND (65413).
 */
export async function claimKfSession(
  ctx: AppContext,
  account: AccountsTable,
  kfAccount: string,
  openid: string,
): Promise<KfSessionsTable> {
  const kf = await getServingKfAccount(ctx, account, kfAccount);
  const follower = await getReachableFollower(ctx, account, openid);
  const open = await selectOpenSession(ctx.db, follower.id);
  if (!open || open.status !== 'waiting') {
    if (open?.kf_account && open.kf_account !== kf.kf_account)
      throw new AppError('KF_SESSION_OTHER_WORKER', `${openid} is being served by ${open.kf_account}`);
    throw new AppError('KF_SESSION_NOT_FOUND', `${openid} is not waiting for customer service`);
  }
  if (open.kf_account && open.kf_account !== kf.kf_account)
    throw new AppError('KF_SESSION_OTHER_WORKER', `${openid} is waiting for ${open.kf_account}`);
  const opercode = open.kf_account ? OPERCODE.accepted : OPERCODE.grabbed;
  return activateKfSession(ctx, account, follower, open, kf.kf_account, opercode);
}
