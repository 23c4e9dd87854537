import type { AppContext } from '../../context.ts';
import type { AccountsTable } from '../../db/schema.ts';
import { endKfSession } from './close-kf-session.ts';
import { getKfAccount } from './get-kf-account.ts';

/**
 * `kfaccount/del`: removes a kf account (65401 when unknown). Its active
 * sessions end as a close would (kf_close_session); followers waiting for
 * it alone go back to the common queue.
 */
export async function deleteKfAccount(
  ctx: AppContext,
  account: AccountsTable,
  kfAccount: string,
): Promise<void> {
  const row = await getKfAccount(ctx, account, kfAccount);
  const active = await ctx.db
    .selectFrom('kf_sessions')
    .selectAll()
    .where('account_id', '=', account.id)
    .where('kf_account', '=', row.kf_account)
    .where('status', '=', 'active')
    .execute();
  for (const session of active)
    await endKfSession(ctx, account, { id: session.follower_id, openid: session.openid }, session).catch(
      () => undefined, // closed meanwhile by someone else: nothing left to end
    );
  await ctx.db
    .updateTable('kf_sessions')
    .set({ kf_account: null })
    .where('account_id', '=', account.id)
    .where('kf_account', '=', row.kf_account)
    .where('status', '=', 'waiting')
    .execute();
  await ctx.db.deleteFrom('kf_accounts').where('id', '=', row.id).execute();
}
