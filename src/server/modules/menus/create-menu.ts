import type { AppContext } from '../../context.ts';
import type { AccountsTable, MenusTable } from '../../db/schema.ts';
import { newId } from '../../lib/ids.ts';
import { checkMenuButtons } from './check-menu-buttons.ts';
import { checkMenuMaterials } from './check-menu-materials.ts';
import type { MenuButtonInput } from './menus.schemas.ts';
import { deleteOlderDefaultMenus, insertMenu } from './menus.queries.ts';

/**
 * menu/create: checks the buttons (spec §6.1) and the materials they name,
 * and makes them the account's default menu under a new menuid. Conditional
 * menus stay: only deleting the default menu takes them along. The default
 * menu's URL domains are not limited (65316 is about conditional menus).
 */
export async function createMenu(
  ctx: AppContext,
  account: AccountsTable,
  input: MenuButtonInput[] | undefined,
): Promise<MenusTable> {
  const buttons = checkMenuButtons(input);
  await checkMenuMaterials(ctx.db, account.id, buttons);
  // Insert, then drop the older defaults, with no transaction: readers take
  // the newest default, so they see the old menu or the new one, never none.
  const row = await insertMenu(ctx.db, {
    id: newId('menu'),
    account_id: account.id,
    kind: 'default',
    buttons: JSON.stringify(buttons),
    matchrule: null,
    created_at: ctx.clock.now(),
  });
  await deleteOlderDefaultMenus(ctx.db, row);
  return row;
}
