import type { AppContext } from '../../context.ts';
import type { AccountsTable, MenusTable } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { newId } from '../../lib/ids.ts';
import { checkMatchRule, checkMenuButtons } from './check-menu-buttons.ts';
import { findMenus } from './find-menus.ts';
import type { MatchRuleInput, MenuButtonInput } from './menus.schemas.ts';
import { insertMenu } from './menus.queries.ts';

/**
 * menu/addconditional (spec §6.5): a menu for the followers its matchrule
 * selects. Buttons follow menu/create's rules; a default menu must exist
 * first (65303). The new menu is tried before every older one.
 */
export async function addConditionalMenu(
  ctx: AppContext,
  account: AccountsTable,
  input: { button?: MenuButtonInput[] | undefined; matchrule?: MatchRuleInput | undefined },
): Promise<MenusTable> {
  const buttons = checkMenuButtons(input.button);
  const rule = checkMatchRule(input.matchrule);
  const { defaultMenu } = await findMenus(ctx.db, account.id);
  if (!defaultMenu)
    throw new AppError('DEFAULT_MENU_MISSING', 'create the default menu first (/cgi-bin/menu/create)');
  return insertMenu(ctx.db, {
    id: newId('menu'),
    account_id: account.id,
    kind: 'conditional',
    buttons: JSON.stringify(buttons),
    matchrule: JSON.stringify(rule),
    created_at: ctx.clock.now(),
  });
}
