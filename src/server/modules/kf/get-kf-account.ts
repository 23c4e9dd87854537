import type { AppContext } from '../../context.ts';
import type { AccountsTable, KfAccountsTable } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { selectKfAccount } from './kf.queries.ts';

/** One of the account's kf accounts, or KF_ACCOUNT_NOT_FOUND (65401). */
export async function getKfAccount(
  ctx: AppContext,
  account: Pick<AccountsTable, 'id'>,
  kfAccount: string,
): Promise<KfAccountsTable> {
  const row = kfAccount ? await selectKfAccount(ctx.db, account.id, kfAccount) : undefined;
  if (!row) throw new AppError('KF_ACCOUNT_NOT_FOUND', `no kf account ${JSON.stringify(kfAccount)} here`);
  return row;
}

/**
 * A kf account that can serve followers now: bound to a WeChat user
 * (KF_NOT_BOUND, 65402) and online (KF_WORKER_OFFLINE, 65415).
 */
export async function getServingKfAccount(
  ctx: AppContext,
  account: Pick<AccountsTable, 'id'>,
  kfAccount: string,
): Promise<KfAccountsTable> {
  const row = await getKfAccount(ctx, account, kfAccount);
  if (!row.user_id) throw new AppError('KF_NOT_BOUND', `${kfAccount} has no bound WeChat user yet`);
  if (row.online_status === 0) throw new AppError('KF_WORKER_OFFLINE', `${kfAccount} is offline`);
  return row;
}
