import type { AppContext } from '../../context.ts';
import type { AccountsTable } from '../../db/schema.ts';
import { generateAppsecret } from './account-credentials.ts';
import { updateAccountRow } from './accounts.queries.ts';
import { getAccount } from './get-account.ts';

/**
 * Issues a new AppSecret (重置). The old secret stops working for
 * `/cgi-bin/token` at once; tokens already issued stay valid until they
 * expire, as on WeChat.
 */
export async function resetAccountSecret(ctx: AppContext, appid: string): Promise<AccountsTable> {
  const account = await getAccount(ctx, appid);
  const set = { appsecret: generateAppsecret(), updated_at: ctx.clock.now() };
  await updateAccountRow(ctx.db, account.id, set);
  ctx.accounts.invalidate(account);
  return { ...account, ...set };
}
