import type { AppContext } from '../../context.ts';
import type { AccountsTable, KfAccountsTable } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { getKfAccount } from './get-kf-account.ts';

/**
 * The console sets an agent online (status 1, "web") or offline. Only a
 * bound kf account can be online (KF_NOT_BOUND, 65402): a person signs in.
 * Going offline keeps the agent's sessions (WeChat's do not end either).
 */
export async function setKfStatus(
  ctx: AppContext,
  account: AccountsTable,
  kfAccount: string,
  status: 'online' | 'offline',
): Promise<KfAccountsTable> {
  const row = await getKfAccount(ctx, account, kfAccount);
  if (status === 'online' && !row.user_id)
    throw new AppError('KF_NOT_BOUND', `${kfAccount} needs a bound WeChat user (inviteworker) to sign in`);
  const online_status = status === 'online' ? 1 : 0;
  const now = ctx.clock.now();
  await ctx.db
    .updateTable('kf_accounts')
    .set({ online_status, updated_at: now })
    .where('id', '=', row.id)
    .execute();
  return { ...row, online_status, updated_at: now };
}
