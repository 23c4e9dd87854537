import type { AppContext } from '../../context.ts';
import type { AccountsTable, KfAccountsTable } from '../../db/schema.ts';
import { checkKfNickname } from './create-kf-account.ts';
import { getKfAccount } from './get-kf-account.ts';

/** `kfaccount/update`: a new nickname (65403 when not 1–16 characters; 65401 unknown account). */
export async function updateKfAccount(
  ctx: AppContext,
  account: AccountsTable,
  input: { kf_account: string; nickname?: string | undefined },
): Promise<KfAccountsTable> {
  const row = await getKfAccount(ctx, account, input.kf_account);
  const nickname = checkKfNickname(input.nickname);
  const now = ctx.clock.now();
  await ctx.db
    .updateTable('kf_accounts')
    .set({ nickname, updated_at: now })
    .where('id', '=', row.id)
    .execute();
  return { ...row, nickname, updated_at: now };
}
