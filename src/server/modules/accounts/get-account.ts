import type { AppContext } from '../../context.ts';
import type { AccountsTable } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { selectAccountByAppid } from './accounts.queries.ts';

/** The account with this appid, read fresh from the database, or ACCOUNT_NOT_FOUND. */
export async function getAccount(ctx: AppContext, appid: string): Promise<AccountsTable> {
  const row = await selectAccountByAppid(ctx.db, appid);
  if (!row) throw new AppError('ACCOUNT_NOT_FOUND', `no account with appid ${appid}`);
  return row;
}
