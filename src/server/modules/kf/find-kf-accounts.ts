import type { AppContext } from '../../context.ts';
import type { AccountsTable, KfAccountsTable } from '../../db/schema.ts';
import { countActiveSessions, selectKfAccounts } from './kf.queries.ts';

/** A kf account with what its lists show: the bound user's WeChat id and the sessions it serves. */
export interface KfAccountWithStats extends KfAccountsTable {
  /** The bound user's WeChat id (kf_wx). */
  kf_wx: string | null;
  /** Active sessions now. */
  accepted_case: number;
}

/** The account's kf accounts by kf_id, with their bound WeChat ids and active-session counts. */
export async function findKfAccounts(ctx: AppContext, account: AccountsTable): Promise<KfAccountWithStats[]> {
  const [rows, cases] = await Promise.all([
    selectKfAccounts(ctx.db, account.id),
    countActiveSessions(ctx.db, account.id),
  ]);
  const userIds = rows.map((r) => r.user_id).filter((id): id is string => id !== null);
  const users =
    userIds.length === 0
      ? []
      : await ctx.db.selectFrom('users').select(['id', 'wechat_id']).where('id', 'in', userIds).execute();
  const wechatIds = new Map(users.map((u) => [u.id, u.wechat_id]));
  return rows.map((r) => ({
    ...r,
    kf_wx: r.user_id ? (wechatIds.get(r.user_id) ?? null) : null,
    accepted_case: cases.get(r.kf_account) ?? 0,
  }));
}
