import type { AppContext } from '../../context.ts';
import type { AccountsTable } from '../../db/schema.ts';
import { presentCurrentAutoreplyInfo, type CurrentAutoreplyInfo } from './autoreply.presenter.ts';
import { selectRules, selectSettings } from './autoreply.queries.ts';

/** `get_current_autoreply_info`: the account's console auto-reply setup in WeChat's shape. */
export async function getCurrentAutoreplyInfo(
  ctx: AppContext,
  account: AccountsTable,
): Promise<CurrentAutoreplyInfo> {
  const [settings, rules] = await Promise.all([
    selectSettings(ctx.db, account.id),
    selectRules(ctx.db, account.id),
  ]);
  return presentCurrentAutoreplyInfo(settings, rules);
}
