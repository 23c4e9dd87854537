import type { AppContext } from '../../context.ts';
import type { AccountsTable } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { deleteMenuByMenuid } from './menus.queries.ts';

/**
 * menu/delconditional: the menuid arrives as a number or a string (spec
 * A.3). Anything that is not one of the account's conditional menus, the
 * default menu's id included, is 65301.
 */
export async function deleteConditionalMenu(
  ctx: AppContext,
  account: AccountsTable,
  menuid: string | number,
): Promise<void> {
  const id = typeof menuid === 'number' ? menuid : /^\s*\d{1,15}\s*$/.test(menuid) ? Number(menuid) : NaN;
  const deleted = Number.isSafeInteger(id) ? await deleteMenuByMenuid(ctx.db, account.id, id) : 0;
  if (deleted === 0)
    throw new AppError('CONDITIONAL_MENU_NOT_FOUND', `no conditional menu with menuid ${String(menuid)}`);
}
