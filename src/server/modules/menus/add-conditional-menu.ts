import type { AppContext } from '../../context.ts';
import type { AccountsTable, MenusTable } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { newId } from '../../lib/ids.ts';
import {
  checkConditionalDomains,
  checkConditionalMenuCount,
  checkMatchRule,
  checkMenuButtons,
} from './check-menu-buttons.ts';
import { checkMenuMaterials } from './check-menu-materials.ts';
import { findMenus } from './find-menus.ts';
import { buttonsOf } from './menus.presenter.ts';
import type { MatchRuleInput, MenuButtonInput } from './menus.schemas.ts';
import { insertMenu } from './menus.queries.ts';

/**
 * menu/addconditional (spec §6.5): a menu for the followers its matchrule
 * selects. Buttons and materials follow menu/create's rules; a default menu
 * must exist first (65303), the account must have room for one more
 * (65305), and with the existing conditional menus it may link to at most 3
 * URL domains (65316). The new menu is tried before every older one.
 *
 * Two concurrent calls can each pass the count and domain checks and both
 * insert; as with WeChat's daily call limits, a soft cap is enough here.
 */
export async function addConditionalMenu(
  ctx: AppContext,
  account: AccountsTable,
  input: { button?: MenuButtonInput[] | undefined; matchrule?: MatchRuleInput | undefined },
): Promise<MenusTable> {
  const buttons = checkMenuButtons(input.button);
  const rule = checkMatchRule(input.matchrule);
  const { defaultMenu, conditional } = await findMenus(ctx.db, account.id);
  if (!defaultMenu)
    throw new AppError('DEFAULT_MENU_MISSING', 'create the default menu first (/cgi-bin/menu/create)');
  checkConditionalMenuCount(conditional.length + 1);
  await checkMenuMaterials(ctx.db, account.id, buttons);
  checkConditionalDomains([...conditional.map(buttonsOf), buttons]);
  return insertMenu(ctx.db, {
    id: newId('menu'),
    account_id: account.id,
    kind: 'conditional',
    buttons: JSON.stringify(buttons),
    matchrule: JSON.stringify(rule),
    created_at: ctx.clock.now(),
  });
}
