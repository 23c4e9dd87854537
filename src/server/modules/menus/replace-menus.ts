import type { AppContext } from '../../context.ts';
import { validate } from '../../lib/validate.ts';
import { newId } from '../../lib/ids.ts';
import { getAccount } from '../accounts/get-account.ts';
import {
  checkConditionalDomains,
  checkConditionalMenuCount,
  checkMatchRule,
  checkMenuButtons,
} from './check-menu-buttons.ts';
import { checkMenuMaterials } from './check-menu-materials.ts';
import { findMenus, type AccountMenus } from './find-menus.ts';
import { ReplaceMenusSchema } from './menus.schemas.ts';
import { deleteMenus, insertMenu } from './menus.queries.ts';

/**
 * The console's save: the default menu and the conditional menus replace
 * all of the account's menus in one transaction, every menu under a new
 * menuid. Each menu is checked with the Open API's rules first (buttons,
 * materials, at most 100 conditional menus linking to at most 3 domains
 * together), so the console cannot save menus the Open API would refuse.
 */
export async function replaceMenus(ctx: AppContext, appid: string, input: unknown): Promise<AccountMenus> {
  const body = validate(ReplaceMenusSchema, input);
  const account = await getAccount(ctx, appid);
  const defaultButtons = checkMenuButtons(body.button);
  checkConditionalMenuCount(body.conditional_menus.length);
  const conditional = body.conditional_menus.map((m) => ({
    buttons: checkMenuButtons(m.button),
    rule: checkMatchRule(m.matchrule),
  }));
  await checkMenuMaterials(ctx.db, account.id, defaultButtons);
  for (const [k, m] of conditional.entries())
    await checkMenuMaterials(ctx.db, account.id, m.buttons, `conditional_menus[${k}].`);
  checkConditionalDomains(conditional.map((m) => m.buttons));
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (trx) => {
    await deleteMenus(trx, account.id);
    await insertMenu(trx, {
      id: newId('menu'),
      account_id: account.id,
      kind: 'default',
      buttons: JSON.stringify(defaultButtons),
      matchrule: null,
      created_at: now,
    });
    // Same timestamp, increasing ids: listed order is creation order, so
    // the last conditional menu listed is tried first.
    for (const m of conditional)
      await insertMenu(trx, {
        id: newId('menu'),
        account_id: account.id,
        kind: 'conditional',
        buttons: JSON.stringify(m.buttons),
        matchrule: JSON.stringify(m.rule),
        created_at: now,
      });
  });
  return findMenus(ctx.db, account.id);
}
