import type { AppContext } from '../../context.ts';
import type { AccountsTable } from '../../db/schema.ts';
import { getAccount } from '../accounts/get-account.ts';
import { deleteMenus as deleteMenuRows } from './menus.queries.ts';

/**
 * menu/delete: the default menu and every conditional menu (spec §6.3).
 * Deleting when there is no menu succeeds too.
 */
export async function deleteMenus(ctx: AppContext, account: AccountsTable): Promise<void> {
  await deleteMenuRows(ctx.db, account.id);
}

/** Deletes every menu of the account with this appid (our own API). */
export async function deleteAccountMenus(ctx: AppContext, appid: string): Promise<void> {
  await deleteMenus(ctx, await getAccount(ctx, appid));
}
