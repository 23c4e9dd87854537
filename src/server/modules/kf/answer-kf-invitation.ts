import type { AppContext } from '../../context.ts';
import type { KfAccountsTable } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { getAccount } from '../accounts/get-account.ts';
import { getKfAccount } from './get-kf-account.ts';
import { inviteIsWaiting } from './invite-kf-worker.ts';

/**
 * A user answers a kf invitation (our follower-simulation API, standing in
 * for the WeChat notice): accepting binds them as the kf account's agent
 * (kf_wx) and clears the invitation; rejecting leaves it `rejected`. Only a
 * waiting invitation addressed to this user can be answered
 * (KF_INVITATION_NOT_WAITING): after 7 days it has expired.
 */
export async function answerKfInvitation(
  ctx: AppContext,
  userId: string,
  input: { appid: string; kf_account: string; accept: boolean },
): Promise<KfAccountsTable> {
  const account = await getAccount(ctx, input.appid);
  const row = await getKfAccount(ctx, account, input.kf_account);
  const now = ctx.clock.now();
  if (row.invite_user_id !== userId || !inviteIsWaiting(row, now))
    throw new AppError(
      'KF_INVITATION_NOT_WAITING',
      `${input.kf_account} has no waiting invitation for this user (expired after 7 days, answered, or never sent)`,
    );
  const patch = input.accept
    ? {
        user_id: userId,
        invite_user_id: null,
        invite_wx: null,
        invite_expires_at: null,
        invite_status: null,
        updated_at: now,
      }
    : { invite_status: 'rejected' as const, updated_at: now };
  const result = await ctx.db
    .updateTable('kf_accounts')
    .set(patch)
    .where('id', '=', row.id)
    .where('invite_user_id', '=', userId)
    .where('invite_status', '=', 'waiting')
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1)
    throw new AppError('KF_INVITATION_NOT_WAITING', 'the invitation was answered meanwhile');
  return { ...row, ...patch };
}
