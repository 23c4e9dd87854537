import type { AppContext } from '../../context.ts';
import type { Db, MenusTable } from '../../db/schema.ts';
import { getAccount } from '../accounts/get-account.ts';
import { selectMenus } from './menus.queries.ts';

/** An account's menus: the default one, and the conditional ones newest first (the order matching tries them). */
export interface AccountMenus {
  defaultMenu: MenusTable | undefined;
  conditional: MenusTable[];
}

/** The account's menus; no default menu means no menus at all (deleting it deletes the rest). */
export async function findMenus(db: Db, accountId: string): Promise<AccountMenus> {
  const rows = await selectMenus(db, accountId);
  return {
    defaultMenu: rows.find((r) => r.kind === 'default'),
    conditional: rows.filter((r) => r.kind === 'conditional'),
  };
}

/** The menus of the account with this appid (our own API). */
export async function findAccountMenus(ctx: AppContext, appid: string): Promise<AccountMenus> {
  const account = await getAccount(ctx, appid);
  return findMenus(ctx.db, account.id);
}
