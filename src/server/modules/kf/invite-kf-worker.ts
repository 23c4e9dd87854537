import type { AppContext } from '../../context.ts';
import type { AccountsTable, KfAccountsTable } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { getKfAccount } from './get-kf-account.ts';
import { KF_INVITE_TTL_MS, MAX_KF_BINDINGS_PER_USER } from './kf.schemas.ts';

/** An invitation counts as waiting until its 7 days pass on the platform clock. */
export function inviteIsWaiting(row: KfAccountsTable, now: number): boolean {
  return (
    row.invite_status === 'waiting' && row.invite_expires_at !== null && Number(row.invite_expires_at) > now
  );
}

/**
 * `kfaccount/inviteworker`: invites the WeChat user with id `invite_wx`
 * (users.wechat_id) to be this kf account's agent; the invitation waits 7
 * days for them (answerKfInvitation). Errcodes as WeChat's page lists them:
 * 65409 no such WeChat id, 65412 the kf account is already bound, 65411 it
 * has a waiting invitation, 65407 the user is already an agent of this
 * account, 65408 another kf account of this account already invited them,
 * 65410 the user is bound to 5 accounts' agents already.
 */
export async function inviteKfWorker(
  ctx: AppContext,
  account: AccountsTable,
  input: { kf_account: string; invite_wx: string },
): Promise<KfAccountsTable> {
  const row = await getKfAccount(ctx, account, input.kf_account);
  const user = input.invite_wx
    ? await ctx.db
        .selectFrom('users')
        .select(['id', 'wechat_id'])
        .where('wechat_id', '=', input.invite_wx)
        .executeTakeFirst()
    : undefined;
  if (!user) throw new AppError('KF_WECHAT_ID_INVALID', `no WeChat user has the id ${input.invite_wx}`);
  const now = ctx.clock.now();
  if (row.user_id) throw new AppError('KF_ALREADY_BOUND', `${row.kf_account} already has its WeChat user`);
  if (inviteIsWaiting(row, now))
    throw new AppError('KF_INVITE_PENDING', `${row.kf_account} has an invitation waiting for an answer`);
  const siblings = await ctx.db
    .selectFrom('kf_accounts')
    .selectAll()
    .where('account_id', '=', account.id)
    .where((eb) => eb.or([eb('user_id', '=', user.id), eb('invite_user_id', '=', user.id)]))
    .execute();
  if (siblings.some((s) => s.user_id === user.id))
    throw new AppError('KF_INVITEE_IS_WORKER', `${input.invite_wx} is already an agent of this account`);
  if (siblings.some((s) => inviteIsWaiting(s, now)))
    throw new AppError('KF_INVITE_DUPLICATE', `this account has already invited ${input.invite_wx}`);
  const bound = await ctx.db
    .selectFrom('kf_accounts')
    .select((eb) => eb.fn.count<number | string>('account_id').distinct().as('n'))
    .where('user_id', '=', user.id)
    .executeTakeFirstOrThrow();
  if (Number(bound.n) >= MAX_KF_BINDINGS_PER_USER)
    throw new AppError(
      'KF_INVITEE_BIND_LIMIT',
      `${input.invite_wx} is an agent of ${MAX_KF_BINDINGS_PER_USER} accounts already`,
    );
  const invite = {
    invite_user_id: user.id,
    invite_wx: input.invite_wx,
    invite_expires_at: now + KF_INVITE_TTL_MS,
    invite_status: 'waiting' as const,
    updated_at: now,
  };
  await ctx.db.updateTable('kf_accounts').set(invite).where('id', '=', row.id).execute();
  return { ...row, ...invite };
}
