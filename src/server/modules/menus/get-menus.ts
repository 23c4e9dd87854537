import type { AppContext } from '../../context.ts';
import type { AccountsTable, MenusTable } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { findMenus } from './find-menus.ts';

/**
 * The default menu and the conditional menus (newest first), or 46003 when
 * the account has no menu: wechatpy turns exactly that code into "no menu".
 */
export async function getMenus(
  ctx: AppContext,
  account: AccountsTable,
): Promise<{ defaultMenu: MenusTable; conditional: MenusTable[] }> {
  const { defaultMenu, conditional } = await findMenus(ctx.db, account.id);
  if (!defaultMenu) throw new AppError('MENU_NOT_EXIST', 'create one with /cgi-bin/menu/create');
  return { defaultMenu, conditional };
}
