import type { AppContext } from '../../context.ts';
import type { AccountsTable } from '../../db/schema.ts';
import { findMenus } from './find-menus.ts';
import { presentSelfmenuInfo } from './menus.presenter.ts';

/**
 * get_current_selfmenu_info (spec §6.4): the default menu in the console's
 * shape; `is_menu_open: 0` and no buttons when the account has no menu.
 */
export async function getCurrentSelfmenuInfo(ctx: AppContext, account: AccountsTable) {
  const { defaultMenu } = await findMenus(ctx.db, account.id);
  return presentSelfmenuInfo(defaultMenu);
}
